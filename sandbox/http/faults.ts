/**
 * Fault rules (docs/sandbox-policy.md §6, docs/reliability.md §4): each names an infno ("*" = every
 * transaction) and what to do with the next `count` matching calls. Rules come from
 * `--faults FILE` and `POST /__admin/faults`; they live in memory only.
 */
import { readFileSync } from 'node:fs';
import { z } from '../zod';

/** What a fault does to a call. */
export type FaultAction = 'delay' | 'drop_before' | 'process_then_drop' | 'http_error' | 'broken_json' | 'truncate';

/** One armed rule; `count` is what is left. */
export interface FaultRule {
  readonly infno: string;
  readonly action: FaultAction;
  count: number;
  /** `delay` only: milliseconds to wait before processing. */
  readonly ms?: number;
  /** `http_error` only: the HTTP status to answer. */
  readonly status?: number;
}

const count = z.number().int().min(1).max(1_000_000).default(1);
const infno = z.string().regex(/^(\*|[0-9A-Za-z]{4,6})$/, { error: 'infno must be a transaction code or "*"' });

const ruleSchema = z.discriminatedUnion('action', [
  z.object({ infno, action: z.literal('delay'), count, ms: z.number().int().min(0).max(600_000) }),
  z.object({ infno, action: z.literal('http_error'), count, status: z.number().int().min(400).max(599) }),
  z.object({ infno, action: z.enum(['drop_before', 'process_then_drop', 'broken_json', 'truncate']), count }),
]);

/** A fault file: `{"faults": [rule, …]}`. */
export const faultFileSchema = z.object({ faults: z.array(ruleSchema) });

/** Validates a fault file body; throws an Error naming the bad path. */
export function parseFaultFile(value: unknown): FaultRule[] {
  const r = faultFileSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(
      `fault file invalid: ${first === undefined ? 'unknown problem' : `${first.path.join('.')}: ${first.message}`}`,
    );
  }
  return r.data.faults.map((f) => ({ ...f }));
}

/** Reads and validates a fault file from disk. */
export function loadFaultFile(path: string): FaultRule[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`fault file ${path}: ${(e as Error).message}`);
  }
  return parseFaultFile(raw);
}

/** The armed rules, in the order they were added. */
export class FaultBook {
  private rules: FaultRule[] = [];

  /** Appends rules. */
  add(rules: readonly FaultRule[]): void {
    this.rules.push(...rules.map((r) => ({ ...r })));
  }

  /** The rules still armed (copies). */
  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Disarms every rule. */
  clear(): void {
    this.rules = [];
  }

  /** Takes one use of the first rule matching `infno` (or "*"); null when none matches. */
  take(callInfno: string): FaultRule | null {
    const i = this.rules.findIndex((r) => r.infno === callInfno || r.infno === '*');
    if (i < 0) return null;
    const rule = this.rules[i] as FaultRule;
    rule.count -= 1;
    if (rule.count <= 0) this.rules.splice(i, 1);
    return { ...rule };
  }
}

/**
 * Job types and their registry (docs/reliability.md §3). A job type names its payload schema (zod), whether
 * it moves money, its attempt budget, and its handler. The runner parses a payload ONCE per attempt
 * with the schema, before the handler; a payload that fails goes raw to the dead-letter table.
 *
 * Handlers re-read the journal (the payload names rows, it is not the truth), take an AbortSignal,
 * and return what happened instead of throwing (a throw counts as `retry`).
 */
import type { ZodType } from 'zod';
import type { NewJob } from '../store/ports/jobs';
import type { JobResult } from './ports';
import { AppError } from '../../shared/errors/app-error';

/** What a handler hands back: defined with the port, where services see it. */
export type { JobResult } from './ports';

/** What a handler knows about the attempt it is running. */
export interface JobContext {
  /** Aborted when the runner stops or loses the lease: stop work, return (a retry is fine). */
  readonly signal: AbortSignal;
  /** 1-based number of this attempt (the claim counted it). */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly jobId: string;
  readonly type: string;
  /** The ordering key (visit id). */
  readonly key: string;
  /** Whether the job is a money job (from its row). */
  readonly money: boolean;
}

/** One job type. `P` is the parsed payload type. */
export interface JobTypeDefinition<P> {
  /** Unique name stored in `jobs.type`, kebab-case (`reverse-settle`). */
  readonly type: string;
  /** The payload schema; a payload failing it is poison (dead-lettered, never retried). */
  readonly schema: ZodType<P>;
  /** Money jobs are never deleted; when their budget is spent they need a supervisor. */
  readonly money: boolean;
  /** Attempts before giving up (≥ 1); stored in each job row at enqueue. */
  readonly maxAttempts: number;
  handler(payload: P, ctx: JobContext): Promise<JobResult>;
  /**
   * Called before the job is given up (budget spent, `giveUp` result, or a holder that died in the
   * last attempt), to say what giving up means for the business row, e.g. a reversal's settlement
   * → NEEDS_ATTENTION. Must be idempotent: a crash after it and before the job's own write calls
   * it again. If it throws, the job is not given up and is tried again after a backoff.
   */
  onGiveUp?(payload: P, reason: string, ctx: JobContext): Promise<void>;
}

/** A payload parse: the value, or a description of what is wrong (paths and messages, no values). */
export type PayloadParse =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** A registered type with its payload type erased, as the runner uses it. */
export interface RegisteredJobType {
  readonly type: string;
  readonly money: boolean;
  readonly maxAttempts: number;
  /** JSON text → schema-checked payload. Called once per attempt. */
  parse(rawPayload: string): PayloadParse;
  /** Runs the handler on a value `parse` returned. */
  handle(payload: unknown, ctx: JobContext): Promise<JobResult>;
  /** Runs the type's `onGiveUp` hook, if any. */
  onGiveUp(payload: unknown, reason: string, ctx: JobContext): Promise<void>;
}

/** Identity helper that infers `P` from the schema. */
export function defineJobType<P>(def: JobTypeDefinition<P>): JobTypeDefinition<P> {
  return def;
}

/** Options of a new job built from a registered type. */
export interface NewJobOptions {
  /** Earliest run time, epoch ms (default: at once). */
  readonly runAt?: number;
}

/** The job types a runner knows. */
export class JobRegistry {
  private readonly byType = new Map<string, RegisteredJobType>();

  /** Adds a type; throws when the name is taken or the budget is not a positive integer. */
  register<P>(def: JobTypeDefinition<P>): this {
    if (this.byType.has(def.type)) throw new Error(`job type ${def.type} registered twice`);
    if (!Number.isInteger(def.maxAttempts) || def.maxAttempts < 1)
      throw new Error(`job type ${def.type}: maxAttempts must be ≥ 1`);
    this.byType.set(def.type, {
      type: def.type,
      money: def.money,
      maxAttempts: def.maxAttempts,
      parse: (raw) => parsePayload(def.schema, raw),
      // The value came out of this type's own schema, so it is a P.
      handle: (payload, ctx) => def.handler(payload as P, ctx),
      onGiveUp: async (payload, reason, ctx) => {
        if (def.onGiveUp !== undefined) await def.onGiveUp(payload as P, reason, ctx);
      },
    });
    return this;
  }

  get(type: string): RegisteredJobType | undefined {
    return this.byType.get(type);
  }

  /** Names of all registered types (what a runner claims). */
  types(): string[] {
    return [...this.byType.keys()];
  }

  /**
   * The job with its type's money flag and attempt budget, whatever the caller put there: the last
   * gate before a row is written (the outbox writer calls it), so no job row ever carries a
   * default budget. Throws AppError JOB_INVALID for an unregistered type.
   */
  withPolicy<J extends NewJob>(job: J): J {
    const t = this.byType.get(job.type);
    if (t === undefined) throw new AppError('JOB_INVALID', { detail: { type: job.type, problem: 'unknown job type' } });
    return { ...job, money: t.money, maxAttempts: t.maxAttempts };
  }

  /**
   * A validated {@link NewJob} for `type` (its money flag and budget), ready for `JobStore.enqueue`
   * or for an outbox write inside a business transaction. Throws AppError JOB_INVALID when the type
   * is unknown or the payload fails its schema, so poison is refused at the source.
   */
  newJob(type: string, key: string, payload: unknown, opts: NewJobOptions = {}): NewJob {
    const t = this.byType.get(type);
    if (t === undefined) throw new AppError('JOB_INVALID', { detail: { type, problem: 'unknown job type' } });
    const parsed = t.parse(JSON.stringify(payload) ?? '');
    if (!parsed.ok) throw new AppError('JOB_INVALID', { detail: { type, problem: parsed.error } });
    return {
      type,
      key,
      payload,
      money: t.money,
      maxAttempts: t.maxAttempts,
      ...(opts.runAt !== undefined ? { runAt: opts.runAt } : {}),
    };
  }
}

/**
 * A job scheduler over a registry that is set later (the composition root builds the registry from
 * the services, which need the scheduler first). `job(...)` before `use(...)` is a wiring error.
 */
export class DeferredJobScheduler {
  private registry: JobRegistry | null = null;

  constructor(private readonly waker: () => void) {}

  /** Sets the registry every job is built from. */
  use(registry: JobRegistry): void {
    this.registry = registry;
  }

  /** {@link JobRegistry.newJob} of the registry set by `use`. */
  job(type: string, key: string, payload: unknown, opts: NewJobOptions = {}): NewJob {
    if (this.registry === null) throw new Error(`no job registry wired; cannot build ${type}`);
    return this.registry.newJob(type, key, payload, opts);
  }

  /** The registry's policy applied to a job row about to be written (see {@link JobRegistry.withPolicy}). */
  withPolicy<J extends NewJob>(job: J): J {
    if (this.registry === null) throw new Error(`no job registry wired; cannot enqueue ${job.type}`);
    return this.registry.withPolicy(job);
  }

  wake(): void {
    this.waker();
  }
}

/** JSON.parse + schema; never throws. Error texts name paths and rules, never payload values. */
export function parsePayload<P>(schema: ZodType<P>, raw: string): PayloadParse {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'payload is not valid JSON' };
  }
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
  return { ok: false, error: `payload fails its schema: ${issues.join('; ')}` };
}

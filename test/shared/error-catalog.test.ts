/**
 * The error explainer (docs/his-api.md "Errors", D-22): every code the product can produce — each
 * `AppError('CODE')` in the source and each `[CODE]` the sandbox platform answers with — has a
 * plain Chinese explanation, who acts, a next step and an HTTP status.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CATALOG, explain } from '../../shared/errors/catalog';
import { REPO_ROOT } from '../support/sandbox-process';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const codesIn = (files: readonly string[], re: RegExp) =>
  new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(re)].map((m) => m[1] ?? '')));

describe('error catalog', () => {
  it('every entry has Chinese text, an actor, a next step and an HTTP status', () => {
    for (const [code, e] of Object.entries(ERROR_CATALOG)) {
      expect(e.message, code).toMatch(/[\u4e00-\u9fff]/);
      expect(e.hint, code).toMatch(/[\u4e00-\u9fff]/);
      expect(['cashier', 'insurance_office', 'it', 'supervisor', 'his'], code).toContain(e.actor);
      expect(e.http, code).toBeGreaterThanOrEqual(200);
    }
  });

  it('covers every AppError code thrown in main/ and shared/', () => {
    const files = [...sources(path.join(REPO_ROOT, 'main')), ...sources(path.join(REPO_ROOT, 'shared'))];
    const used = codesIn(files, /new AppError\(\s*'([A-Z_]+)'/g);
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((c) => !(c in ERROR_CATALOG));
    expect(missing).toEqual([]);
  });

  it('covers every refusal code the sandbox platform answers with', () => {
    // The sandbox's refusal codes are the RefusalCode union of sandbox/transactions/refusal.ts.
    const union =
      readFileSync(path.join(REPO_ROOT, 'sandbox', 'transactions', 'refusal.ts'), 'utf8')
        .split('export type RefusalCode')[1]
        ?.split(';')[0] ?? '';
    const used = new Set([...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] ?? ''));
    expect(used.size).toBeGreaterThanOrEqual(13);
    for (const c of [
      'NO_REGISTRATION',
      'SUSPENDED',
      'INSURANCE_INACTIVE',
      'CHRONIC_NOT_COVERED',
      'ALREADY_SETTLED',
      'NOT_FOUND',
      'ALREADY_CANCELLED',
      'ALREADY_REVERSED',
      'DUPLICATE_MSGID',
      'AMOUNT_MISMATCH',
      'BAD_INPUT',
    ]) {
      expect(c in ERROR_CATALOG, c).toBe(true);
    }
    const missing = [...used].filter((c) => !(c in ERROR_CATALOG));
    expect(missing).toEqual([]);
  });

  it('an unknown platform code still reads plainly (UPSTREAM_REFUSED) and keeps its code', () => {
    expect(explain('SOMETHING_REGIONAL')).toMatchObject({
      code: 'SOMETHING_REGIONAL',
      message: ERROR_CATALOG.UPSTREAM_REFUSED.message,
      http: 422,
    });
  });
});

describe('errors that are not AppErrors', () => {
  it('a malformed amount reads as BAD_AMOUNT naming the field; anything else as INTERNAL without its text', async () => {
    const { toErrorInfo } = await import('../../shared/errors/app-error');
    const { parseMoney } = await import('../../shared/money');
    let thrown: unknown;
    try {
      parseMoney('12.345', 'lines[0].det_item_fee_sumamt');
    } catch (e) {
      thrown = e;
    }
    expect(toErrorInfo(thrown)).toMatchObject({
      code: 'BAD_AMOUNT',
      detail: { field: 'lines[0].det_item_fee_sumamt' },
    });
    const internal = toErrorInfo(new Error('secret 43010219560302031X'));
    expect(internal.code).toBe('INTERNAL');
    expect(JSON.stringify(internal)).not.toContain('430102');
  });
});

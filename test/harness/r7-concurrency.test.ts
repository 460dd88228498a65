/**
 * R7 in CI (docs/reliability.md §5): ≥ 200 `fc.scheduler` interleavings of 2–3 settle clicks and a
 * 2601 retry on one visit, against a real SQLite file and the real sandbox process
 * (`R7_RUNS` raises the count; `npm run test:crash` runs 1,000).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatR7, runR7, startR7Env, type R7Env } from './r7-concurrency';

let env: R7Env;
beforeAll(async () => {
  env = await startR7Env();
});
afterAll(async () => {
  await env?.close();
});

describe('R7: concurrent settle clicks and a reversal retry on one visit', () => {
  it('exactly one 2207 per logical attempt, every click a view or SETTLEMENT_IN_PROGRESS, one live settlement, ledgers agree', async () => {
    const runs = Number(process.env.R7_RUNS ?? 200);
    const r = await runR7(env, runs);
    process.stdout.write(`${formatR7(r)}\n`);
    expect(r.failure).toBeNull();
    expect(r.runs).toBe(runs);
    // The interleavings reach both sides: some clicks refused while the reversal ran, some settle after it.
    expect(r.refusedInProgress).toBeGreaterThan(0);
    expect(r.settledByAClick).toBeGreaterThan(0);
  }, 300_000);
});

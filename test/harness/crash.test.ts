/**
 * The crash harness in CI, short (docs/reliability.md §4–§5 R1; the full run is `npm run test:crash`):
 * 15 random SIGKILLs of the adapter process 20–250 ms into its settling, plus each named kill point
 * twice, with restart and drain after every kill; one of the two lanes is a retail pharmacy
 * settling with 2102. Real processes, a real SQLite file, the real
 * sandbox on 127.0.0.1. The plan is time-capped; the assertions below hold for whatever ran.
 */
import { describe, expect, it } from 'vitest';
import { CRASH_POINTS } from '../../main/domain/crash-points';
import { formatCrashReport, runCrashHarness } from './crash-harness';

describe('crash harness (short)', () => {
  it('after random and named kills: nothing acknowledged lost, nothing doubled, every row terminal, integrity ok', async () => {
    const r = await runCrashHarness({
      randomKills: 15,
      perPoint: 2,
      lanes: 2,
      retailLanes: 1,
      timeoutMs: 1500,
      seed: 4711,
      timeCapMs: 75_000,
    });
    process.stdout.write(`${formatCrashReport(r)}\n`);
    expect(r.failures).toEqual([]);
    expect(r.randomKills).toBeGreaterThanOrEqual(10);
    for (const p of CRASH_POINTS) expect(r.namedKills[p], p).toBeGreaterThanOrEqual(1);
    expect(r.acks).toBeGreaterThan(0);
    expect(r.lostAcks).toBe(0);
    expect(r.doubleSettledVisits).toBe(0);
    expect(r.localSandboxMismatches).toBe(0);
    expect(r.secondSettleCalls).toBe(0);
    expect(r.integrityOk).toBe(r.integrityChecks);
    expect(r.drainsWithinBudget).toBe(r.drains);
  }, 150_000);
});

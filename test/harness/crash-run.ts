/**
 * `npm run test:crash`: the full crash harness of R1 (docs/reliability.md §5): ≥ 200 random kills and
 * 5 named points × 20, on two lanes; then R7's 1,000 scheduler interleavings of concurrent settle
 * clicks and a 2601 retry. Prints the figures; exits 1 when an invariant broke.
 * One lane of the two is a retail pharmacy settling with 2102 (CRASH_RETAIL_LANES, default 1).
 * Environment: CRASH_RANDOM, CRASH_PER_POINT, CRASH_LANES, CRASH_SEED override the plan; R7_RUNS
 * the interleavings (0 skips them).
 */
import { formatCrashReport, runCrashHarness } from './crash-harness';
import { formatR7, runR7, startR7Env } from './r7-concurrency';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};

const report = await runCrashHarness({
  randomKills: num('CRASH_RANDOM', 200),
  perPoint: num('CRASH_PER_POINT', 20),
  lanes: num('CRASH_LANES', 2),
  retailLanes: num('CRASH_RETAIL_LANES', 1),
  seed: num('CRASH_SEED', Date.now() % 1_000_000),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${formatCrashReport(report)}\n`);
const named = Object.values(report.namedKills).reduce((a, n) => a + n, 0);
const r1 = report.failures.length === 0 && report.randomKills > 0 && named > 0;

const r7Runs = num('R7_RUNS', 1000);
let r7 = true;
if (r7Runs > 0) {
  const env = await startR7Env();
  try {
    const r = await runR7(env, r7Runs);
    process.stdout.write(`${formatR7(r)}\n`);
    r7 = r.failure === null && r.runs === r7Runs;
  } finally {
    await env.close();
  }
}
const failed = (r1 ? 0 : 1) + (r7 ? 0 : 1);
process.stdout.write(`${2 - failed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

/**
 * `npm run test:faults`: the fault matrix of R2 (docs/reliability.md §4–§5) — 12 faults × 9 transactions
 * (2207, 2304, 2208, 2305, 2601, 5203, 2204 and the retail pharmacy's 2102, 2103) × 2 legs = 216 cells,
 * 3 runs each by default. Prints the matrix; exits 1 when a cell broke.
 * Environment: FAULT_RUNS (runs per cell), FAULT_LANES, FAULT_D (deadline ms), FAULT_ONLY
 * (e.g. `2207,2601` to run some transactions), FAULT_IDS (e.g. `1,5,12`).
 */
import { allCells, formatMatrix, runMatrix } from './fault-matrix';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
};
const only = (process.env.FAULT_ONLY ?? '').split(',').filter((s) => s !== '');
const ids = (process.env.FAULT_IDS ?? '')
  .split(',')
  .filter((s) => s !== '')
  .map(Number);
const cells = allCells().filter(
  (c) => (only.length === 0 || only.includes(c.txn)) && (ids.length === 0 || ids.includes(c.fault)),
);

const report = await runMatrix({
  cells,
  runs: num('FAULT_RUNS', 3),
  lanes: num('FAULT_LANES', 3),
  D: num('FAULT_D', 800),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`\n${formatMatrix(report)}\n`);
const failed = report.results.filter((r) => !r.ok).length;
process.stdout.write(`${report.results.length - failed} passed, ${failed} failed\n`);
process.exit(failed === 0 && report.results.length === report.planned ? 0 : 1);

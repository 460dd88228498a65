/**
 * The fault matrix in CI, short (docs/reliability.md §4–§5 R2; the full 168 cells × 3 runs are
 * `npm run test:faults`): every fault on both legs for the outpatient settle (2207), and one
 * representative cell per fault for the other transactions. Real sandbox process, fault proxy,
 * refusable gate and the adapter's real runtime; time-capped.
 */
import { describe, expect, it } from 'vitest';
import { FAULTS, LEGS, formatMatrix, runMatrix, type CellSpec, type MatrixTxn } from './fault-matrix';

/**
 * 2207 × 12 faults × 2 legs, plus the other transactions spread over the faults, plus the retail
 * pharmacy's 2102 / 2103 on both legs of a lost reply (fault 5) and a spoiled one (fault 11).
 */
function shortCells(): CellSpec[] {
  const others: MatrixTxn[] = ['2304', '2208', '2305', '2601', '5203', '2204'];
  const cells: CellSpec[] = FAULTS.flatMap((f) => LEGS.map((leg) => ({ fault: f.id, leg, txn: '2207' as const })));
  FAULTS.forEach((f, i) => {
    cells.push({ fault: f.id, leg: i % 2 === 0 ? 'response' : 'request', txn: others[i % others.length]! });
  });
  for (const txn of ['2102', '2103'] as const) {
    for (const fault of [5, 11]) for (const leg of LEGS) cells.push({ fault, leg, txn });
  }
  return cells;
}

describe('fault matrix (short)', () => {
  it('every cell reaches a known state within D + the retry budget; no double settlement; local = sandbox ledger', async () => {
    const cells = shortCells();
    const r = await runMatrix({ cells, runs: 1, lanes: 3, D: 800, timeCapMs: 90_000 });
    process.stdout.write(`${formatMatrix(r)}\n`);
    const failed = r.results.filter((x) => !x.ok);
    expect(failed.map((x) => `#${x.fault} ${x.leg} ${x.txn}: ${x.problems.join('; ')}`)).toEqual([]);
    expect(r.results.length).toBe(cells.length);
    for (const x of r.results) expect(x.ms, `#${x.fault} ${x.leg} ${x.txn}`).toBeLessThanOrEqual(r.D + r.budgetMs);
    // The legs differ where they should: a settle lost before the platform acted is not settled,
    // one lost after it acted is reversed (faults 5, 7, 9, 10, 11 have both shapes).
    const final = (fault: number, leg: string) =>
      r.results.find((x) => x.fault === fault && x.leg === leg && x.txn === '2207')?.final;
    for (const f of [5, 7, 9, 10, 11]) {
      expect(final(f, 'request'), `#${f} request`).toBe('not_settled');
      expect(final(f, 'response'), `#${f} response`).toBe('reversed');
    }
    expect(final(1, 'request')).toBe('not_sent');
    // The retail settle (2102) behaves as 2207 does: not settled before the platform acted, reversed after.
    const retail = (fault: number, leg: string) =>
      r.results.find((x) => x.fault === fault && x.leg === leg && x.txn === '2102')?.final;
    expect(retail(5, 'request')).toBe('not_settled');
    expect(retail(5, 'response')).toBe('reversed');
    expect(final(3, 'request')).toBe('settled');
  }, 150_000);
});

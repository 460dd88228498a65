/**
 * The mutable part of a person: personal-account balances per insutype and the cumulative
 * figures `C` of docs/sandbox-policy.md §4, all in integer fen.
 */
import type { Fen } from '../../shared/money';
import { assertNever } from '../../shared/result';
import type { BenefitLine } from '../model/benefit-line';
import type { SettlementEffects } from '../model/settlement-record';
import { stmt, type Db } from './sql';

/** Cumulative figures of one person, fen. */
export interface CumulativeRow {
  readonly inpatient_dedc: Fen;
  readonly inpatient_fund: Fen;
  readonly outpatient_dedc: Fen;
  readonly outpatient_fund: Fen;
  readonly chronic_dedc: Fen;
  readonly chronic_fund: Fen;
  readonly critical_base: Fen;
  readonly critical_paid: Fen;
}

/** The balance of a person's insurance row, fen (0 when there is none). */
export function getBalance(db: Db, psnNo: string, insutype: string): Fen {
  const row = stmt(db, 'SELECT balc FROM accounts WHERE psn_no = ? AND insutype = ?').get(psnNo, insutype) as
    { balc: number } | undefined;
  return row?.balc ?? 0;
}

/** Adds `deltaFen` (negative to pay) to a balance. */
export function addBalance(db: Db, psnNo: string, insutype: string, deltaFen: Fen): void {
  stmt(db, 'UPDATE accounts SET balc = balc + ? WHERE psn_no = ? AND insutype = ?').run(deltaFen, psnNo, insutype);
}

/** The cumulative figures of a person. */
export function getCumulative(db: Db, psnNo: string): CumulativeRow {
  const row = stmt(db, 'SELECT * FROM cumulative WHERE psn_no = ?').get(psnNo) as CumulativeRow | undefined;
  if (row === undefined) throw new Error('cumulative row missing');
  return row;
}

/** The (dedc, fund) pair of a benefit line; pharmacy has none (zeros). */
export function lineCumulative(c: CumulativeRow, line: BenefitLine): { dedc: Fen; fund: Fen } {
  switch (line) {
    case 'inpatient':
      return { dedc: c.inpatient_dedc, fund: c.inpatient_fund };
    case 'outpatient':
      return { dedc: c.outpatient_dedc, fund: c.outpatient_fund };
    case 'chronic':
      return { dedc: c.chronic_dedc, fund: c.chronic_fund };
    case 'pharmacy':
      return { dedc: 0, fund: 0 };
    default:
      return assertNever(line, 'benefit line');
  }
}

/**
 * Applies a settlement's effects (sign +1) or undoes them (sign −1): cumulative figures of its
 * line, critical-illness figures, and the account balance (§4, cancel and 2601).
 */
export function applyEffects(db: Db, psnNo: string, e: SettlementEffects, sign: 1 | -1): void {
  if (e.line !== 'pharmacy') {
    const dedcCol = `${e.line}_dedc`;
    const fundCol = `${e.line}_fund`;
    stmt(
      db,
      `UPDATE cumulative SET ${dedcCol} = ${dedcCol} + ?, ${fundCol} = ${fundCol} + ?, critical_base = critical_base + ?, critical_paid = critical_paid + ? WHERE psn_no = ?`,
    ).run(sign * e.dedc, sign * e.fund, sign * e.critical_base, sign * e.critical_paid, psnNo);
  }
  if (e.acct !== 0) addBalance(db, psnNo, e.insutype, -sign * e.acct);
}

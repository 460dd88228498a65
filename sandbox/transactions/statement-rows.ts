/** Shared by 3201 and 3202: the statement's date range and the amount sums (docs/sandbox-policy.md §7). */
import { isIsoDate } from '../../shared/dates';
import type { Fen } from '../../shared/money';
import type { ReconRow } from '../ledger/recon-rows';
import type { Reader } from './input-reader';
import { badInput } from './refusal';

/** Reads `stmt_begndate`/`stmt_enddate` (`yyyy-MM-dd`, a date-time is cut to its date), in order. */
export function statementRange(d: Reader): { begndate: string; enddate: string } {
  const date = (key: string): string => {
    const v = d.str(key, 30).slice(0, 10);
    if (!isIsoDate(v)) throw badInput(`${d.path}.${key}：日期格式应为 yyyy-MM-dd`);
    return v;
  };
  const begndate = date('stmt_begndate');
  const enddate = date('stmt_enddate');
  if (enddate < begndate) throw badInput(`${d.path}.stmt_enddate：早于 stmt_begndate`);
  return { begndate, enddate };
}

/** The sums 3201 and 3202 compare; `count` is `0` rows minus `1` rows. */
export interface RowTotals {
  readonly medfee_sumamt: Fen;
  readonly fund_pay_sumamt: Fen;
  readonly acct_pay: Fen;
  readonly psn_cash_pay: Fen;
  readonly count: number;
}

/** Sums rows. */
export function totalsOfRows(rows: readonly ReconRow[]): RowTotals {
  let medfee = 0;
  let fund = 0;
  let acct = 0;
  let cash = 0;
  let count = 0;
  for (const r of rows) {
    medfee += r.medfee_sumamt;
    fund += r.fund_pay_sumamt;
    acct += r.acct_pay;
    cash += r.psn_cash_pay;
    count += r.refd_setl_flag === '0' ? 1 : -1;
  }
  return { medfee_sumamt: medfee, fund_pay_sumamt: fund, acct_pay: acct, psn_cash_pay: cash, count };
}

/**
 * Reconciliation rows (docs/sandbox-policy.md §7), derived from the settlements table so that every
 * settle/cancel pair stored there counts, whatever transaction made it (2207/2208, 2304/2305,
 * retail ones): a settlement in effect or cancelled has its `0` row dated by its `setl_time`; a
 * cancelled one also has a `1` row, amounts negated, dated by its cancel time. A reversed
 * settlement (2601 of the settle) has no row; a reversed cancel puts the settlement back to
 * `settled`, so its `1` row disappears with it.
 */
import type { Fen } from '../../shared/money';
import { recordOf, type SettlementRow } from './settlements-repo';
import { stmt, type Db } from './sql';

/** One reconciliation row; amounts in fen (negated on a `1` row). */
export interface ReconRow {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  /** The msgid of the settle (`0`) or of the cancel (`1`). */
  readonly msgid: string;
  readonly insutype: string;
  readonly clr_type: string;
  readonly setl_optins: string;
  readonly refd_setl_flag: '0' | '1';
  /** `yyyy-MM-dd` the row is dated by. */
  readonly date: string;
  readonly medfee_sumamt: Fen;
  readonly fund_pay_sumamt: Fen;
  readonly acct_pay: Fen;
  readonly psn_cash_pay: Fen;
}

/** Row filter: the institution, a date range, and optionally insutype/clr_type/setl_optins. */
export interface ReconRowFilter {
  readonly fixmedins_code: string;
  readonly begndate: string;
  readonly enddate: string;
  readonly insutype?: string;
  readonly clr_type?: string;
  readonly setl_optins?: string;
}

function rowsOf(s: SettlementRow): ReconRow[] {
  if (s.state === 'reversed') return [];
  const rec = recordOf(s);
  const base = {
    setl_id: s.setl_id,
    mdtrt_id: s.mdtrt_id,
    psn_no: s.psn_no,
    insutype: rec.insutype,
    clr_type: rec.clr_type,
    setl_optins: rec.clr_optins,
  };
  const a = rec.amounts;
  const rows: ReconRow[] = [
    {
      ...base,
      msgid: s.msgid,
      refd_setl_flag: '0',
      date: s.setl_time.slice(0, 10),
      medfee_sumamt: a.medfee_sumamt,
      fund_pay_sumamt: a.fund_pay_sumamt,
      acct_pay: a.acct_pay,
      psn_cash_pay: a.psn_cash_pay,
    },
  ];
  if (s.state === 'cancelled' && s.cancel_time !== null) {
    rows.push({
      ...base,
      msgid: s.cancel_msgid ?? '',
      refd_setl_flag: '1',
      date: s.cancel_time.slice(0, 10),
      medfee_sumamt: -a.medfee_sumamt,
      fund_pay_sumamt: -a.fund_pay_sumamt,
      acct_pay: -a.acct_pay,
      psn_cash_pay: -a.psn_cash_pay,
    });
  }
  return rows;
}

/** The institution's rows matching the filter, ordered by setl_id then refd_setl_flag. */
export function reconRows(db: Db, f: ReconRowFilter): ReconRow[] {
  const settlements = stmt(db, 'SELECT * FROM settlements WHERE fixmedins_code = ? ORDER BY seq').all(
    f.fixmedins_code,
  ) as SettlementRow[];
  return settlements
    .flatMap(rowsOf)
    .filter(
      (r) =>
        r.date >= f.begndate &&
        r.date <= f.enddate &&
        (f.insutype === undefined || r.insutype === f.insutype) &&
        (f.clr_type === undefined || r.clr_type === f.clr_type) &&
        (f.setl_optins === undefined || r.setl_optins === f.setl_optins),
    )
    .sort((x, y) =>
      x.setl_id < y.setl_id ? -1 : x.setl_id > y.setl_id ? 1 : x.refd_setl_flag < y.refd_setl_flag ? -1 : 1,
    );
}

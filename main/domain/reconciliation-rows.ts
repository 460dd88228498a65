/**
 * The adapter's side of daily reconciliation (docs/sandbox-policy.md §7, docs/his-api.md "Reconciliation"),
 * as pure functions: which settlements make which rows, how rows group and sum, the detail file
 * the adapter uploads, and the platform's result file read back. Amounts are integer fen.
 *
 * A settle the platform holds makes a `0` row dated by the `setl_time` the platform reported; a
 * cancel makes a `1` row with negated amounts dated by the cancel reply's `setl_time`. Rows never
 * use the PC's clock, so both sides date them alike.
 */
import { fenToString, type Fen } from '../../shared/money';

/** One reconciliation row. */
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
  /** `yyyy-MM-dd`. */
  readonly date: string;
  readonly medfee_sumamt: Fen;
  readonly fund_pay_sumamt: Fen;
  readonly acct_pay: Fen;
  readonly psn_cash_pay: Fen;
}

/** What a local settlement contributes (the store's record, structurally). */
export interface SettlementForRows {
  readonly state: string;
  readonly setl_id: string | null;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly msgid: string;
  readonly cancel_msgid: string | null;
  readonly setlinfo: Readonly<Record<string, unknown>> | null;
  readonly cancel_setlinfo: Readonly<Record<string, unknown>> | null;
}

/** States in which the platform holds the settle as far as the adapter knows. */
export const STATES_WITH_SETTLE_ROW: readonly string[] = [
  'SETTLED',
  'CASH_COLLECTED',
  'NEEDS_ATTENTION',
  'CANCELLING',
  'CANCEL_UNKNOWN',
  'CANCELLED',
];

const fenOf = (v: unknown): Fen => (typeof v === 'number' && Number.isInteger(v) ? v : 0);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The rows a local settlement makes (none while its outcome is unknown or it was reversed). */
export function rowsOfSettlement(s: SettlementForRows): ReconRow[] {
  const info = s.setlinfo;
  if (info === null || s.setl_id === null || !STATES_WITH_SETTLE_ROW.includes(s.state)) return [];
  const setlTime = textOf(info['setl_time']);
  if (setlTime.length < 10) return [];
  const base = {
    setl_id: s.setl_id,
    mdtrt_id: s.mdtrt_id,
    psn_no: s.psn_no,
    insutype: textOf(info['insutype']),
    clr_type: textOf(info['clr_type']),
    setl_optins: textOf(info['clr_optins']),
  };
  const settle: ReconRow = {
    ...base,
    msgid: s.msgid,
    refd_setl_flag: '0',
    date: setlTime.slice(0, 10),
    medfee_sumamt: fenOf(info['medfee_sumamt']),
    fund_pay_sumamt: fenOf(info['fund_pay_sumamt']),
    acct_pay: fenOf(info['acct_pay']),
    psn_cash_pay: fenOf(info['psn_cash_pay']),
  };
  const c = s.cancel_setlinfo;
  const cancelTime = c === null ? '' : textOf(c['setl_time']);
  if (s.state !== 'CANCELLED' || c === null || cancelTime.length < 10) return [settle];
  // The cancel reply carries the negated figures; a reply without one is read as the settle negated.
  const neg = (k: string, fallback: Fen): Fen => (typeof c[k] === 'number' ? fenOf(c[k]) : -fallback);
  return [
    settle,
    {
      ...base,
      msgid: s.cancel_msgid ?? '',
      refd_setl_flag: '1',
      date: cancelTime.slice(0, 10),
      medfee_sumamt: neg('medfee_sumamt', settle.medfee_sumamt),
      fund_pay_sumamt: neg('fund_pay_sumamt', settle.fund_pay_sumamt),
      acct_pay: neg('acct_pay', settle.acct_pay),
      psn_cash_pay: neg('psn_cash_pay', settle.psn_cash_pay),
    },
  ];
}

/** The key of a row on both sides: setl_id + refd_setl_flag. */
export const rowKey = (r: { readonly setl_id: string; readonly refd_setl_flag: string }): string =>
  `${r.setl_id}\t${r.refd_setl_flag}`;

/** A 3201 group and its local totals. */
export interface GroupTotals {
  readonly insutype: string;
  readonly clr_type: string;
  readonly setl_optins: string;
  /** `0` rows minus `1` rows. */
  readonly count: number;
  readonly medfee_sumamt: Fen;
  readonly fund_pay_sumamt: Fen;
  readonly acct_pay: Fen;
  readonly psn_cash_pay: Fen;
}

/** The key of a group. */
export const groupKey = (g: {
  readonly insutype: string;
  readonly clr_type: string;
  readonly setl_optins: string;
}): string => `${g.insutype}/${g.clr_type}/${g.setl_optins}`;

/** Sums rows into a group's totals. */
export function totalsOf(
  group: { insutype: string; clr_type: string; setl_optins: string },
  rows: readonly ReconRow[],
): GroupTotals {
  let count = 0;
  let medfee = 0;
  let fund = 0;
  let acct = 0;
  let cash = 0;
  for (const r of rows) {
    count += r.refd_setl_flag === '0' ? 1 : -1;
    medfee += r.medfee_sumamt;
    fund += r.fund_pay_sumamt;
    acct += r.acct_pay;
    cash += r.psn_cash_pay;
  }
  return { ...group, count, medfee_sumamt: medfee, fund_pay_sumamt: fund, acct_pay: acct, psn_cash_pay: cash };
}

/** Groups rows by insutype × clr_type × setl_optins, also listing `extra` groups with no row (zero totals). */
export function groupTotals(
  rows: readonly ReconRow[],
  extra: readonly { insutype: string; clr_type: string; setl_optins: string }[] = [],
): GroupTotals[] {
  const by = new Map<string, { g: { insutype: string; clr_type: string; setl_optins: string }; rows: ReconRow[] }>();
  for (const g of extra)
    if (!by.has(groupKey(g)))
      by.set(groupKey(g), { g: { insutype: g.insutype, clr_type: g.clr_type, setl_optins: g.setl_optins }, rows: [] });
  for (const r of rows) {
    const k = groupKey(r);
    const e = by.get(k) ?? { g: { insutype: r.insutype, clr_type: r.clr_type, setl_optins: r.setl_optins }, rows: [] };
    e.rows.push(r);
    by.set(k, e);
  }
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => totalsOf(e.g, e.rows));
}

/** Rows ordered by setl_id then flag. */
export function sortRows<T extends { setl_id: string; refd_setl_flag: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) =>
    a.setl_id < b.setl_id
      ? -1
      : a.setl_id > b.setl_id
        ? 1
        : a.refd_setl_flag < b.refd_setl_flag
          ? -1
          : a.refd_setl_flag > b.refd_setl_flag
            ? 1
            : 0,
  );
}

/** The detail file the adapter uploads: `setl_id, mdtrt_id, psn_no, medfee, fund, acct, flag`, tab-separated. */
export function detailFileText(rows: readonly ReconRow[]): string {
  return sortRows(rows)
    .map(
      (r) =>
        [
          r.setl_id,
          r.mdtrt_id,
          r.psn_no,
          fenToString(r.medfee_sumamt),
          fenToString(r.fund_pay_sumamt),
          fenToString(r.acct_pay),
          r.refd_setl_flag,
        ].join('\t') + '\n',
    )
    .join('');
}

/** One line of the platform's 3202 result file. */
export interface ResultLine {
  readonly psn_no: string;
  readonly mdtrt_id: string;
  readonly setl_id: string;
  readonly msgid: string;
  readonly stmt_rslt: string;
  readonly refd_setl_flag: '0' | '1';
  readonly memo: string;
  readonly medfee_sumamt: Fen;
  readonly fund_pay_sumamt: Fen;
  readonly acct_pay: Fen;
}

/** Most result lines read. */
export const MAX_RESULT_LINES = 200_000;

const AMOUNT = /^-?\d{1,12}(?:\.\d{1,2})?$/;

function fenOfText(t: string): Fen | null {
  if (!AMOUNT.test(t)) return null;
  const neg = t.startsWith('-');
  const [i = '0', f = ''] = (neg ? t.slice(1) : t).split('.');
  const fen = Number(i) * 100 + Number(f.padEnd(2, '0'));
  return neg && fen !== 0 ? -fen : fen;
}

/** Reads the result file; a line that does not read is returned in `bad` by its 1-based number. */
export function parseResultFile(text: string): { lines: ResultLine[]; bad: number[] } {
  const raw = text.replace(/^\uFEFF/, '').split('\n');
  const lines: ResultLine[] = [];
  const bad: number[] = [];
  raw.slice(0, MAX_RESULT_LINES).forEach((l, i) => {
    const t = l.replace(/\r$/, '');
    if (t.trim() === '') return;
    const f = t.split('\t');
    const [psn = '', mdtrt = '', setl = '', msgid = '', rslt = '', flag = '', memo = '', m = '', fund = '', acct = ''] =
      f.map((x) => x.trim());
    const medfee = fenOfText(m);
    const fundFen = fenOfText(fund);
    const acctFen = fenOfText(acct);
    if (
      f.length < 10 ||
      setl === '' ||
      (flag !== '0' && flag !== '1') ||
      medfee === null ||
      fundFen === null ||
      acctFen === null
    ) {
      bad.push(i + 1);
      return;
    }
    lines.push({
      psn_no: psn,
      mdtrt_id: mdtrt,
      setl_id: setl,
      msgid,
      stmt_rslt: rslt,
      refd_setl_flag: flag,
      memo,
      medfee_sumamt: medfee,
      fund_pay_sumamt: fundFen,
      acct_pay: acctFen,
    });
  });
  return { lines, bad };
}

/** The kind of a difference, from 3202's `stmt_rslt` (1, 2, 3); null for `0` (equal). */
export function kindOfStmtRslt(rslt: string): 'platform_only' | 'local_only' | 'amount_differs' | null {
  switch (rslt) {
    case '1':
      return 'platform_only';
    case '2':
      return 'local_only';
    case '3':
      return 'amount_differs';
    default:
      return null;
  }
}

/**
 * The monthly declaration reports (D-20) as pure functions: which settlements make which rows of a
 * month, the summary by insutype × clr_type × insured region, the detail list and the per-visit
 * statements. Amounts are integer fen.
 *
 * The rule (the same as daily reconciliation's, so both agree with the journal):
 * - a settlement the platform holds (SETTLED, CASH_COLLECTED, NEEDS_ATTENTION, CANCELLING,
 *   CANCEL_UNKNOWN, CANCELLED) with a `setl_id` makes a settle row (`refd_setl_flag` 0), dated by
 *   the `setl_time` the platform reported;
 * - a CANCELLED one also makes a cancel row (`1`) with negated amounts, dated by the cancel
 *   reply's `setl_time` — so a settle and its cancel in one month add up to zero, and a cancel of
 *   last month's settle lowers this month;
 * - a settle whose outcome is unknown, that failed, was not sent or was reversed (2601) makes no
 *   row: the platform does not hold it.
 * A row belongs to the month of its date. Counts are settle rows minus cancel rows.
 */
import { maskIdNumber, maskName } from '../../shared/redact';
import type { Fen } from '../../shared/money';
import type { RegionKind } from '../../shared/region';

/** The amounts of a row, in the order the reports show them. */
export const REPORT_AMOUNT_KEYS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'hosp_part_amt',
] as const;
export type ReportAmountKey = (typeof REPORT_AMOUNT_KEYS)[number];

/** Chinese column titles of the amounts. */
export const REPORT_AMOUNT_TITLES: Readonly<Record<ReportAmountKey, string>> = {
  medfee_sumamt: '医疗费总额',
  fulamt_ownpay_amt: '全自费金额',
  overlmt_selfpay: '超限价自费',
  preselfpay_amt: '先行自付',
  inscp_scp_amt: '符合政策范围金额',
  hifp_pay: '统筹基金支出',
  cvlserv_pay: '公务员医疗补助',
  hifes_pay: '企业补充医疗保险',
  hifmi_pay: '居民大病保险',
  hifob_pay: '职工大额补助',
  maf_pay: '医疗救助',
  oth_pay: '其他支出',
  fund_pay_sumamt: '基金支付总额',
  psn_part_amt: '个人负担总额',
  acct_pay: '个人账户支出',
  psn_cash_pay: '个人现金支出',
  hosp_part_amt: '医院负担',
};

export type ReportAmounts = Readonly<Record<ReportAmountKey, Fen>>;

/** States in which the platform holds the settle as far as the adapter knows. */
export const STATES_WITH_SETTLE_ROW: readonly string[] = [
  'SETTLED',
  'CASH_COLLECTED',
  'NEEDS_ATTENTION',
  'CANCELLING',
  'CANCEL_UNKNOWN',
  'CANCELLED',
];

/** What a settlement and its visit contribute (the store's records, structurally). */
export interface ReportSource {
  readonly settlement_id: string;
  readonly visit_id: string;
  readonly state: string;
  readonly setl_id: string | null;
  readonly mdtrt_id: string;
  readonly setlinfo: Readonly<Record<string, unknown>> | null;
  readonly setldetail: readonly Readonly<Record<string, unknown>>[] | null;
  readonly cancel_setlinfo: Readonly<Record<string, unknown>> | null;
  readonly visit: {
    readonly kind: string;
    readonly region_kind: RegionKind;
    readonly insuplc_admdvs: string;
    readonly ipt_otp_no: string;
    readonly med_type: string;
    readonly begntime: string;
    readonly endtime: string | null;
    readonly dise_codg: string | null;
    readonly dise_name: string | null;
  };
}

/** One row of the detail list (明细表). Personal data is masked here, once. */
export interface DetailRow {
  readonly settlement_id: string;
  readonly visit_id: string;
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly refd_setl_flag: '0' | '1';
  /** `yyyy-MM-dd`, from the platform's `setl_time`. */
  readonly date: string;
  readonly setl_time: string;
  readonly insutype: string;
  readonly clr_type: string;
  readonly region_kind: RegionKind;
  readonly insuplc_admdvs: string;
  readonly med_type: string;
  readonly ipt_otp_no: string;
  /** Masked (`张**`). */
  readonly psn_name: string;
  /** Masked (`4301**********031X`). */
  readonly certno: string;
  readonly amounts: ReportAmounts;
}

/** One line of the summary (汇总表): insutype × clr_type × insured region. */
export interface SummaryRow {
  readonly insutype: string;
  readonly clr_type: string;
  readonly region_kind: RegionKind;
  /** Settle rows minus cancel rows. */
  readonly count: number;
  readonly amounts: ReportAmounts;
}

/** One fund's part on a statement. */
export interface StatementFund {
  readonly fund_pay_type: string;
  readonly fund_pay_type_name: string;
  readonly fund_payamt: Fen;
}

/** A per-visit settlement statement (结算单): one per settle row of the month. */
export interface Statement {
  readonly row: DetailRow;
  readonly dise_codg: string | null;
  readonly dise_name: string | null;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly funds: readonly StatementFund[];
  /** The cancel's `setl_time` when the settlement was cancelled (in any month), else null. */
  readonly cancelled_at: string | null;
}

/** The month's reports. */
export interface MonthlyReport {
  /** `yyyy-MM`. */
  readonly month: string;
  readonly summary: readonly SummaryRow[];
  readonly detail: readonly DetailRow[];
  readonly statements: readonly Statement[];
  /** Sum of every detail row (= sum of the summary). */
  readonly totals: { readonly count: number; readonly amounts: ReportAmounts };
}

const fenOf = (v: unknown): Fen => (typeof v === 'number' && Number.isInteger(v) ? v : 0);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Zero in every amount. */
export const ZERO_AMOUNTS: ReportAmounts = Object.fromEntries(REPORT_AMOUNT_KEYS.map((k) => [k, 0])) as ReportAmounts;

function amountsOf(info: Readonly<Record<string, unknown>>): ReportAmounts {
  return Object.fromEntries(REPORT_AMOUNT_KEYS.map((k) => [k, fenOf(info[k])])) as ReportAmounts;
}

/** Adds two sets of amounts (integer fen, exact). */
export function addAmounts(a: ReportAmounts, b: ReportAmounts): ReportAmounts {
  return Object.fromEntries(REPORT_AMOUNT_KEYS.map((k) => [k, a[k] + b[k]])) as ReportAmounts;
}

/** The rows a settlement makes, whatever their month (see the module comment for the rule). */
export function rowsOfSource(s: ReportSource): DetailRow[] {
  const info = s.setlinfo;
  if (info === null || s.setl_id === null || !STATES_WITH_SETTLE_ROW.includes(s.state)) return [];
  const setlTime = textOf(info['setl_time']);
  if (setlTime.length < 10) return [];
  const base = {
    settlement_id: s.settlement_id,
    visit_id: s.visit_id,
    setl_id: s.setl_id,
    mdtrt_id: s.mdtrt_id,
    insutype: textOf(info['insutype']),
    clr_type: textOf(info['clr_type']),
    region_kind: s.visit.region_kind,
    insuplc_admdvs: s.visit.insuplc_admdvs,
    med_type: textOf(info['med_type']) || s.visit.med_type,
    ipt_otp_no: s.visit.ipt_otp_no,
    psn_name: maskName(textOf(info['psn_name'])),
    certno: maskIdNumber(textOf(info['certno'])),
  };
  const settle: DetailRow = {
    ...base,
    refd_setl_flag: '0',
    date: setlTime.slice(0, 10),
    setl_time: setlTime,
    amounts: amountsOf(info),
  };
  const c = s.cancel_setlinfo;
  const cancelTime = c === null ? '' : textOf(c['setl_time']);
  if (s.state !== 'CANCELLED' || c === null || cancelTime.length < 10) return [settle];
  // The cancel reply carries the negated figures; an amount missing there is the settle's negated.
  const cancelAmounts = Object.fromEntries(
    REPORT_AMOUNT_KEYS.map((k) => [k, typeof c[k] === 'number' ? fenOf(c[k]) : -settle.amounts[k]]),
  ) as ReportAmounts;
  return [
    settle,
    { ...base, refd_setl_flag: '1', date: cancelTime.slice(0, 10), setl_time: cancelTime, amounts: cancelAmounts },
  ];
}

/** True when `s` is a month `yyyy-MM` (01–12). */
export function isReportMonth(s: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

const REGION_ORDER: Readonly<Record<RegionKind, number>> = { local: 0, intra_province: 1, cross_province: 2 };

/** Builds the month's summary, detail list and statements from the settlements that may touch it. */
export function buildMonthlyReport(month: string, sources: readonly ReportSource[]): MonthlyReport {
  const detail: DetailRow[] = [];
  const statements: Statement[] = [];
  for (const s of sources) {
    const rows = rowsOfSource(s);
    const cancel = rows.find((r) => r.refd_setl_flag === '1');
    for (const r of rows) {
      if (!r.date.startsWith(`${month}-`)) continue;
      detail.push(r);
      if (r.refd_setl_flag !== '0') continue;
      statements.push({
        row: r,
        dise_codg: s.visit.dise_codg,
        dise_name: s.visit.dise_name,
        begntime: s.visit.begntime,
        endtime: s.visit.endtime,
        funds: (s.setldetail ?? []).map((d) => ({
          fund_pay_type: textOf(d['fund_pay_type']),
          fund_pay_type_name: textOf(d['fund_pay_type_name']),
          fund_payamt: fenOf(d['fund_payamt']),
        })),
        cancelled_at: cancel?.setl_time ?? null,
      });
    }
  }
  detail.sort((a, b) =>
    a.setl_time === b.setl_time
      ? a.refd_setl_flag.localeCompare(b.refd_setl_flag) || a.setl_id.localeCompare(b.setl_id)
      : a.setl_time < b.setl_time
        ? -1
        : 1,
  );
  statements.sort((a, b) =>
    a.row.setl_time < b.row.setl_time
      ? -1
      : a.row.setl_time > b.row.setl_time
        ? 1
        : a.row.setl_id.localeCompare(b.row.setl_id),
  );
  const groups = new Map<
    string,
    { insutype: string; clr_type: string; region_kind: RegionKind; count: number; amounts: ReportAmounts }
  >();
  let count = 0;
  let amounts = ZERO_AMOUNTS;
  for (const r of detail) {
    const key = `${r.insutype}/${r.clr_type}/${r.region_kind}`;
    const g = groups.get(key) ?? {
      insutype: r.insutype,
      clr_type: r.clr_type,
      region_kind: r.region_kind,
      count: 0,
      amounts: ZERO_AMOUNTS,
    };
    const step = r.refd_setl_flag === '0' ? 1 : -1;
    groups.set(key, { ...g, count: g.count + step, amounts: addAmounts(g.amounts, r.amounts) });
    count += step;
    amounts = addAmounts(amounts, r.amounts);
  }
  const summary = [...groups.values()].sort(
    (a, b) =>
      a.insutype.localeCompare(b.insutype) ||
      a.clr_type.localeCompare(b.clr_type) ||
      REGION_ORDER[a.region_kind] - REGION_ORDER[b.region_kind],
  );
  return { month, summary, detail, statements, totals: { count, amounts } };
}

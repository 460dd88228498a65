/**
 * The monthly declaration report (D-20) as the HIS API and the bridge answer it in JSON. Amounts
 * are 2-decimal strings (negative for cancels); names and ID numbers are masked.
 */

/** Amounts by national field name (`medfee_sumamt`, `fund_pay_sumamt`, `acct_pay`, `psn_cash_pay` …). */
export type ReportAmountsView = Readonly<Record<string, string>>;

export interface SummaryRowView {
  readonly insutype: string;
  readonly clr_type: string;
  /** `local` | `intra_province` | `cross_province`. */
  readonly region_kind: string;
  /** Settles minus cancels. */
  readonly count: number;
  readonly amounts: ReportAmountsView;
}

export interface DetailRowView {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly settlement_id: string;
  /** `0` settle, `1` cancel. */
  readonly refd_setl_flag: '0' | '1';
  readonly setl_time: string;
  readonly insutype: string;
  readonly clr_type: string;
  readonly region_kind: string;
  readonly insuplc_admdvs: string;
  readonly psn_name: string;
  readonly certno: string;
  readonly amounts: ReportAmountsView;
}

/** `GET /api/v1/reports/monthly?month=yyyy-MM` (format json) and the bridge's `monthlyReport`. */
export interface MonthlyReportView {
  readonly month: string;
  readonly totals: { readonly count: number; readonly amounts: ReportAmountsView };
  readonly summary: readonly SummaryRowView[];
  readonly detail: readonly DetailRowView[];
  /** Per-visit statements in the month (their full text is in the HTML and XLSX exports). */
  readonly statements: number;
}

/** The bridge's `exportMonthlyReport`: the file written under `<data_dir>/reports/`. */
export interface ReportFileView {
  readonly filename: string;
  readonly size_bytes: number;
  readonly saved_to: string;
}

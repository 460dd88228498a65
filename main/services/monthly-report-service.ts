/**
 * The monthly declaration reports (D-20, issue 18 item 3): the month's summary, detail list and
 * per-visit statements from the adapter's own settlements, and their exports (XLSX, CSV, HTML).
 * The rows follow the rule of main/domain/declaration-report, so the totals equal the journal's.
 */
import type { ReportRepository } from '../store/ports/reports';
import type { InstitutionInfo } from './service-deps';
import type { Clock } from '../domain/clock';
import {
  buildMonthlyReport,
  isReportMonth,
  REPORT_AMOUNT_KEYS,
  type MonthlyReport,
  type ReportAmounts,
} from '../domain/declaration-report';
import type { MonthlyReportView } from '../../shared/api/reports';
import { fenToString } from '../../shared/money';
import { AppError } from '../../shared/errors/app-error';
import { REPORT_PARTS, summaryTable, detailTable, statementsTable, tableOf, type ReportPart } from './report-tables';
import { tableToCsv } from './report-csv';
import { tablesToXlsx } from './report-xlsx';
import { reportToHtml } from './report-html';

const DAY_MS = 86_400_000;
/**
 * Days around the month read from the store: the platform dates a row by its own `setl_time`,
 * which may run behind or ahead of the PC's clock (training platforms, a settle near midnight).
 */
const MARGIN_DAYS = 40;
/** Most settlements one report reads (bounded input); beyond it REPORT_TOO_LARGE. */
export const MAX_REPORT_SETTLEMENTS = 100_000;

/** Export formats. */
export const REPORT_FORMATS = ['json', 'xlsx', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** An exported file. */
export interface ReportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array | string;
}

export interface MonthlyReportDeps {
  readonly repo: ReportRepository;
  readonly institution: Pick<InstitutionInfo, 'fixmedins_code' | 'fixmedins_name'>;
  readonly clock: Clock;
}

export class MonthlyReportService {
  constructor(private readonly d: MonthlyReportDeps) {}

  /** The month's reports; BAD_REQUEST naming `month` unless it is `yyyy-MM`. */
  async report(month: string): Promise<MonthlyReport> {
    if (!isReportMonth(month))
      throw new AppError('BAD_REQUEST', { message: '月份格式不对（应为 yyyy-MM）。', detail: { field: 'month' } });
    const start = Date.parse(`${month}-01T00:00:00+08:00`);
    const sources = await this.d.repo.settlementsForPeriod(
      start - MARGIN_DAYS * DAY_MS,
      start + (31 + MARGIN_DAYS) * DAY_MS,
      MAX_REPORT_SETTLEMENTS + 1,
    );
    if (sources.length > MAX_REPORT_SETTLEMENTS)
      throw new AppError('REPORT_TOO_LARGE', { detail: { limit: MAX_REPORT_SETTLEMENTS } });
    return buildMonthlyReport(month, sources);
  }

  /**
   * The month's reports as a file: XLSX (three sheets), CSV (one `part`, default the detail list)
   * or printable HTML (all three). `json` is the report object for the UI.
   */
  async export(month: string, format: Exclude<ReportFormat, 'json'>, part: ReportPart = 'detail'): Promise<ReportFile> {
    if (!REPORT_PARTS.includes(part))
      throw new AppError('BAD_REQUEST', {
        message: '报表部分不对（summary、detail 或 statements）。',
        detail: { field: 'part' },
      });
    const r = await this.report(month);
    const base = `declaration-${this.d.institution.fixmedins_code}-${month}`;
    if (format === 'csv')
      return {
        filename: `${base}-${part}.csv`,
        contentType: 'text/csv; charset=utf-8',
        bytes: tableToCsv(tableOf(r, part)),
      };
    if (format === 'html')
      return {
        filename: `${base}.html`,
        contentType: 'text/html; charset=utf-8',
        bytes: reportToHtml(r, this.d.institution.fixmedins_name),
      };
    const bytes = await tablesToXlsx([summaryTable(r), detailTable(r), statementsTable(r)], {
      creator: this.d.institution.fixmedins_name,
    });
    return {
      filename: `${base}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes,
    };
  }
}

/** The report as JSON for the HIS API and the bridge (amounts as 2-decimal strings). */
export function monthlyReportView(r: MonthlyReport): MonthlyReportView {
  const amounts = (a: ReportAmounts): Record<string, string> =>
    Object.fromEntries(REPORT_AMOUNT_KEYS.map((k) => [k, fenToString(a[k])]));
  return {
    month: r.month,
    totals: { count: r.totals.count, amounts: amounts(r.totals.amounts) },
    summary: r.summary.map((g) => ({
      insutype: g.insutype,
      clr_type: g.clr_type,
      region_kind: g.region_kind,
      count: g.count,
      amounts: amounts(g.amounts),
    })),
    detail: r.detail.map((d) => ({
      setl_id: d.setl_id,
      mdtrt_id: d.mdtrt_id,
      settlement_id: d.settlement_id,
      refd_setl_flag: d.refd_setl_flag,
      setl_time: d.setl_time,
      insutype: d.insutype,
      clr_type: d.clr_type,
      region_kind: d.region_kind,
      insuplc_admdvs: d.insuplc_admdvs,
      psn_name: d.psn_name,
      certno: d.certno,
      amounts: amounts(d.amounts),
    })),
    statements: r.statements.length,
  };
}

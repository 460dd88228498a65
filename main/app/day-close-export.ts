/**
 * The day-close report as a file (issue 18 item 2): printable HTML, CSV (UTF-8 with BOM) or XLSX
 * (exceljs, loaded on first use). Amounts in the XLSX are numeric cells built from the same
 * 2-decimal strings, so every total equals the journal's to the fen.
 */
import type { ReconciliationService } from '../services/reconciliation-service';
import {
  dayCloseCsv,
  dayCloseHtml,
  dayCloseReport,
  REPORT_COLUMNS,
  type DayCloseReport,
} from '../services/day-close-report';
import { fenToString } from '../../shared/money';

/** Builds the report of `stmt_date` in `format`. */
export async function dayCloseReportFile(
  recon: ReconciliationService,
  institution: DayCloseReport['institution'],
  stmt_date: string,
  format: 'html' | 'csv' | 'xlsx',
): Promise<{ contentType: string; bytes: Uint8Array | string; filename: string }> {
  const latest = (await recon.days(stmt_date, stmt_date))[0];
  const report = dayCloseReport(
    stmt_date,
    institution,
    await recon.localRows(stmt_date),
    latest ? await recon.view(latest.recon_id) : null,
  );
  const base = `day-close-${stmt_date}`;
  if (format === 'html')
    return { contentType: 'text/html; charset=utf-8', bytes: dayCloseHtml(report), filename: `${base}.html` };
  if (format === 'csv')
    return { contentType: 'text/csv; charset=utf-8', bytes: dayCloseCsv(report), filename: `${base}.csv` };
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: await dayCloseXlsx(report),
    filename: `${base}.xlsx`,
  };
}

/** The XLSX: sheet 明细 (rows), sheet 汇总 (groups and the day total). */
export async function dayCloseXlsx(r: DayCloseReport): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  // Amount cells are numbers parsed from exact 2-decimal strings (display only; sums are not recomputed by us).
  const num = (fen: number): number => Number(fenToString(fen));
  const detail = wb.addWorksheet('明细');
  detail.addRow([...REPORT_COLUMNS]);
  for (const x of r.rows) {
    detail.addRow([
      x.setl_id,
      x.mdtrt_id,
      x.psn_no,
      x.insutype,
      x.clr_type,
      x.setl_optins,
      x.refd_setl_flag,
      num(x.medfee_sumamt),
      num(x.fund_pay_sumamt),
      num(x.acct_pay),
      num(x.psn_cash_pay),
    ]);
  }
  const sum = wb.addWorksheet('汇总');
  sum.addRow([
    'insutype',
    'clr_type',
    'setl_optins',
    'count',
    'medfee_sumamt',
    'fund_pay_sumamt',
    'acct_pay',
    'psn_cash_pay',
  ]);
  for (const g of r.groups)
    sum.addRow([
      g.insutype,
      g.clr_type,
      g.setl_optins,
      g.count,
      num(g.medfee_sumamt),
      num(g.fund_pay_sumamt),
      num(g.acct_pay),
      num(g.psn_cash_pay),
    ]);
  sum.addRow([
    '合计',
    '',
    '',
    r.total.count,
    num(r.total.medfee_sumamt),
    num(r.total.fund_pay_sumamt),
    num(r.total.acct_pay),
    num(r.total.psn_cash_pay),
  ]);
  for (const ws of [detail, sum]) for (let c = 5; c <= 11; c++) ws.getColumn(c).numFmt = '0.00';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

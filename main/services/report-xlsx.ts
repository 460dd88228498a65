/**
 * The monthly report as an XLSX workbook (exceljs, loaded on first use): one worksheet per table.
 * Amount cells are written as text so the figures are exactly the 2-decimal strings of the
 * journal, never binary floating point.
 */
import type { ReportTable } from './report-tables';

/** Sheet names (Excel allows 31 characters, no `[]:*?/\`). */
const SHEET_NAMES = ['汇总表', '明细表', '结算单'];

/** A workbook with one sheet per table; returns the file's bytes. */
export async function tablesToXlsx(
  tables: readonly ReportTable[],
  meta: { readonly creator: string },
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator;
  tables.forEach((t, i) => {
    const ws = wb.addWorksheet(SHEET_NAMES[i] ?? `表${i + 1}`);
    ws.addRow([t.title]);
    ws.addRow([...t.header]).font = { bold: true };
    for (const r of t.rows) ws.addRow([...r]);
    ws.columns.forEach((c) => {
      c.width = 14;
    });
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

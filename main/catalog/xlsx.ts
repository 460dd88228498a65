/**
 * Reading the first worksheet of an XLSX catalog or mapping file with exceljs (a pure-JS package).
 * Every cell becomes text, exactly: numbers by their shortest round-trip text (so a typed 0.1 is
 * `"0.1"`, never `0.1000000000000000055…`), date cells as `yyyy-MM-dd`, rich text joined, a
 * formula by its cached result. Row numbers are the sheet's own (the header is row 1).
 *
 * exceljs is loaded on first use only, so that the adapter does not pay for it at start-up.
 */
import type { CellValue, Workbook } from 'exceljs';
import type { SheetReadResult, SheetRow } from './csv';

/** Reads the first worksheet's rows as text cells. */
export async function readXlsx(bytes: Uint8Array): Promise<SheetReadResult> {
  let workbook: Workbook;
  try {
    const { default: ExcelJS } = await import('exceljs');
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch {
    return { ok: false, problem: { row: 1, error: '不是有效的 XLSX 文件（请用 Excel 另存为 .xlsx，或改用 CSV UTF-8）' } };
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return { ok: false, problem: { row: 1, error: 'XLSX 文件中没有工作表' } };
  const rows: SheetRow[] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    rows.push({ row: r, cells });
  }
  return { ok: true, rows };
}

/** The exact text of one cell value. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isoDateOf(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    return isCellValue(result) ? cellText(result) : '';
  }
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return String(v.error);
  return '';
}

/** Excel date cells arrive as UTC midnight of the calendar date. */
function isoDateOf(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const mo = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${mo < 10 ? '0' : ''}${mo}-${day < 10 ? '0' : ''}${day}`;
}

function isCellValue(v: unknown): v is CellValue {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) || v instanceof Date || (typeof v === 'object' && v !== null);
}

/**
 * A report table as CSV (RFC 4180): UTF-8 with a BOM so Excel opens Chinese text correctly, CRLF
 * line ends, every cell quoted when it holds a comma, quote or line break. A cell that begins with
 * `=`, `+`, `-` or `@` and is not a number is prefixed with `'` so a spreadsheet never runs it as a
 * formula (CSV injection); negative amounts stay numbers.
 */
import type { ReportTable } from './report-tables';

const NUMBER = /^-?\d+(\.\d+)?$/;

function cell(v: string): string {
  const safe = /^[=+\-@]/.test(v) && !NUMBER.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The table as CSV text (header first), with a leading BOM. */
export function tableToCsv(t: ReportTable): string {
  return `\uFEFF${[t.header, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

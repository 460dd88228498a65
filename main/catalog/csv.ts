/**
 * A small RFC 4180 CSV reader for catalog and mapping files: comma separated, fields optionally in
 * double quotes (a quote inside is doubled, a quoted field may hold commas and line breaks),
 * records ended by CRLF, LF or CR. UTF-8 with or without a BOM. Rows are numbered as a
 * spreadsheet shows them (the header is row 1), blank lines included, so that IT staff find the
 * row an error names.
 */

/** One record: its 1-based row number and its cells (unquoted, not trimmed). */
export interface SheetRow {
  readonly row: number;
  readonly cells: readonly string[];
}

/** A problem with the file as a whole (not one cell), at `row`. */
export interface SheetProblem {
  readonly row: number;
  readonly error: string;
}

/** What reading a sheet gives: its rows, or the problem that stopped reading. */
export type SheetReadResult =
  | { readonly ok: true; readonly rows: readonly SheetRow[] }
  | { readonly ok: false; readonly problem: SheetProblem };

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Decodes UTF-8 bytes (a leading BOM is dropped). Returns null when the bytes are not valid UTF-8
 * (for example a GBK file), so the caller can say so instead of importing mojibake.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Parses CSV text into records. */
export function parseCsv(text: string): SheetReadResult {
  const rows: SheetRow[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 1;
  let cells: string[] = [];
  while (i < n) {
    let cell: string;
    if (text.charCodeAt(i) === QUOTE) {
      // Quoted field: runs to the next quote not followed by another quote.
      const startRow = row;
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { ok: false, problem: { row: startRow, error: '引号未闭合（从这一行开始的字段缺少结束的双引号）' } };
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Text after the closing quote up to the separator is kept, as spreadsheets do.
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === COMMA || c === LF || c === CR) break;
        k++;
      }
      cell = value + text.slice(i, k);
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === COMMA || c === LF || c === CR) break;
        k++;
      }
      cell = text.slice(i, k);
      i = k;
    }
    cells.push(cell);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      if (i >= n) cells.push('');
      continue;
    }
    // End of record: CRLF, LF or CR.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    rows.push({ row, cells });
    row++;
    cells = [];
    // Blank lines are rows too (numbering), with no cells.
    while (i < n && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) {
      rows.push({ row, cells: [] });
      row++;
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    }
  }
  if (cells.length > 0) rows.push({ row, cells });
  return { ok: true, rows };
}

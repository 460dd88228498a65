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

import { SHEET_LIMITS, recordTooLong, tooManyCells, tooManyColumns, tooManyRows, type SheetLimits } from './sheet-limits';

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

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** Caps (default {@link SHEET_LIMITS}): rows, fields per record, record length, cells. */
  readonly limits?: SheetLimits;
  /** Called with the first non-blank record; false stops the parse after it (see `readSheet`). */
  readonly acceptHeader?: (cells: readonly string[]) => boolean;
}

/** Parses CSV text into records, refusing at the row that passes a cap. */
export function parseCsv(text: string, opts: CsvOptions = {}): SheetReadResult {
  const limits = opts.limits ?? SHEET_LIMITS;
  const rows: SheetRow[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 1;
  let cells: string[] = [];
  let recordStart = i;
  let cellCount = 0;
  let headerSeen = false;
  /** Ends a record; returns a problem, 'stop' (header refused), or null to go on. */
  const endRecord = (): SheetReadResult | 'stop' | null => {
    cellCount += cells.length;
    if (cellCount > limits.maxCells) return { ok: false, problem: { row, error: tooManyCells(limits) } };
    rows.push({ row, cells });
    if (!headerSeen && cells.some((c) => c.trim() !== '')) {
      headerSeen = true;
      if (opts.acceptHeader !== undefined && !opts.acceptHeader(cells)) return 'stop';
    }
    return null;
  };
  while (i < n) {
    if (row > limits.maxRows) return { ok: false, problem: { row, error: tooManyRows(limits) } };
    let cell: string;
    if (text.charCodeAt(i) === QUOTE) {
      // Quoted field: runs to the next quote not followed by another quote.
      const startRow = row;
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { ok: false, problem: { row: startRow, error: '引号未闭合（从这一行开始的字段缺少结束的双引号）' } };
        if (q - recordStart > limits.maxRecordChars) return { ok: false, problem: { row: startRow, error: recordTooLong(limits) } };
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
    if (i - recordStart > limits.maxRecordChars) return { ok: false, problem: { row, error: recordTooLong(limits) } };
    cells.push(cell);
    if (cells.length > limits.maxColumns) return { ok: false, problem: { row, error: tooManyColumns(limits, cells.length) } };
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      if (i >= n) cells.push('');
      continue;
    }
    // End of record: CRLF, LF or CR.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    const ended = endRecord();
    if (ended === 'stop') return { ok: true, rows };
    if (ended !== null) return ended;
    row++;
    cells = [];
    // Blank lines are rows too (numbering), with no cells.
    while (i < n && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) {
      if (row > limits.maxRows) return { ok: false, problem: { row, error: tooManyRows(limits) } };
      rows.push({ row, cells: [] });
      row++;
      i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    }
    recordStart = i;
  }
  if (cells.length > 0) {
    const ended = endRecord();
    if (ended !== null && ended !== 'stop') return ended;
  }
  return { ok: true, rows };
}

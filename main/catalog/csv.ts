/**
 * Catalog and mapping files as sheet rows: UTF-8 bytes (with or without a BOM) decoded, then read
 * by the one RFC 4180 parser of shared/csv within the caps of {@link SHEET_LIMITS} (rows, columns,
 * cells, record length), so a hostile file is refused at the row that passes a cap. Rows are
 * numbered as a spreadsheet shows them (the header is row 1), blank lines included, so that IT
 * staff find the row an error names.
 */
import { parseCsv, type CsvRecord } from '../../shared/csv';
import { SHEET_LIMITS, tooManyCells, tooManyRows, type SheetLimits } from './sheet-limits';

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
  { readonly ok: true; readonly rows: readonly SheetRow[] } | { readonly ok: false; readonly problem: SheetProblem };

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

/** Options of {@link readCsvSheet}. */
export interface CsvSheetOptions {
  /** Caps (default {@link SHEET_LIMITS}): rows, fields per record, record length, cells. */
  readonly limits?: SheetLimits;
  /** Called with the first non-blank record; false stops reading after it (see `readSheet`). */
  readonly acceptHeader?: (cells: readonly string[]) => boolean;
}

/** A blank line is a row without cells. */
const cellsOf = (r: CsvRecord): readonly string[] => (r.fields.length === 1 && r.fields[0] === '' ? [] : r.fields);

/** Reads CSV text as sheet rows, refusing at the row that passes a cap. */
export function readCsvSheet(text: string, opts: CsvSheetOptions = {}): SheetReadResult {
  const limits = opts.limits ?? SHEET_LIMITS;
  let cellCount = 0;
  let headerSeen = false;
  const parsed = parseCsv(text, {
    maxRecordChars: limits.maxRecordChars,
    maxFields: limits.maxColumns,
    onRecord: (r) => {
      if (r.row > limits.maxRows) return tooManyRows(limits);
      const cells = cellsOf(r);
      cellCount += cells.length;
      if (cellCount > limits.maxCells) return tooManyCells(limits);
      if (!headerSeen && cells.some((c) => c.trim() !== '')) {
        headerSeen = true;
        if (opts.acceptHeader !== undefined && !opts.acceptHeader(cells)) return 'stop';
      }
      return undefined;
    },
  });
  if (!parsed.ok) return { ok: false, problem: { row: parsed.row, error: parsed.message } };
  return { ok: true, rows: parsed.records.map((r) => ({ row: r.row, cells: cellsOf(r) })) };
}

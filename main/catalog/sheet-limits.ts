/**
 * The bounds of a catalog or mapping file (CSV or XLSX), and their plain Chinese refusals. A file
 * past a bound is refused at the row where it is passed, before the rest is read, so a small file
 * that claims a million rows or sixteen thousand columns costs a moment and a few MB, not gigabytes.
 */
import type { ZipRefusal } from './zip-entries';
import { tooManyFieldsMessage } from '../../shared/csv';

/** Caps on what a sheet may hold. */
export interface SheetLimits {
  /** Highest sheet row number read (the header is row 1). A region's catalog fits well below it. */
  readonly maxRows: number;
  /** Highest column number read (catalog files use 9 named columns, mapping files 5). */
  readonly maxColumns: number;
  /** Most non-empty cells in the whole sheet. */
  readonly maxCells: number;
  /** CSV: longest record, characters (a quoted field may span lines; they count together). */
  readonly maxRecordChars: number;
}

/** The caps the import endpoints use. */
export const SHEET_LIMITS: SheetLimits = {
  maxRows: 200_000,
  maxColumns: 100,
  maxCells: 3_000_000,
  maxRecordChars: 65_536,
};

/** XLSX archive caps: entries, one part's and all parts' uncompressed size (bytes). */
export const XLSX_ZIP_LIMITS = {
  maxEntries: 1_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
} as const;

/** Parts read whole (workbook, relationships, styles, shared strings) may hold at most this many bytes. */
export const XLSX_WHOLE_PART_BYTES = 64 * 1024 * 1024;

/** The refusal of a row past {@link SheetLimits.maxRows}. */
export function tooManyRows(limits: SheetLimits): string {
  return `表格超过 ${limits.maxRows} 行的上限；请把文件分成几个，每个不超过 ${limits.maxRows} 行`;
}

/** The refusal of a cell past {@link SheetLimits.maxColumns} (the CSV parser's own wording). */
export function tooManyColumns(limits: SheetLimits, column: number): string {
  return tooManyFieldsMessage(column, limits.maxColumns);
}

/** The refusal of a sheet past {@link SheetLimits.maxCells}. */
export function tooManyCells(limits: SheetLimits): string {
  return `表格的非空单元格超过 ${limits.maxCells} 个的上限；请删除多余的列或把文件分成几个`;
}

/** The refusal of an archive the zip reader would not open. */
export function zipRefusalText(r: ZipRefusal): string {
  if (r.kind === 'invalid') return '不是有效的 XLSX 文件（请用 Excel 另存为 .xlsx，或改用 CSV UTF-8）';
  switch (r.what) {
    case 'entries':
      return `XLSX 文件内部的部件超过 ${XLSX_ZIP_LIMITS.maxEntries} 个的上限，不像是目录或对照表；请用 Excel 另存为 .xlsx 或改用 CSV`;
    case 'entry':
      return `XLSX 文件中的工作表解压后超过 ${XLSX_ZIP_LIMITS.maxEntryBytes / 1024 / 1024} MB 的上限；请把文件分成几个，或改用 CSV`;
    case 'total':
      return `XLSX 文件解压后超过 ${XLSX_ZIP_LIMITS.maxTotalBytes / 1024 / 1024} MB 的上限；请把文件分成几个，或改用 CSV`;
    default: {
      const never: never = r.what;
      return String(never);
    }
  }
}

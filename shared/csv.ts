/**
 * The one RFC 4180 CSV reader (pure, no I/O): bill files imported at the window (renderer) and
 * catalog and mapping files (main/catalog read them as sheet rows). Fields are
 * separated by commas and records by CRLF, LF or a lone CR; a field in double quotes may hold
 * commas, line breaks and doubled quotes (`""` → `"`). A leading byte-order mark is dropped.
 * Values are returned as written (no trimming): what they mean is the caller's business.
 */

/** One record with its 1-based number (the header is record 1, as a spreadsheet numbers rows). */
export interface CsvRecord {
  readonly row: number;
  readonly fields: readonly string[];
}

/** The records of a file, or the first syntax error with the record it is in (Chinese message). */
export type CsvParseResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly row: number; readonly message: string };

/** What a caller may decide about each record as it ends: refuse the file (the message), stop reading, or go on. */
export type CsvRecordVerdict = string | 'stop' | undefined;

/** Bounds and a per-record hook, so that a hostile file is refused at the record that passes a bound. */
export interface CsvOptions {
  /** Longest record in characters (a quoted field spanning lines counts whole). */
  readonly maxRecordChars?: number;
  /** Most fields in one record. */
  readonly maxFields?: number;
  /**
   * Called with each record as it ends (after the bounds above): a string refuses the file at that
   * record with that message; `'stop'` ends reading and answers the records so far (the current one
   * included). Callers count rows or cells here, or check a header.
   */
  readonly onRecord?: (record: CsvRecord) => CsvRecordVerdict;
}

/** The refusal of a record longer than `max` characters. */
export const recordTooLongMessage = (max: number): string => `这一行超过 ${max} 个字符的上限（可能是缺少结束的双引号）`;

/** The refusal of a field past column `max`. */
export const tooManyFieldsMessage = (column: number, max: number): string =>
  `第 ${column} 列超过 ${max} 列的上限；请删除多余的列（只需要表头中列出的列）`;

/**
 * Parses `text` into records. A blank line is a record with one empty field; a line break at the
 * very end of the file ends the last record and does not start a new one.
 */
export function parseCsv(text: string, opts: CsvOptions = {}): CsvParseResult {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const maxChars = opts.maxRecordChars ?? Number.POSITIVE_INFINITY;
  const maxFields = opts.maxFields ?? Number.POSITIVE_INFINITY;
  const records: CsvRecord[] = [];
  const n = src.length;
  let fields: string[] = [];
  let row = 1;
  /** Where the current record began in `src` (for maxRecordChars). */
  let recordStart = 0;
  const fail = (message: string, at = row): CsvParseResult => ({ ok: false, row: at, message });
  const tooLong = (end: number): boolean => end - recordStart > maxChars;

  let i = 0;
  // One field per turn: quoted or plain, then the character that ends it.
  while (i < n) {
    let field: string;
    if (src.charCodeAt(i) === QUOTE) {
      // Quoted: runs to the next quote that is not doubled; commas and line breaks are text.
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = src.indexOf('"', j);
        if (tooLong(q < 0 ? n : q)) return fail(recordTooLongMessage(maxChars));
        if (q < 0) return fail('引号没有闭合：从这一行开始的带引号字段缺少右引号。');
        value += src.slice(j, q);
        if (src.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < n && !isDelimiter(src.charCodeAt(i)))
        return fail('右引号后面还有字符：引号括起的字段结束后应紧跟逗号或换行。');
      field = value;
    } else {
      let k = i;
      while (k < n) {
        const c = src.charCodeAt(k);
        if (isDelimiter(c)) break;
        if (c === QUOTE)
          return fail('字段中间出现了引号：含引号的字段须整体用双引号括起来，其中的引号写成两个（""）。');
        k += 1;
      }
      field = src.slice(i, k);
      i = k;
    }
    if (tooLong(i)) return fail(recordTooLongMessage(maxChars));
    fields.push(field);
    if (fields.length > maxFields) return fail(tooManyFieldsMessage(fields.length, maxFields));
    const c = i < n ? src.charCodeAt(i) : LF;
    if (c === COMMA) {
      i += 1;
      if (i < n) continue;
      // A comma at the very end: one more, empty field ends the record.
      if (tooLong(i)) return fail(recordTooLongMessage(maxChars));
      fields.push('');
      if (fields.length > maxFields) return fail(tooManyFieldsMessage(fields.length, maxFields));
    } else {
      i += c === CR && src.charCodeAt(i + 1) === LF ? 2 : 1;
    }
    const record = { row, fields };
    records.push(record);
    fields = [];
    row += 1;
    recordStart = i;
    const verdict = opts.onRecord?.(record);
    if (verdict === 'stop') return { ok: true, records };
    if (verdict !== undefined) return fail(verdict, record.row);
  }
  return { ok: true, records };
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** A comma or a line break: what ends a field. */
function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}

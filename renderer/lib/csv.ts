/**
 * A small RFC 4180 CSV reader for bill files imported at the window (pure, no I/O). Fields are
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
export type CsvParseResult = { readonly ok: true; readonly records: readonly CsvRecord[] } | { readonly ok: false; readonly row: number; readonly message: string };

/**
 * Parses `text` into records. A blank line is a record with one empty field; a line break at the
 * very end of the file ends the last record and does not start a new one.
 */
export function parseCsv(text: string): CsvParseResult {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let row = 1;
  /** Row where the open quote started (an unclosed quote is reported there). */
  let quoteRow = 1;
  let inQuotes = false;
  /** The current field was quoted and its closing quote has been read. */
  let closed = false;
  /** Something of the current record has been read (so the end of the text ends a record). */
  let started = false;

  const endRecord = (): void => {
    fields.push(field);
    records.push({ row, fields });
    fields = [];
    field = '';
    closed = false;
    started = false;
    row += 1;
  };

  for (let i = 0; i < src.length; i += 1) {
    const c = src[i];
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          inQuotes = false;
          closed = true;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      closed = false;
      started = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i += 1;
      endRecord();
    } else if (c === '"') {
      if (field !== '' || closed) {
        return { ok: false, row, message: '字段中间出现了引号：含引号的字段须整体用双引号括起来，其中的引号写成两个（""）。' };
      }
      inQuotes = true;
      quoteRow = row;
      started = true;
    } else {
      if (closed) return { ok: false, row, message: '右引号后面还有字符：引号括起的字段结束后应紧跟逗号或换行。' };
      field += c;
      started = true;
    }
  }
  if (inQuotes) return { ok: false, row: quoteRow, message: '引号没有闭合：从这一行开始的带引号字段缺少右引号。' };
  if (started || field !== '' || fields.length > 0) endRecord();
  return { ok: true, records };
}

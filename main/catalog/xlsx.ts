/**
 * Reading the first worksheet of an XLSX catalog or mapping file as a stream, with every input
 * bounded (issue 13 item 2). The archive's directory is checked first (entry count, declared
 * sizes: {@link readZipDirectory}); the worksheet is then inflated a few KB at a time and parsed
 * with a SAX parser, row by row, so memory holds the rows read so far and never a grid of the
 * sheet's claimed size. A row past the row cap, a cell past the column cap, or too many cells stop
 * the reading at once with a row-numbered refusal; the header row, once read, is offered to the
 * caller, who may stop the reading there (a file with a wrong header is not read further).
 *
 * Every cell becomes text, exactly as exceljs showed it before: numbers by their shortest
 * round-trip text (a typed 0.1 is `"0.1"`), date cells (a date number format) as `yyyy-MM-dd`,
 * rich text joined, a formula by its cached result, booleans as TRUE/FALSE. Row numbers are the
 * sheet's own (the header is row 1).
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { SheetReadResult, SheetRow } from './csv';
import {
  SHEET_LIMITS,
  XLSX_WHOLE_PART_BYTES,
  XLSX_ZIP_LIMITS,
  tooManyCells,
  tooManyColumns,
  tooManyRows,
  zipRefusalText,
  type SheetLimits,
} from './sheet-limits';
import { findEntry, inflateEntry, readZipDirectory, ZipRefused, type ZipEntry } from './zip-entries';

/** Options of {@link readXlsx}. */
export interface SheetReadOptions {
  /** Caps (default {@link SHEET_LIMITS}). */
  readonly limits?: SheetLimits;
  /**
   * Called with the first non-blank row; returning false stops the reading after it (the caller
   * then reports the header's problems from the rows read so far).
   */
  readonly acceptHeader?: (cells: readonly string[]) => boolean;
}

/** Reads the first worksheet's rows as text cells. */
export async function readXlsx(bytes: Uint8Array, opts: SheetReadOptions = {}): Promise<SheetReadResult> {
  const limits = opts.limits ?? SHEET_LIMITS;
  const dir = readZipDirectory(bytes, XLSX_ZIP_LIMITS);
  if (!dir.ok) return { ok: false, problem: { row: 1, error: zipRefusalText(dir.refusal) } };
  try {
    const book = await readWorkbook(bytes, dir.entries);
    if (book === null) return { ok: false, problem: { row: 1, error: 'XLSX 文件中没有工作表' } };
    return await readSheetRows(bytes, book, limits, opts.acceptHeader);
  } catch (e) {
    if (e instanceof ZipRefused) return { ok: false, problem: { row: 1, error: zipRefusalText(e.refusal) } };
    if (e instanceof XmlProblem) return { ok: false, problem: { row: 1, error: INVALID } };
    throw e;
  }
}

// ── internals ──

const INVALID = '不是有效的 XLSX 文件（请用 Excel 另存为 .xlsx，或改用 CSV UTF-8）';

/** Malformed XML inside the archive. */
class XmlProblem extends Error {}

/** Stops the SAX parse from inside a handler: a refusal at a row, or the caller's header said stop. */
class Stop extends Error {
  constructor(readonly problem: { row: number; error: string } | null) {
    super('stop');
  }
}

interface Workbook {
  readonly sheet: ZipEntry;
  readonly shared: readonly string[];
  /** Style index (`s` attribute) → whether its number format shows a date. */
  readonly dateStyles: ReadonlySet<number>;
  readonly date1904: boolean;
}

/** Local name of a possibly prefixed XML name (`x:row` → `row`). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Parses a whole part (bounded) with SAX handlers. */
async function parsePart(
  bytes: Uint8Array,
  entry: ZipEntry | undefined,
  maxBytes: number,
  on: (p: SaxesParser) => void,
): Promise<void> {
  if (entry === undefined) return;
  await streamPart(bytes, entry, maxBytes, on);
}

/** Streams a part through a SAX parser; handlers may throw {@link Stop}. */
async function streamPart(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
  on: (p: SaxesParser) => void,
): Promise<void> {
  const parser = new SaxesParser();
  let xmlError = false;
  parser.on('error', () => {
    xmlError = true;
  });
  on(parser);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of inflateEntry(bytes, entry, maxBytes)) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (xmlError) throw new XmlProblem();
  }
  parser.write(decoder.decode());
  parser.close();
  if (xmlError) throw new XmlProblem();
}

/** The first worksheet (workbook order), shared strings and date styles; null without a sheet. */
async function readWorkbook(bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<Workbook | null> {
  let firstSheetRel: string | null = null;
  let date1904 = false;
  await parsePart(bytes, findEntry(entries, 'xl/workbook.xml'), XLSX_WHOLE_PART_BYTES, (p) => {
    p.on('opentag', (t: SaxesTagPlain) => {
      const name = local(t.name);
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(t.attributes.date1904 ?? '');
      if (name === 'sheet' && firstSheetRel === null) {
        const key = Object.keys(t.attributes).find((k) => k === 'id' || k.endsWith(':id'));
        firstSheetRel = key === undefined ? '' : (t.attributes[key] ?? '');
      }
    });
  });
  let target: string | null = null;
  await parsePart(bytes, findEntry(entries, 'xl/_rels/workbook.xml.rels'), XLSX_WHOLE_PART_BYTES, (p) => {
    p.on('opentag', (t: SaxesTagPlain) => {
      if (local(t.name) === 'Relationship' && t.attributes.Id === firstSheetRel && target === null)
        target = t.attributes.Target ?? null;
    });
  });
  const sheetPath = target === null ? null : partPath(target);
  const sheet =
    (sheetPath === null ? undefined : findEntry(entries, sheetPath)) ??
    entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/i.test(e.name)).sort((a, b) => sheetNo(a) - sheetNo(b))[0];
  if (sheet === undefined) return null;
  return {
    sheet,
    shared: await readSharedStrings(bytes, findEntry(entries, 'xl/sharedStrings.xml')),
    dateStyles: await readDateStyles(bytes, findEntry(entries, 'xl/styles.xml')),
    date1904,
  };
}

/** A relationship target as a part name (`worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`). */
function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function sheetNo(e: ZipEntry): number {
  return Number(/(\d+)\.xml$/i.exec(e.name)?.[1] ?? '0');
}

/** The shared strings: each `<si>`'s `<t>` texts joined (phonetic runs `<rPh>` left out). */
async function readSharedStrings(bytes: Uint8Array, entry: ZipEntry | undefined): Promise<string[]> {
  const out: string[] = [];
  let current: string | null = null;
  let inT = false;
  let phonetic = 0;
  await parsePart(bytes, entry, XLSX_WHOLE_PART_BYTES, (p) => {
    p.on('opentag', (t: SaxesTagPlain) => {
      const name = local(t.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't') inT = !t.isSelfClosing;
    });
    p.on('text', (text: string) => {
      if (inT && phonetic === 0 && current !== null) current += text;
    });
    p.on('closetag', (t: SaxesTagPlain) => {
      const name = local(t.name);
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        out.push(current ?? '');
        current = null;
      }
    });
  });
  return out;
}

/** Built-in number formats that show dates (ECMA-376 18.8.30, with the CJK ones). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** Whether a format code shows a date (text in quotes and brackets aside): exceljs's rule. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Cell style indexes (`cellXfs` order) whose number format shows a date. */
async function readDateStyles(bytes: Uint8Array, entry: ZipEntry | undefined): Promise<Set<number>> {
  const custom = new Map<number, boolean>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await parsePart(bytes, entry, XLSX_WHOLE_PART_BYTES, (p) => {
    p.on('opentag', (t: SaxesTagPlain) => {
      const name = local(t.name);
      if (name === 'numFmt') custom.set(Number(t.attributes.numFmtId), isDateFormat(t.attributes.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(t.attributes.numFmtId ?? '0'));
    });
    p.on('closetag', (t: SaxesTagPlain) => {
      if (local(t.name) === 'cellXfs') inCellXfs = false;
    });
  });
  const dates = new Set<number>();
  xfFormats.forEach((id, i) => {
    if (custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id)) dates.add(i);
  });
  return dates;
}

/** Column number of a cell reference (`B12` → 2), or null. */
function columnOf(ref: string | undefined): number | null {
  if (ref === undefined) return null;
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > 1_000_000) return n;
  }
  return i === 0 ? null : n;
}

/** Reads the worksheet's rows under the caps. */
async function readSheetRows(
  bytes: Uint8Array,
  book: Workbook,
  limits: SheetLimits,
  acceptHeader: ((cells: readonly string[]) => boolean) | undefined,
): Promise<SheetReadResult> {
  const rows: SheetRow[] = [];
  let headerSeen = false;
  let cellsSeen = 0;
  let rowNo = 0;
  let cells: string[] = [];
  let col = 0;
  let cell: { type: string; style: number; text: string } | null = null;
  let inValue = false;
  let inInline = 0;
  let phonetic = 0;

  const endRow = (): void => {
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.length === 0) return;
    rows.push({ row: rowNo, cells });
    if (!headerSeen) {
      headerSeen = true;
      if (acceptHeader !== undefined && !acceptHeader(cells)) throw new Stop(null);
    }
  };
  try {
    await streamPart(bytes, book.sheet, XLSX_ZIP_LIMITS.maxEntryBytes, (p) => {
      p.on('opentag', (t: SaxesTagPlain) => {
        switch (local(t.name)) {
          case 'row': {
            const r = Number(t.attributes.r ?? rowNo + 1);
            rowNo = Number.isInteger(r) && r > rowNo ? r : rowNo + 1;
            if (rowNo > limits.maxRows) throw new Stop({ row: rowNo, error: tooManyRows(limits) });
            cells = [];
            col = 0;
            break;
          }
          case 'c': {
            const c = columnOf(t.attributes.r) ?? col + 1;
            col = c > col ? c : col + 1;
            if (col > limits.maxColumns) throw new Stop({ row: rowNo, error: tooManyColumns(limits, col) });
            cell = { type: t.attributes.t ?? 'n', style: Number(t.attributes.s ?? '0'), text: '' };
            break;
          }
          case 'v':
            inValue = cell !== null && !t.isSelfClosing;
            break;
          case 'is':
            inInline++;
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            inValue = cell !== null && inInline > 0 && phonetic === 0 && !t.isSelfClosing;
            break;
          default:
            break;
        }
      });
      p.on('text', (text: string) => {
        if (inValue && cell !== null) cell.text += text;
      });
      p.on('closetag', (t: SaxesTagPlain) => {
        switch (local(t.name)) {
          case 'v':
          case 't':
            inValue = false;
            break;
          case 'is':
            inInline--;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c': {
            if (cell === null) break;
            const text = cellText(cell, book);
            cell = null;
            if (text === '') break;
            if (++cellsSeen > limits.maxCells) throw new Stop({ row: rowNo, error: tooManyCells(limits) });
            while (cells.length < col - 1) cells.push('');
            cells[col - 1] = text;
            break;
          }
          case 'row':
            endRow();
            break;
          default:
            break;
        }
      });
    });
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    if (e.problem !== null) return { ok: false, problem: e.problem };
  }
  return { ok: true, rows };
}

/** The exact text of one cell, as exceljs showed it. */
function cellText(c: { type: string; style: number; text: string }, book: Workbook): string {
  switch (c.type) {
    case 's':
      return book.shared[Number(c.text)] ?? '';
    case 'str':
    case 'inlineStr':
    case 'e':
      return c.text;
    case 'b':
      return c.text === '' ? '' : c.text === '1' || c.text.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'd':
      return c.text === '' ? '' : isoDateOf(new Date(c.text));
    default: {
      if (c.text.trim() === '') return '';
      const n = Number(c.text);
      if (!Number.isFinite(n)) return '';
      if (book.dateStyles.has(c.style)) {
        return isoDateOf(new Date(Math.round((n - 25569 + (book.date1904 ? 1462 : 0)) * 24 * 3600 * 1000)));
      }
      return String(n);
    }
  }
}

/** Excel date cells read as UTC midnight of the calendar date. */
function isoDateOf(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const mo = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${mo < 10 ? '0' : ''}${mo}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * Catalog and mapping files (CSV or XLSX, header row first): reading, column matching and the
 * validation of every row. A file is all or nothing (docs/his-api.md): any rejected row means nothing is
 * imported, and every rejection names the sheet row (the header is row 1), the column and the
 * problem in plain Chinese, so IT staff can fix the sheet.
 *
 * Catalog columns: med_list_codg, name, med_chrgitm_type, chrgitm_lv, selfpay_prop,
 * pric_uplmt_amt, begndate, [enddate], [insu_admdvs]. Mapping columns: medins_list_codg,
 * [medins_list_name], med_list_codg, begndate, [enddate]. Columns in brackets may be left out;
 * Chinese header names are accepted too (see `ITEM_COLUMNS`, `MAPPING_COLUMNS`).
 */
import { parsePrice, parseRatio } from '../../shared/money';
import { isIsoDate } from '../../shared/dates';
import { isChrgitmLv, normalizeChrgitmLv } from '../../shared/dicts/chrgitm-lv';
import { MED_CHRGITM_TYPE } from '../../shared/dicts/med-chrgitm-type';
import type { CatalogFileRow, MappingRecord } from '../store/ports/catalog';
import { decodeUtf8, readCsvSheet, type SheetReadResult, type SheetRow } from './csv';
import { readXlsx } from './xlsx';

/** File formats of the import endpoints (`?format=`). */
export type SheetFormat = 'csv' | 'xlsx';

/** One rejection: sheet row (header = 1), column name, plain Chinese problem. */
export interface RejectedRow {
  readonly row: number;
  readonly field: string;
  readonly error: string;
}

/** Answer of an import (docs/his-api.md): rows imported (0 when any is rejected) and rejections. */
export interface ImportResult {
  readonly imported: number;
  readonly rejected: readonly RejectedRow[];
}

/** Outcome of validating a file. */
export type SheetValidation<T> =
  | { readonly ok: true; readonly rows: readonly T[] }
  | { readonly ok: false; readonly rejected: readonly RejectedRow[] };

/** A column: its canonical name, whether the header must have it, and accepted Chinese names. */
export interface ColumnSpec {
  readonly key: string;
  readonly required: boolean;
  readonly aliases: readonly string[];
}

/** Columns of a catalog file. */
export const ITEM_COLUMNS: readonly ColumnSpec[] = [
  { key: 'med_list_codg', required: true, aliases: ['医保目录编码', '医保编码', '国家编码'] },
  { key: 'name', required: true, aliases: ['名称', '项目名称', '医保目录名称'] },
  { key: 'med_chrgitm_type', required: true, aliases: ['收费项目类别', '医疗收费项目类别'] },
  { key: 'chrgitm_lv', required: true, aliases: ['收费项目等级', '等级'] },
  { key: 'selfpay_prop', required: true, aliases: ['自付比例', '先行自付比例'] },
  { key: 'pric_uplmt_amt', required: true, aliases: ['限价', '最高限价', '限价金额'] },
  { key: 'begndate', required: true, aliases: ['开始日期', '生效日期'] },
  { key: 'enddate', required: false, aliases: ['结束日期', '失效日期'] },
  { key: 'insu_admdvs', required: false, aliases: ['医保区划', '目录区划'] },
];

/** Columns of a mapping (目录对照) file. */
export const MAPPING_COLUMNS: readonly ColumnSpec[] = [
  { key: 'medins_list_codg', required: true, aliases: ['院内编码', '医药机构目录编码', '院内项目编码'] },
  { key: 'medins_list_name', required: false, aliases: ['院内名称', '医药机构目录名称', '院内项目名称'] },
  { key: 'med_list_codg', required: true, aliases: ['医保目录编码', '医保编码', '国家编码'] },
  { key: 'begndate', required: true, aliases: ['开始日期', '生效日期'] },
  { key: 'enddate', required: false, aliases: ['结束日期', '失效日期'] },
];

/** Most rejections listed in one answer; the rest are counted in a last entry. */
export const MAX_REJECTED_LISTED = 1000;

/** Largest price cap stored (millionths of a yuan must stay a safe integer). */
const MAX_CAP = 9_000_000_000;
const NATIONAL_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,49}$/;
/** Control characters are refused in codes and names. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reads a CSV (UTF-8) or XLSX file into rows, within {@link SHEET_LIMITS} (rows, columns, cells,
 * CSV record length): a file past a cap is refused at the row that passes it. With `columns`, the
 * header (first non-blank row) is checked as soon as it is read, and a file whose header lacks a
 * required column is not read further (its rows so far let the validation name what is missing).
 */
export async function readSheet(
  format: SheetFormat,
  bytes: Uint8Array,
  columns?: readonly ColumnSpec[],
): Promise<SheetReadResult> {
  if (bytes.byteLength === 0) return { ok: false, problem: { row: 1, error: '文件是空的' } };
  const acceptHeader =
    columns === undefined ? undefined : (cells: readonly string[]) => headerOf([{ row: 1, cells }], columns).ok;
  const opts = acceptHeader === undefined ? {} : { acceptHeader };
  switch (format) {
    case 'csv': {
      const text = decodeUtf8(bytes);
      if (text === null)
        return { ok: false, problem: { row: 1, error: '文件不是 UTF-8 编码（请在 Excel 中另存为“CSV UTF-8”）' } };
      return readCsvSheet(text, opts);
    }
    case 'xlsx':
      return readXlsx(bytes, opts);
    default: {
      const never: never = format;
      throw new Error(`unexpected format ${String(never)}`);
    }
  }
}

/** Options of {@link validateItemRows}. */
export interface ItemValidationOptions {
  /** Region given to rows without `insu_admdvs` (the institution's city, or `""`). */
  readonly defaultAdmdvs?: string;
}

/** Validates the rows of a catalog file. */
export function validateItemRows(
  rows: readonly SheetRow[],
  opts: ItemValidationOptions = {},
): SheetValidation<CatalogFileRow> {
  const head = headerOf(rows, ITEM_COLUMNS);
  if (!head.ok) return head;
  const rejected = new Rejections();
  const out: CatalogFileRow[] = [];
  const seen = new Map<string, number>();
  // A catalog repeats the same shares, caps and dates on many rows: each text is read once.
  const shares = new TextCache((t) => (t === '' ? 0 : parseRatio(t).times(10_000).toNumber()));
  const caps = new TextCache((t) => {
    if (t === '') return null;
    const cap = parsePrice(t);
    if (cap.gt(MAX_CAP)) throw new RangeError('cap too large');
    return cap.eq(999999) ? null : cap.times(1_000_000).toNumber();
  });
  const dates = new TextCache((t) => parseSheetDate(t));
  const parseDate = (t: string): string | null => {
    const d = dates.get(t);
    return d === BAD ? null : d;
  };
  const col = head.columns;
  for (const r of head.data) {
    const cell = (key: string): string => (r.cells[col.get(key) ?? -1] ?? '').trim();
    const before = rejected.count;
    const code = cell('med_list_codg');
    if (code === '') rejected.add(r.row, 'med_list_codg', '缺少医保目录编码');
    else if (!NATIONAL_CODE.test(code))
      rejected.add(r.row, 'med_list_codg', '医保目录编码只能含字母、数字、点、横线和下划线（最多50位）');
    const name = cell('name');
    if (name === '') rejected.add(r.row, 'name', '缺少名称');
    else if (name.length > 200 || CONTROL.test(name)) rejected.add(r.row, 'name', '名称过长（最多200字）或含控制字符');
    const type = categoryOf(cell('med_chrgitm_type'));
    if (type === null)
      rejected.add(r.row, 'med_chrgitm_type', `收费项目类别应为 01–14，实际为“${clip(cell('med_chrgitm_type'))}”`);
    const lvText = normalizeChrgitmLv(cell('chrgitm_lv'));
    const lv = isChrgitmLv(lvText) ? lvText : null;
    if (lv === null)
      rejected.add(
        r.row,
        'chrgitm_lv',
        `收费项目等级应为 01（甲类）、02（乙类）或 03（丙类），实际为“${clip(cell('chrgitm_lv'))}”`,
      );
    const share = shares.get(cell('selfpay_prop'));
    if (share === BAD)
      rejected.add(
        r.row,
        'selfpay_prop',
        `自付比例应为 0 到 1 之间、最多4位小数的数（如 0.10），实际为“${clip(cell('selfpay_prop'))}”`,
      );
    const cap = caps.get(cell('pric_uplmt_amt'));
    if (cap === BAD)
      rejected.add(
        r.row,
        'pric_uplmt_amt',
        `限价应为不小于0、最多6位小数、不超过 9,000,000,000 的金额，或留空表示无限价，实际为“${clip(cell('pric_uplmt_amt'))}”`,
      );
    const dates = periodOf(cell('begndate'), cell('enddate'), r.row, rejected, parseDate);
    const admdvsText = cell('insu_admdvs');
    const admdvs = admdvsText === '' ? (opts.defaultAdmdvs ?? '') : admdvsText;
    if (admdvsText !== '' && !/^\d{6}$/.test(admdvsText)) rejected.add(r.row, 'insu_admdvs', '医保区划应为6位数字');
    if (rejected.count > before || type === null || lv === null || share === BAD || cap === BAD || dates === null)
      continue;

    const key = `${code}\u0000${admdvs}\u0000${dates.begndate}`;
    const first = seen.get(key);
    if (first !== undefined) {
      rejected.add(r.row, 'med_list_codg', `与第 ${first} 行重复（同一编码、区划和开始日期）`);
      continue;
    }
    seen.set(key, r.row);
    const k = {
      med_list_codg: code,
      insu_admdvs: admdvs,
      begndate: dates.begndate,
      enddate: dates.enddate,
      updt_time: null,
    };
    out.push({
      item: { ...k, name, med_chrgitm_type: type, chrgitm_lv: lv },
      cap: { ...k, pric_uplmt_e6: cap },
      share: { ...k, selfpay_prop_e4: share },
    });
  }
  return rejected.count > 0 ? { ok: false, rejected: rejected.list() } : { ok: true, rows: out };
}

/** Validates the rows of a mapping file; `at` (epoch ms) stamps the records. */
export function validateMappingRows(rows: readonly SheetRow[], at: number): SheetValidation<MappingRecord> {
  const head = headerOf(rows, MAPPING_COLUMNS);
  if (!head.ok) return head;
  const rejected = new Rejections();
  const out: MappingRecord[] = [];
  const rowOf = new Map<MappingRecord, number>();
  const col = head.columns;
  for (const r of head.data) {
    const cell = (key: string): string => (r.cells[col.get(key) ?? -1] ?? '').trim();
    const before = rejected.count;
    const hospital = cell('medins_list_codg');
    if (hospital === '') rejected.add(r.row, 'medins_list_codg', '缺少院内项目编码');
    else if (hospital.length > 150 || CONTROL.test(hospital))
      rejected.add(r.row, 'medins_list_codg', '院内项目编码过长（最多150位）或含控制字符');
    const name = cell('medins_list_name');
    if (name.length > 200 || CONTROL.test(name))
      rejected.add(r.row, 'medins_list_name', '院内项目名称过长（最多200字）或含控制字符');
    const national = cell('med_list_codg');
    if (national === '') rejected.add(r.row, 'med_list_codg', '缺少医保目录编码（尚未对照的项目不要放进对照文件）');
    else if (!NATIONAL_CODE.test(national))
      rejected.add(r.row, 'med_list_codg', '医保目录编码只能含字母、数字、点、横线和下划线（最多50位）');
    const dates = periodOf(cell('begndate'), cell('enddate'), r.row, rejected);
    if (rejected.count > before || dates === null) continue;
    const rec: MappingRecord = {
      medins_list_codg: hospital,
      medins_list_name: name,
      med_list_codg: national,
      begndate: dates.begndate,
      enddate: dates.enddate,
      source: 'file',
      updated_at: at,
    };
    rowOf.set(rec, r.row);
    out.push(rec);
  }
  // One hospital code may change its national code over time, but its periods may not overlap.
  const byCode = new Map<string, MappingRecord[]>();
  for (const m of out) {
    const list = byCode.get(m.medins_list_codg);
    if (list === undefined) byCode.set(m.medins_list_codg, [m]);
    else list.push(m);
  }
  for (const list of byCode.values()) {
    list.sort((a, b) =>
      a.begndate < b.begndate ? -1 : a.begndate > b.begndate ? 1 : (rowOf.get(a) ?? 0) - (rowOf.get(b) ?? 0),
    );
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1] as MappingRecord;
      const cur = list[i] as MappingRecord;
      if (prev.enddate === null || prev.enddate >= cur.begndate) {
        const [early, late] = [rowOf.get(prev) ?? 0, rowOf.get(cur) ?? 0].sort((a, b) => a - b);
        rejected.add(
          late ?? 0,
          'begndate',
          prev.begndate === cur.begndate
            ? `与第 ${early} 行重复（同一院内编码和开始日期）`
            : `与第 ${early} 行的有效期重叠（同一院内编码的对照有效期不能交叉）`,
        );
      }
    }
  }
  return rejected.count > 0 ? { ok: false, rejected: rejected.list() } : { ok: true, rows: out };
}

/** Reads a loose date (`2020-01-01`, `2020/1/1`, `20200101`, with or without a time) as `yyyy-MM-dd`, or null. */
export function parseSheetDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (m === null) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m === null) return null;
  const iso = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

// ── internals ──

class Rejections {
  private readonly items: RejectedRow[] = [];
  count = 0;

  add(row: number, field: string, error: string): void {
    this.count++;
    if (this.items.length < MAX_REJECTED_LISTED) this.items.push({ row, field, error });
  }

  list(): RejectedRow[] {
    if (this.count <= this.items.length) return this.items;
    const last = this.items[this.items.length - 1];
    return [
      ...this.items,
      { row: last?.row ?? 0, field: '', error: `另有 ${this.count - this.items.length} 处错误未列出` },
    ];
  }
}

type Header =
  | { readonly ok: true; readonly columns: ReadonlyMap<string, number>; readonly data: readonly SheetRow[] }
  | { readonly ok: false; readonly rejected: readonly RejectedRow[] };

function headerOf(rows: readonly SheetRow[], spec: readonly ColumnSpec[]): Header {
  const nonBlank = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonBlank[0];
  if (header === undefined)
    return { ok: false, rejected: [{ row: 1, field: '', error: '文件是空的（第1行应为表头）' }] };
  const byName = new Map<string, string>();
  for (const s of spec) {
    byName.set(s.key.toLowerCase(), s.key);
    for (const a of s.aliases) byName.set(a.toLowerCase(), s.key);
  }
  const columns = new Map<string, number>();
  const rejected: RejectedRow[] = [];
  header.cells.forEach((c, i) => {
    const key = byName.get(
      c
        .trim()
        .replace(/^\ufeff/, '')
        .toLowerCase(),
    );
    if (key === undefined) return; // extra columns are ignored
    if (columns.has(key)) rejected.push({ row: header.row, field: key, error: `表头中“${key}”列出现了两次` });
    else columns.set(key, i);
  });
  for (const s of spec) {
    if (s.required && !columns.has(s.key)) {
      rejected.push({ row: header.row, field: s.key, error: `表头缺少“${s.key}”列（${s.aliases[0] ?? s.key}）` });
    }
  }
  if (rejected.length > 0) return { ok: false, rejected };
  return { ok: true, columns, data: nonBlank.slice(1) };
}

/** Category code `01`…`14` (a single digit from a spreadsheet that dropped the zero is padded), or null. */
function categoryOf(text: string): string | null {
  if (!/^\d{1,2}$/.test(text)) return null;
  const code = text.padStart(2, '0');
  return Object.hasOwn(MED_CHRGITM_TYPE, code) ? code : null;
}

/** Marks a text that did not parse. */
const BAD: unique symbol = Symbol('bad');

/** Parses each distinct text once; a parser that throws marks the text {@link BAD}. */
class TextCache<T> {
  private readonly values = new Map<string, T | typeof BAD>();

  constructor(private readonly parse: (text: string) => T) {}

  get(text: string): T | typeof BAD {
    let v = this.values.get(text);
    if (v === undefined && !this.values.has(text)) {
      try {
        v = this.parse(text);
      } catch {
        v = BAD;
      }
      this.values.set(text, v);
    }
    return v as T | typeof BAD;
  }
}

function periodOf(
  begText: string,
  endText: string,
  row: number,
  rejected: Rejections,
  parseDate: (t: string) => string | null = parseSheetDate,
): { begndate: string; enddate: string | null } | null {
  const begndate = parseDate(begText);
  if (begText === '') rejected.add(row, 'begndate', '缺少开始日期');
  else if (begndate === null)
    rejected.add(row, 'begndate', `开始日期不是有效日期（应为 yyyy-MM-dd），实际为“${clip(begText)}”`);
  const enddate = endText === '' ? null : parseDate(endText);
  if (endText !== '' && enddate === null)
    rejected.add(row, 'enddate', `结束日期不是有效日期（应为 yyyy-MM-dd 或留空），实际为“${clip(endText)}”`);
  if (begndate === null || (endText !== '' && enddate === null)) return null;
  if (enddate !== null && enddate < begndate) {
    rejected.add(row, 'enddate', '结束日期早于开始日期');
    return null;
  }
  return { begndate, enddate };
}

/** A cell's text shortened for an error message. */
function clip(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}

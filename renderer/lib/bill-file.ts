/**
 * A bill file imported at the window: a UTF-8 CSV (with or without a byte-order mark) whose first
 * row names the columns `feedetl_sn,med_list_codg,medins_list_codg,name,cnt,pric,det_item_fee_sumamt`
 * (any order; `feedetl_sn` and `det_item_fee_sumamt` may be left out, or left empty in a row).
 * All or nothing: when any row is bad, every problem is listed by row number and no row is taken.
 */
import { formatMoney, parseMoney } from '../../shared/money';
import type { BillRow, RowError } from './bill-lines';
import { isBlankRow, lineAmount, rowProblems } from './bill-lines';
import { parseCsv } from '../../shared/csv';

/** The columns a bill file may have, in the documented order. */
export const BILL_FILE_COLUMNS = [
  'feedetl_sn',
  'med_list_codg',
  'medins_list_codg',
  'name',
  'cnt',
  'pric',
  'det_item_fee_sumamt',
] as const;
type BillFileColumn = (typeof BILL_FILE_COLUMNS)[number];

/** Columns that must be present (their values may still be checked per row). */
const REQUIRED_COLUMNS: readonly BillFileColumn[] = ['med_list_codg', 'medins_list_codg', 'name', 'cnt', 'pric'];

/** Chinese names of the columns, for messages. */
const COLUMN_NAMES: Readonly<Record<BillFileColumn, string>> = {
  feedetl_sn: '明细流水号',
  med_list_codg: '医保目录编码',
  medins_list_codg: '院内编码',
  name: '项目名称',
  cnt: '数量',
  pric: '单价',
  det_item_fee_sumamt: '金额',
};

/** Most lines of one bill (the bridge's limit). */
export const MAX_BILL_LINES = 20_000;

/** The rows of a good file, or every problem found (nothing is imported then). */
export type BillFileResult =
  | { readonly ok: true; readonly rows: readonly BillRow[] }
  | { readonly ok: false; readonly errors: readonly RowError[] };

/** The file's bytes as text: strict UTF-8 (a GBK file is refused, not garbled); the BOM is dropped. */
export function decodeBillFile(
  bytes: Uint8Array,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: RowError } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      ok: false,
      error: { row: null, message: '文件不是 UTF-8 编码（可能是 GBK）：请在表格软件中另存为“CSV UTF-8”后再导入。' },
    };
  }
}

function isColumn(name: string): name is BillFileColumn {
  return (BILL_FILE_COLUMNS as readonly string[]).includes(name);
}

/**
 * Reads a bill file's text. Rows are numbered as a spreadsheet shows them (the header is row 1);
 * blank rows are skipped. Each data row must have as many fields as the header and pass the same
 * checks as a typed row; a given amount must equal round2(pric × cnt); serial numbers must not
 * repeat. `nextKey` gives each row its React key.
 */
export function readBillFile(text: string, nextKey: () => string): BillFileResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [{ row: parsed.row, message: parsed.message }] };
  const records = parsed.records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = records[0];
  if (header === undefined)
    return { ok: false, errors: [{ row: null, message: '文件是空的：第一行应为列名，其后每行一条费用明细。' }] };

  const errors: RowError[] = [];
  const index = new Map<BillFileColumn, number>();
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!isColumn(name))
      errors.push({
        row: header.row,
        message: `未知的列名“${raw.trim()}”（可用的列：${BILL_FILE_COLUMNS.join(',')}）`,
      });
    else if (index.has(name)) errors.push({ row: header.row, message: `列名“${name}”出现了两次` });
    else index.set(name, i);
  });
  for (const c of REQUIRED_COLUMNS)
    if (!index.has(c)) errors.push({ row: header.row, message: `缺少列“${c}”（${COLUMN_NAMES[c]}）` });
  if (errors.length > 0) return { ok: false, errors };

  const data = records.slice(1);
  if (data.length === 0)
    return { ok: false, errors: [{ row: null, message: '文件中没有费用明细：列名行之后没有数据行。' }] };
  if (data.length > MAX_BILL_LINES)
    return {
      ok: false,
      errors: [{ row: null, message: `明细行过多（${data.length} 行），一张账单最多 ${MAX_BILL_LINES} 行。` }],
    };

  const rows: BillRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of data) {
    if (rec.fields.length !== header.fields.length) {
      errors.push({
        row: rec.row,
        message: `有 ${rec.fields.length} 列，应为 ${header.fields.length} 列（与第 ${header.row} 行的列名一致）`,
      });
      continue;
    }
    const get = (c: BillFileColumn): string => {
      const i = index.get(c);
      return i === undefined ? '' : (rec.fields[i] ?? '').trim();
    };
    const row: BillRow = {
      key: nextKey(),
      feedetl_sn: get('feedetl_sn'),
      med_list_codg: get('med_list_codg'),
      medins_list_codg: get('medins_list_codg'),
      name: get('name'),
      cnt: get('cnt'),
      pric: get('pric'),
    };
    if (isBlankRow(row)) {
      errors.push({ row: rec.row, message: '只有金额，缺少编码、名称、数量和单价' });
      continue;
    }
    for (const p of rowProblems(row)) errors.push({ row: rec.row, message: p });
    const given = get('det_item_fee_sumamt');
    const expected = lineAmount(row.cnt, row.pric);
    if (given !== '') {
      let amount: string | null = null;
      try {
        amount = formatMoney(parseMoney(given, 'det_item_fee_sumamt', false));
      } catch {
        errors.push({ row: rec.row, message: `金额“${given}”不是有效金额（不能为负，最多2位小数）` });
      }
      // D-15 step 1: the platform refuses a line whose amount is not round2(pric × cnt).
      if (amount !== null && expected !== null && amount !== expected)
        errors.push({ row: rec.row, message: `金额 ${amount} 与“单价×数量”${expected} 不一致` });
    }
    if (row.feedetl_sn !== '') {
      const first = seen.get(row.feedetl_sn);
      if (first !== undefined)
        errors.push({ row: rec.row, message: `明细流水号 ${row.feedetl_sn} 与第 ${first} 行重复` });
      else seen.set(row.feedetl_sn, rec.row);
    }
    rows.push(row);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

/**
 * Fee lines of a bill made at the window (typed at a pharmacy counter or read from a file): the
 * line amount, the checks, and the lines as `createBill` takes them. Amounts are computed with
 * decimal.js through shared/money, never with floats (docs/architecture.md §5.6): the amount is
 * round2(pric × cnt), the rule the platform applies to every line (D-15 step 1, docs/sandbox-policy.md §3).
 */
import type { FeeLineRequest } from '../../shared/api/requests';
import { chinaDateTime, chinaStamp17 } from '../../shared/china-time';
import type { Money } from '../../shared/money';
import { formatMoney, parsePrice, parseQuantity, round2, sum } from '../../shared/money';

/** One line as the cashier typed it or the file held it: text, exactly as entered. */
export interface BillRow {
  /** React key, stable while the row lives. */
  readonly key: string;
  /** The line's serial number from a file; '' = generated when the bill is made. */
  readonly feedetl_sn: string;
  /** National catalog code (医保目录编码). */
  readonly med_list_codg: string;
  /** Hospital / pharmacy code; '' = the national code. */
  readonly medins_list_codg: string;
  readonly name: string;
  /** Quantity, decimal text (≤ 4 places). */
  readonly cnt: string;
  /** Unit price in yuan, decimal text (≤ 6 places). */
  readonly pric: string;
}

/** A problem of one row, `row` 1-based as shown (null: the bill or file as a whole). */
export interface RowError {
  readonly row: number | null;
  readonly message: string;
}

/** The editable fields of a row, in the order Enter walks through them. */
export const BILL_ROW_FIELDS = ['med_list_codg', 'medins_list_codg', 'name', 'cnt', 'pric'] as const;
export type BillRowField = (typeof BILL_ROW_FIELDS)[number];

/** An empty row with key `key`. */
export function blankRow(key: string): BillRow {
  return { key, feedetl_sn: '', med_list_codg: '', medins_list_codg: '', name: '', cnt: '', pric: '' };
}

/** True when nothing has been typed into the row (such rows are left out of the bill). */
export function isBlankRow(row: BillRow): boolean {
  return BILL_ROW_FIELDS.every((f) => row[f].trim() === '') && row.feedetl_sn.trim() === '';
}

function quantityOf(text: string): Money | null {
  try {
    return parseQuantity(text.trim(), 'cnt', false);
  } catch {
    return null;
  }
}

function priceOf(text: string): Money | null {
  try {
    return parsePrice(text.trim(), 'pric', false);
  } catch {
    return null;
  }
}

/**
 * The line amount in yuan, 2-dp text: round2(pric × cnt), computed on decimals. Null when the
 * quantity (≤ 4 places, not negative) or the unit price (≤ 6 places, not negative) cannot be read,
 * or the amount is out of range.
 */
export function lineAmount(cnt: string, pric: string): string | null {
  const c = quantityOf(cnt);
  const p = priceOf(pric);
  if (c === null || p === null) return null;
  try {
    return formatMoney(round2(p.times(c)));
  } catch {
    return null;
  }
}

/** The sum of the readable line amounts, 2-dp text. */
export function billTotal(rows: readonly BillRow[]): string {
  return formatMoney(sum(rows.map((r) => lineAmount(r.cnt, r.pric)).filter((a): a is string => a !== null)));
}

/** What is wrong with a row that is not blank, in Chinese (empty when nothing). */
export function rowProblems(row: BillRow): string[] {
  const out: string[] = [];
  const code = row.med_list_codg.trim();
  if (code === '') out.push('缺少医保目录编码（国家编码）');
  else if (code.length > 50) out.push('医保目录编码过长（最多50个字符）');
  if (row.medins_list_codg.trim().length > 150) out.push('院内编码过长（最多150个字符）');
  const name = row.name.trim();
  if (name === '') out.push('缺少项目名称');
  else if (name.length > 200) out.push('项目名称过长（最多200个字符）');
  if (row.feedetl_sn.trim().length > 30) out.push('明细流水号过长（最多30个字符）');
  const cnt = quantityOf(row.cnt);
  if (row.cnt.trim() === '') out.push('缺少数量');
  else if (cnt === null) out.push(`数量“${row.cnt.trim()}”不是有效数字（不能为负，最多4位小数）`);
  else if (!cnt.gt(0)) out.push('数量必须大于0');
  const pric = priceOf(row.pric);
  if (row.pric.trim() === '') out.push('缺少单价');
  else if (pric === null) out.push(`单价“${row.pric.trim()}”不是有效金额（不能为负，最多6位小数）`);
  if (cnt !== null && pric !== null && lineAmount(row.cnt, row.pric) === null) out.push('金额超出范围');
  return out;
}

/** The text of one problem for people: `第 3 行：缺少单价`. */
export function formatRowError(e: RowError): string {
  return e.row === null ? e.message : `第 ${e.row} 行：${e.message}`;
}

/** The lines of a bill, ready for `createBill`, or every problem (nothing is sent then). */
export type FeeLinesResult =
  | { readonly ok: true; readonly lines: readonly FeeLineRequest[] }
  | { readonly ok: false; readonly errors: readonly RowError[] };

/**
 * Turns the rows into fee lines. Blank rows are left out; every other row must be complete
 * (numbered as shown, from 1). A row without a serial number gets `yyyyMMddHHmmssSSS` (China
 * time) + its 4-digit position; the hospital code defaults to the national code; the amount is
 * round2(pric × cnt); the fee time is `now`.
 */
export function toFeeLines(rows: readonly BillRow[], now: number): FeeLinesResult {
  const errors: RowError[] = [];
  const given = new Map<string, number>();
  rows.forEach((r, i) => {
    if (isBlankRow(r)) return;
    for (const p of rowProblems(r)) errors.push({ row: i + 1, message: p });
    const sn = r.feedetl_sn.trim();
    if (sn === '') return;
    const first = given.get(sn);
    if (first !== undefined) errors.push({ row: i + 1, message: `明细流水号 ${sn} 与第 ${first} 行重复` });
    else given.set(sn, i + 1);
  });
  const filled = rows.map((r, i) => ({ r, i })).filter(({ r }) => !isBlankRow(r));
  if (filled.length === 0) errors.push({ row: null, message: '没有费用明细：请至少录入一行。' });
  if (errors.length > 0) return { ok: false, errors };
  const stamp = chinaStamp17(now);
  const time = chinaDateTime(now);
  const lines = filled.map(({ r, i }): FeeLineRequest => {
    let sn = r.feedetl_sn.trim();
    for (let n = i + 1; sn === '' || (given.has(sn) && given.get(sn) !== i + 1); n += rows.length)
      sn = `${stamp}${String(n).padStart(4, '0')}`;
    const code = r.med_list_codg.trim();
    const hosp = r.medins_list_codg.trim();
    return {
      feedetl_sn: sn,
      med_list_codg: code,
      medins_list_codg: hosp === '' ? code : hosp,
      name: r.name.trim(),
      cnt: r.cnt.trim(),
      pric: r.pric.trim(),
      det_item_fee_sumamt: lineAmount(r.cnt, r.pric) ?? '',
      fee_ocur_time: time,
    };
  });
  return { ok: true, lines };
}

/**
 * The kind a bill made at the window starts with: a pharmacy (定点药店, institution code `P…`)
 * sells (`pharmacy`, med_type 41), anything else bills an outpatient visit. The cashier may change it.
 */
export function defaultBillKind(fixmedinsCode: string | null | undefined): 'outpatient' | 'pharmacy' {
  return fixmedinsCode?.trim().toUpperCase().startsWith('P') ? 'pharmacy' : 'outpatient';
}

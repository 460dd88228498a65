/**
 * The per-line split by the place of treatment's payment scope (D-10, D-15), exactly as
 * docs/sandbox-policy.md §3 defines it. One pure function used by the sandbox (which answers 2204/2301
 * with it) and by the adapter's preview, so the two agree to the cent.
 */
import type { Decimal } from 'decimal.js';
import { Money, round2 } from './money';
import { compareDates } from './dates';

/** 收费项目等级: 甲 fully in scope, 乙 in scope after a self-pay share, 丙 not covered. */
export type ChrgitmLv = '01' | '02' | '03';

/** One payment-scope item of the hospital's region catalog, as the split needs it. */
export interface ScopeItem {
  readonly med_list_codg: string;
  readonly med_chrgitm_type: string;
  readonly chrgitm_lv: ChrgitmLv;
  /** Self-pay share of a 乙 item, 0 … 1. */
  readonly selfpay_prop: Decimal;
  /** Unit price cap, or null when the item has no cap. */
  readonly pric_uplmt_amt: Decimal | null;
  /** First valid date, `yyyy-MM-dd`. */
  readonly begndate: string;
  /** Last valid date (inclusive), or null when open. */
  readonly enddate: string | null;
}

/** A fee line's figures: quantity, unit price, and the line amount `det_item_fee_sumamt`. */
export interface SplitInput {
  readonly cnt: Decimal;
  readonly pric: Decimal;
  readonly det_item_fee_sumamt: Decimal;
}

/** The four parts of a line (D-15); they always add up to the line amount. */
export interface LineSplit {
  /** 全自费: 丙 items, and items missing from the catalog or outside their validity. */
  readonly fulamt_ownpay_amt: Decimal;
  /** 超限价自费: the part above the price cap. */
  readonly overlmt_amt: Decimal;
  /** 先行自付: the self-pay share of a 乙 item. */
  readonly preselfpay_amt: Decimal;
  /** 符合政策范围: the in-scope remainder. */
  readonly inscp_scp_amt: Decimal;
}

/** True when `item` is valid on `date` (`begndate` ≤ date ≤ `enddate`, open end when null). */
export function isItemValidOn(item: Pick<ScopeItem, 'begndate' | 'enddate'>, date: string): boolean {
  if (compareDates(item.begndate, date) > 0) return false;
  return item.enddate === null || compareDates(date, item.enddate) <= 0;
}

/** Step 1 of §3: the line amount must equal round2(pric × cnt). */
export function lineAmountMatches(line: SplitInput): boolean {
  return round2(line.pric.times(line.cnt)).eq(line.det_item_fee_sumamt);
}

/**
 * Steps 2–5 of §3 for one line. `item` is the catalog entry already chosen for the line and
 * valid on the fee date, or null when there is none (missing or not valid): then, as for class
 * 03, the whole amount is self-paid. The caller checks the amount with `lineAmountMatches` first.
 */
export function splitFeeLine(line: SplitInput, item: ScopeItem | null): LineSplit {
  const zero = new Money(0);
  const amount = new Money(line.det_item_fee_sumamt);
  if (item === null || item.chrgitm_lv === '03') {
    return { fulamt_ownpay_amt: amount, overlmt_amt: zero, preselfpay_amt: zero, inscp_scp_amt: zero };
  }
  const cap = item.pric_uplmt_amt;
  const overlmt = cap !== null && line.pric.gt(cap) ? round2(line.pric.minus(cap).times(line.cnt)) : zero;
  const base = amount.minus(overlmt);
  const preselfpay = item.chrgitm_lv === '02' ? round2(base.times(item.selfpay_prop)) : zero;
  return {
    fulamt_ownpay_amt: zero,
    overlmt_amt: overlmt,
    preselfpay_amt: preselfpay,
    inscp_scp_amt: base.minus(preselfpay),
  };
}

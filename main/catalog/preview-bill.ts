/**
 * The split preview of a bill (D-15, docs/sandbox-policy.md §3, docs/his-api.md "Catalog, mapping and
 * preview"): for each HIS line, its national code (given, or from the mapping), the scope entry
 * valid on the fee date in the hospital region's catalog (D-10), and the four parts from the ONE
 * shared split function (`shared/fee-split.ts`), so the preview and the platform agree to the cent
 * whenever their catalogs agree. Pure: the catalog comes in as a {@link CatalogLookup}.
 *
 * Speed: a 10,000-line inpatient bill is previewed in one pass: per line two index lookups, one
 * memo lookup (the split of a distinct entry/price/quantity is computed once per call) and integer
 * fen additions. Totals never go through Decimal.
 */
import type { Decimal } from 'decimal.js';
import { Money, fenToString, formatMoney, type Fen } from '../../shared/money';
import { datePart } from '../../shared/dates';
import { lineAmountMatches, splitFeeLine, type ChrgitmLv, type SplitInput } from '../../shared/fee-split';
import { AppError } from '../../shared/errors/app-error';
import { MED_CHRGITM_TYPE_OTHER, type MedChrgitmType } from '../../shared/dicts/med-chrgitm-type';
import type { CatalogEntry, CatalogLookup } from './catalog-index';
import { CategoryAccumulator, type CategoryTotal } from './fee-categories';

/**
 * Why a line needs a look before upload (docs/his-api.md): `unmapped` (no national code given and no
 * mapping valid on the date), `not_in_catalog` (the code is missing from the catalog or outside its
 * validity on the date), `over_cap` (`overlmt_amt` above 0), `class_c` (丙), `self_pay_share`
 * (`preselfpay_amt` above 0).
 */
export type PreviewAttention = 'unmapped' | 'not_in_catalog' | 'over_cap' | 'class_c' | 'self_pay_share';

/** All attention flags, in the order a line lists them. */
export const PREVIEW_ATTENTIONS: readonly PreviewAttention[] = [
  'unmapped',
  'not_in_catalog',
  'over_cap',
  'class_c',
  'self_pay_share',
];

/**
 * One HIS fee line. Numbers are exact decimal texts (as the zod fields of shared/api give them) or
 * Decimals: `cnt` ≤ 4 dp (negative on refund lines), `pric` ≤ 6 dp, the amount ≤ 2 dp.
 */
export interface PreviewLineInput {
  readonly feedetl_sn: string;
  /** The HIS's own code (医药机构目录编码). */
  readonly medins_list_codg: string;
  /** The national code, when the HIS sends it; it wins over the mapping (docs/his-api.md). */
  readonly med_list_codg?: string | null;
  readonly name?: string;
  readonly cnt: string | Decimal;
  readonly pric: string | Decimal;
  readonly det_item_fee_sumamt: string | Decimal;
  /** When given, its date is the line's fee date (docs/sandbox-policy.md §3 "valid on the fee date"). */
  readonly fee_ocur_time?: string;
}

/** One previewed line (docs/his-api.md fields, plus the category and amount). Money: 2-dp strings. */
export interface PreviewLine {
  readonly feedetl_sn: string;
  readonly medins_list_codg: string;
  /** The national code used, or null when unmapped. */
  readonly med_list_codg: string | null;
  /** The line amount, 2-dp. */
  readonly det_item_fee_sumamt: string;
  readonly fulamt_ownpay_amt: string;
  readonly overlmt_amt: string;
  readonly preselfpay_amt: string;
  readonly inscp_scp_amt: string;
  /** Class of the catalog entry used, or null when none applies. */
  readonly chrgitm_lv: ChrgitmLv | null;
  /** Category of the catalog entry used, or null when none applies (it then counts under 14). */
  readonly med_chrgitm_type: string | null;
  /** Self-pay share of the entry (2–4 dp), or null when none applies. */
  readonly selfpay_prop: string | null;
  /** Unit price cap (6 dp), or null when the entry has no cap or none applies. */
  readonly pric_uplmt_amt: string | null;
  readonly attention: readonly PreviewAttention[];
}

/** The four parts added up over the bill, the bill amount, and counts. Money: 2-dp strings. */
export interface PreviewTotals {
  readonly det_item_fee_sumamt: string;
  readonly fulamt_ownpay_amt: string;
  readonly overlmt_amt: string;
  readonly preselfpay_amt: string;
  readonly inscp_scp_amt: string;
  /** Number of lines. */
  readonly lines: number;
  /** Number of lines carrying each attention flag. */
  readonly attention: Readonly<Record<PreviewAttention, number>>;
}

/** A bill's preview (`POST /api/v1/preview` answer; kept with the visit). */
export interface BillPreview {
  /** The catalog version the preview used. */
  readonly catalog_version: number;
  /** The mapping version the preview used. */
  readonly mapping_version: number;
  /** The default fee date, `yyyy-MM-dd`. */
  readonly date: string;
  readonly lines: readonly PreviewLine[];
  readonly totals: PreviewTotals;
  /** Amounts by the 14 national fee categories (D-16), all 14 in code order. */
  readonly categories: readonly CategoryTotal[];
}

/** Most line numbers named in an AMOUNT_MISMATCH error's detail. */
const MAX_NAMED_LINES = 50;
const NO_ATTENTION: readonly PreviewAttention[] = Object.freeze([]);
const UNMAPPED: readonly PreviewAttention[] = Object.freeze(['unmapped'] as const);
const NOT_IN_CATALOG: readonly PreviewAttention[] = Object.freeze(['not_in_catalog'] as const);

/** Memo keys of lines without an entry: unmapped, and mapped but not in the catalog. */
const UNMAPPED_KEY = {};
const NOT_FOUND_KEY = {};

/** The split of one distinct (entry, price, quantity, amount), as texts and fen, and its uses. */
interface SplitFigures {
  readonly matches: boolean;
  /** The quantity and amount texts the figures were computed from (the price is the memo key). */
  readonly cnt: string;
  readonly input: string;
  /** Next figures of the same entry and price (another quantity or amount text). */
  next: SplitFigures | null;
  readonly amount: string;
  readonly ful: string;
  readonly over: string;
  readonly pre: string;
  readonly inscp: string;
  readonly amountFen: Fen;
  readonly fulFen: Fen;
  readonly overFen: Fen;
  readonly preFen: Fen;
  readonly inscpFen: Fen;
  readonly attention: readonly PreviewAttention[];
  /** Lines of the bill with these figures. */
  uses: number;
}

/** The memo of one entry (or of "unmapped" / "not in catalog"): price → chain of figures. */
interface EntryMemo {
  readonly category: MedChrgitmType;
  readonly byPrice: Map<string, SplitFigures>;
}

/**
 * Previews the split of `lines` on `date` (`yyyy-MM-dd`; a line's own `fee_ocur_time` date wins).
 * Throws AppError `AMOUNT_MISMATCH` naming the lines whose amount is not round2(pric × cnt)
 * (docs/sandbox-policy.md §3 step 1); nothing is previewed then.
 *
 * An inpatient bill repeats the same item at the same price and quantity day after day, so the
 * split of each distinct (entry, pric, cnt, amount) is computed once per call and reused, and the
 * totals are added up per distinct split at the end: the figures are those of `splitFeeLine`
 * either way.
 */
export function previewBill(lines: readonly PreviewLineInput[], date: string, lookup: CatalogLookup): BillPreview {
  const memo = new Map<object, EntryMemo>();
  const out: PreviewLine[] = new Array<PreviewLine>(lines.length);
  const mismatched: string[] = [];
  let lastTime: string | undefined;
  let lastDate = date;

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as PreviewLineInput;
    // Lines come in time order, so the date of the previous line's time is usually reused.
    const time = l.fee_ocur_time;
    if (time !== lastTime) {
      lastTime = time;
      lastDate = time !== undefined && time !== '' ? datePart(time) : date;
    }
    const d = lastDate;
    const given =
      l.med_list_codg !== undefined && l.med_list_codg !== null && l.med_list_codg !== '' ? l.med_list_codg : null;
    const code = given ?? lookup.mapCode(l.medins_list_codg, d);
    const entry = code === null ? null : lookup.findItem(code, d);

    const memoKey = entry ?? (code === null ? UNMAPPED_KEY : NOT_FOUND_KEY);
    let group = memo.get(memoKey);
    if (group === undefined) {
      group = { category: entry === null ? MED_CHRGITM_TYPE_OTHER : entry.category, byPrice: new Map() };
      memo.set(memoKey, group);
    }
    const pric = String(l.pric);
    const cnt = String(l.cnt);
    const amountText = String(l.det_item_fee_sumamt);
    const head = group.byPrice.get(pric);
    let f = head ?? null;
    while (f !== null && (f.cnt !== cnt || f.input !== amountText)) f = f.next;
    if (f === null) {
      f = figuresOf(l, entry, code === null, head ?? null);
      group.byPrice.set(pric, f);
    }
    if (!f.matches) {
      mismatched.push(l.feedetl_sn);
      continue;
    }
    f.uses++;
    out[i] = {
      feedetl_sn: l.feedetl_sn,
      medins_list_codg: l.medins_list_codg,
      med_list_codg: code,
      det_item_fee_sumamt: f.amount,
      fulamt_ownpay_amt: f.ful,
      overlmt_amt: f.over,
      preselfpay_amt: f.pre,
      inscp_scp_amt: f.inscp,
      chrgitm_lv: entry === null ? null : entry.chrgitm_lv,
      med_chrgitm_type: entry === null ? null : entry.med_chrgitm_type,
      selfpay_prop: entry === null ? null : entry.selfpay_prop_text,
      pric_uplmt_amt: entry === null ? null : entry.pric_uplmt_text,
      attention: f.attention,
    };
  }
  if (mismatched.length > 0) {
    throw new AppError('AMOUNT_MISMATCH', {
      message: `费用明细 ${mismatched.slice(0, 5).join('、')}${mismatched.length > 5 ? ` 等 ${mismatched.length} 条` : ''} 的金额与“单价×数量”不一致。`,
      detail: { feedetl_sn: mismatched[0], lines: mismatched.slice(0, MAX_NAMED_LINES), count: mismatched.length },
    });
  }

  // Totals: each distinct split times its number of lines, in integer fen (exact).
  const categories = new CategoryAccumulator();
  let totalFen: Fen = 0;
  let fulFen: Fen = 0;
  let overFen: Fen = 0;
  let preFen: Fen = 0;
  let inscpFen: Fen = 0;
  const counts: Record<PreviewAttention, number> = {
    unmapped: 0,
    not_in_catalog: 0,
    over_cap: 0,
    class_c: 0,
    self_pay_share: 0,
  };
  for (const group of memo.values()) {
    const add = (f: SplitFigures): void => {
      if (f.uses === 0) return;
      totalFen += f.amountFen * f.uses;
      fulFen += f.fulFen * f.uses;
      overFen += f.overFen * f.uses;
      preFen += f.preFen * f.uses;
      inscpFen += f.inscpFen * f.uses;
      categories.add(group.category, f.amountFen * f.uses);
      for (const a of f.attention) counts[a] += f.uses;
    };
    for (const head of group.byPrice.values()) for (let f: SplitFigures | null = head; f !== null; f = f.next) add(f);
  }

  return {
    catalog_version: lookup.catalog_version,
    mapping_version: lookup.mapping_version,
    date,
    lines: out,
    totals: {
      det_item_fee_sumamt: fenToString(totalFen),
      fulamt_ownpay_amt: fenToString(fulFen),
      overlmt_amt: fenToString(overFen),
      preselfpay_amt: fenToString(preFen),
      inscp_scp_amt: fenToString(inscpFen),
      lines: lines.length,
      attention: counts,
    },
    categories: categories.totals(),
  };
}

/** The check and split of one line by the shared functions (docs/sandbox-policy.md §3 steps 1–5). */
function figuresOf(
  l: PreviewLineInput,
  entry: CatalogEntry | null,
  unmapped: boolean,
  next: SplitFigures | null,
): SplitFigures {
  const input: SplitInput = {
    cnt: new Money(l.cnt),
    pric: new Money(l.pric),
    det_item_fee_sumamt: new Money(l.det_item_fee_sumamt),
  };
  const amount = moneyText(input.det_item_fee_sumamt);
  const base = { cnt: String(l.cnt), input: String(l.det_item_fee_sumamt), next, uses: 0, amount };
  if (!lineAmountMatches(input)) {
    return {
      ...base,
      matches: false,
      ful: '',
      over: '',
      pre: '',
      inscp: '',
      amountFen: 0,
      fulFen: 0,
      overFen: 0,
      preFen: 0,
      inscpFen: 0,
      attention: NO_ATTENTION,
    };
  }
  const split = splitFeeLine(input, entry);
  const ful = moneyText(split.fulamt_ownpay_amt);
  const over = moneyText(split.overlmt_amt);
  const pre = moneyText(split.preselfpay_amt);
  const inscp = moneyText(split.inscp_scp_amt);
  const overFen = textFen(over);
  const preFen = textFen(pre);
  let attention = NO_ATTENTION;
  if (unmapped) attention = UNMAPPED;
  else if (entry === null) attention = NOT_IN_CATALOG;
  else {
    const flags: PreviewAttention[] = [];
    if (overFen > 0) flags.push('over_cap');
    if (entry.chrgitm_lv === '03') flags.push('class_c');
    if (preFen > 0) flags.push('self_pay_share');
    if (flags.length > 0) attention = Object.freeze(flags);
  }
  return {
    ...base,
    matches: true,
    ful,
    over,
    pre,
    inscp,
    amountFen: textFen(amount),
    fulFen: textFen(ful),
    overFen,
    preFen,
    inscpFen: textFen(inscp),
    attention,
  };
}

/**
 * A decimal that has at most 2 places (every split part and checked amount has) as 2-dp text,
 * by string padding instead of the general formatter: this runs 50,000 times per 10,000 lines.
 */
function moneyText(d: Decimal): string {
  const s = d.toString();
  const dot = s.indexOf('.');
  if (dot < 0) return s === '-0' ? '0.00' : `${s}.00`;
  const places = s.length - dot - 1;
  if (places === 2) return s;
  if (places === 1) return `${s}0`;
  return formatMoney(d);
}

/** Exact fen of a 2-dp text (`"-12.30"` → -1230). */
function textFen(s: string): Fen {
  return Number(s.replace('.', ''));
}

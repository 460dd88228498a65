/**
 * A bill's amounts by the 14 national fee categories (大类费用, D-16; docs/protocol.md §3
 * `med_chrgitm_type`), for the slip and the reports. Lines without a known category fall under
 * `14` 其他费, so that the categories always add up to the bill (docs/his-api.md, preview).
 */
import { fenToString, parseFen, type Fen } from '../../shared/money';
import { MED_CHRGITM_TYPE, MED_CHRGITM_TYPE_OTHER, type MedChrgitmType } from '../../shared/dicts/med-chrgitm-type';

/** One category's total. */
export interface CategoryTotal {
  /** `01`…`14`. */
  readonly med_chrgitm_type: MedChrgitmType;
  /** Chinese name (床位费 …). */
  readonly name: string;
  /** Sum of the line amounts in this category, 2-dp decimal string. */
  readonly det_item_fee_sumamt: string;
}

/** The 14 category codes in order. */
export const FEE_CATEGORY_CODES = Object.keys(MED_CHRGITM_TYPE) as readonly MedChrgitmType[];

/** The D-16 category of a code: itself when it is `01`…`14`, else `14` (also for null). */
export function feeCategoryOf(medChrgitmType: string | null | undefined): MedChrgitmType {
  return medChrgitmType !== null && medChrgitmType !== undefined && Object.hasOwn(MED_CHRGITM_TYPE, medChrgitmType)
    ? (medChrgitmType as MedChrgitmType)
    : MED_CHRGITM_TYPE_OTHER;
}

/** Accumulates integer fen per category; `totals()` lists all 14 in code order. */
export class CategoryAccumulator {
  private readonly fen = new Map<MedChrgitmType, Fen>();

  /** Adds `amountFen` (integer fen, may be negative for refunds) to category `code`. */
  add(code: MedChrgitmType, amountFen: Fen): void {
    this.fen.set(code, (this.fen.get(code) ?? 0) + amountFen);
  }

  /** All 14 categories in code order, zeros included. */
  totals(): CategoryTotal[] {
    return FEE_CATEGORY_CODES.map((code) => ({
      med_chrgitm_type: code,
      name: MED_CHRGITM_TYPE[code],
      det_item_fee_sumamt: fenToString(this.fen.get(code) ?? 0),
    }));
  }
}

/**
 * Amounts by category of any lines carrying a category and an amount: preview lines, or the
 * platform's 2204/2301 lines (which echo `med_chrgitm_type`). Amounts are 2-dp decimals (strings,
 * JSON numbers or lossless numbers).
 */
export function feeCategories(
  lines: readonly { readonly med_chrgitm_type?: string | null; readonly det_item_fee_sumamt: unknown }[],
): CategoryTotal[] {
  const acc = new CategoryAccumulator();
  lines.forEach((l, i) =>
    acc.add(feeCategoryOf(l.med_chrgitm_type), parseFen(l.det_item_fee_sumamt, `lines[${i}].det_item_fee_sumamt`)),
  );
  return acc.totals();
}

/**
 * The checks every fee line passes before it goes anywhere (D-15 step 1, docs/sandbox-policy.md §3):
 * a serial number used once, a quantity that is not 0 (negative only on a refund line that names
 * its original), and an amount equal to round2(pric × cnt). One pure function, used by the fee
 * upload and by bills typed at the window, so both refuse the same lines.
 */
import type { Decimal } from 'decimal.js';
import { formatMoney, parseMoney, parsePrice, parseQuantity, round2 } from './money';
import { lineAmountMatches } from './fee-split';

/** A line as the checks need it (decimal strings as the HIS API normalises them). */
export interface CheckedLineInput {
  readonly feedetl_sn: string;
  readonly cnt: string;
  readonly pric: string;
  readonly det_item_fee_sumamt: string;
  readonly init_feedetl_sn?: string | undefined;
}

/** Why a line is refused. */
export type FeeLineProblemKind =
  'duplicate_sn' | 'zero_quantity' | 'negative_quantity' | 'refund_without_origin' | 'amount_mismatch';

/** The first refused line: its 0-based index, what is wrong, the field path, and the expected amount. */
export interface FeeLineProblem {
  readonly index: number;
  readonly kind: FeeLineProblemKind;
  readonly feedetl_sn: string;
  readonly field: string;
  /** For amount_mismatch: round2(pric × cnt), 2-dp. */
  readonly expected?: string;
}

/** A line's figures as decimals (throws MoneyParseError naming the field on a malformed figure). */
export interface LineFigures {
  readonly cnt: Decimal;
  readonly pric: Decimal;
  readonly amount: Decimal;
}

/**
 * The first problem of `lines`, or null. `taken` holds serial numbers already used in the visit;
 * `allowRefunds` admits negative quantities on lines that name `init_feedetl_sn` (inpatients).
 */
export function findFeeLineProblem(
  lines: readonly CheckedLineInput[],
  opts: { readonly allowRefunds: boolean; readonly taken?: ReadonlySet<string> },
): FeeLineProblem | null {
  const seen = new Set<string>();
  for (const [index, line] of lines.entries()) {
    const field = `lines[${index}]`;
    const at = (kind: FeeLineProblemKind, f: string, expected?: string): FeeLineProblem => ({
      index,
      kind,
      feedetl_sn: line.feedetl_sn,
      field: f,
      ...(expected ? { expected } : {}),
    });
    if (seen.has(line.feedetl_sn) || opts.taken?.has(line.feedetl_sn)) return at('duplicate_sn', `${field}.feedetl_sn`);
    seen.add(line.feedetl_sn);
    const { cnt, pric, amount } = lineFigures(line, field);
    if (cnt.isZero()) return at('zero_quantity', `${field}.cnt`);
    if (cnt.isNegative() && !opts.allowRefunds) return at('negative_quantity', `${field}.cnt`);
    if (cnt.isNegative() && !line.init_feedetl_sn) return at('refund_without_origin', `${field}.init_feedetl_sn`);
    if (!lineAmountMatches({ cnt, pric, det_item_fee_sumamt: amount }))
      return at('amount_mismatch', field, formatMoney(round2(pric.times(cnt))));
  }
  return null;
}

/** Parses a line's quantity, price and amount. */
export function lineFigures(line: CheckedLineInput, field: string): LineFigures {
  return {
    cnt: parseQuantity(line.cnt, `${field}.cnt`, true),
    pric: parsePrice(line.pric, `${field}.pric`),
    amount: parseMoney(line.det_item_fee_sumamt, `${field}.det_item_fee_sumamt`),
  };
}

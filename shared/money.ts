/**
 * Money on decimal.js (docs/architecture.md §5.6, reliability V2). Amounts are Decimal while computing,
 * integer fen (`Fen`) when stored, and 2-dp decimal strings on the wire. Nothing here passes an
 * amount through a binary float: JSON numbers are read from their literal text.
 */
import { Decimal } from 'decimal.js';

/** Decimal configured for money: 40 significant digits, ties rounded away from zero. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 30 });
export type Money = Decimal;

/** An amount in integer fen (1 yuan = 100 fen). */
export type Fen = number;

/** Largest magnitude accepted for any amount (exclusive): 10^12 yuan, numeric(16,2) with margin. */
export const MAX_AMOUNT = new Money('1e12');

/** Thrown by the strict parsers; `path` names the field when the caller gives one. */
export class MoneyParseError extends Error {
  readonly code = 'BAD_AMOUNT';
  constructor(
    message: string,
    readonly input: unknown,
    readonly path?: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'MoneyParseError';
  }
}

/** Options of the strict decimal parser. */
export interface ParseDecimalOptions {
  /** Most decimals allowed (money 2, ratios 4, prices 6, quantities 4). */
  readonly scale: number;
  /** Accept negative values (cancels and refunds); default true. */
  readonly allowNegative?: boolean;
  /** Field path for the error message. */
  readonly path?: string;
}

const DECIMAL_LITERAL = /^[+-]?(\d+)(?:\.(\d+))?(?:[eE][+-]?\d+)?$/;

/**
 * The literal text of a value that should hold a number: a string, a JS number (its shortest
 * round-trip text, so 0.1 + 0.2 is rejected as having too many decimals), or a lossless-json
 * `LosslessNumber`-like object (`{ isLosslessNumber: true, value: "…" }`). Anything else is null.
 */
export function numericText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'bigint') return value.toString();
  if (
    value !== null &&
    typeof value === 'object' &&
    (value as { isLosslessNumber?: unknown }).isLosslessNumber === true
  ) {
    const v = (value as { value?: unknown }).value;
    return typeof v === 'string' ? v : null;
  }
  return null;
}

/**
 * Parses a decimal strictly: the value must be a plain decimal literal (string, JSON number or
 * lossless number), with at most `scale` decimals once trailing zeros are dropped, and a
 * magnitude below 10^12. Throws MoneyParseError otherwise.
 */
export function parseDecimal(value: unknown, opts: ParseDecimalOptions): Decimal {
  const text = numericText(value);
  if (text === null || text === '' || !DECIMAL_LITERAL.test(text)) {
    throw new MoneyParseError(`not a decimal number: ${JSON.stringify(value)}`, value, opts.path);
  }
  const d = new Money(text);
  if (d.decimalPlaces() > opts.scale) {
    throw new MoneyParseError(`more than ${opts.scale} decimals: ${text}`, value, opts.path);
  }
  if (d.abs().gte(MAX_AMOUNT)) throw new MoneyParseError(`out of range: ${text}`, value, opts.path);
  if (d.isNegative() && !d.isZero() && opts.allowNegative === false) {
    throw new MoneyParseError(`negative not allowed: ${text}`, value, opts.path);
  }
  return d.isZero() ? new Money(0) : d;
}

/** A money amount: at most 2 decimals. */
export function parseMoney(value: unknown, path?: string, allowNegative = true): Decimal {
  return parseDecimal(value, { scale: 2, allowNegative, path });
}

/** A ratio such as `selfpay_prop` or `pool_prop_selfpay`: at most 4 decimals, 0 … 1. */
export function parseRatio(value: unknown, path?: string): Decimal {
  const d = parseDecimal(value, { scale: 4, allowNegative: false, path });
  if (d.gt(1)) throw new MoneyParseError(`ratio above 1: ${String(value)}`, value, path);
  return d;
}

/** A unit price (`pric`, `pric_uplmt_amt`): at most 6 decimals. */
export function parsePrice(value: unknown, path?: string, allowNegative = false): Decimal {
  return parseDecimal(value, { scale: 6, allowNegative, path });
}

/** A quantity (`cnt`): at most 4 decimals; negative only on refund lines. */
export function parseQuantity(value: unknown, path?: string, allowNegative = false): Decimal {
  return parseDecimal(value, { scale: 4, allowNegative, path });
}

/** Round half up (ties away from zero) to 2 decimals: the `round2` of docs/sandbox-policy.md §3. */
export function round2(d: Decimal.Value): Decimal {
  return new Money(d).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Round half up to `dp` decimals. */
export function roundTo(d: Decimal.Value, dp: number): Decimal {
  return new Money(d).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

/** Exact conversion of an amount with at most 2 decimals to integer fen; throws otherwise. */
export function toFen(d: Decimal.Value): Fen {
  const m = new Money(d);
  if (m.decimalPlaces() > 2) throw new MoneyParseError(`not a whole number of fen: ${m.toString()}`, d);
  const fen = m.times(100);
  if (!fen.abs().lt(Number.MAX_SAFE_INTEGER)) throw new MoneyParseError(`out of range: ${m.toString()}`, d);
  const n = fen.toNumber();
  return n === 0 ? 0 : n;
}

/** Integer fen to a Decimal amount in yuan. */
export function fenToDecimal(fen: Fen): Decimal {
  assertFen(fen);
  return new Money(fen).dividedBy(100);
}

/** Integer fen to the wire form: a decimal string with exactly 2 places (`-12.30`, `0.00`). */
export function fenToString(fen: Fen): string {
  assertFen(fen);
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${neg ? '-' : ''}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** A decimal to the wire form: rounded half up to 2 places, printed with exactly 2 places. */
export function formatMoney(d: Decimal.Value): string {
  return fenToString(toFen(round2(d)));
}

/** A decimal printed with exactly `dp` places after rounding half up (ratios: 4, prices: 6). */
export function formatFixed(d: Decimal.Value, dp: number): string {
  const r = roundTo(d, dp);
  const neg = r.isNegative() && !r.isZero();
  const scaled = r.abs().times(new Money(10).pow(dp)).toDecimalPlaces(0).toString();
  const digits = scaled.padStart(dp + 1, '0');
  const int = digits.slice(0, digits.length - dp);
  const frac = digits.slice(digits.length - dp);
  return `${neg ? '-' : ''}${int}${dp > 0 ? `.${frac}` : ''}`;
}

/** Parses a 2-dp wire amount straight to fen. */
export function parseFen(value: unknown, path?: string, allowNegative = true): Fen {
  // Fast path for the plain wire form ("12.30", "-5", "0.5"): integer arithmetic on the digits,
  // no Decimal (issue 19: view totals parse every line's split). Anything else takes the full parser.
  if (typeof value === 'string') {
    const m = PLAIN_AMOUNT.exec(value);
    if (m && (allowNegative || m[1] === '')) {
      const fen = Number(m[2]) * 100 + Number(((m[3] ?? '') + '00').slice(0, 2));
      return m[1] === '-' && fen !== 0 ? -fen : fen;
    }
  }
  return toFen(parseMoney(value, path, allowNegative));
}

/** A plain amount of at most 2 decimals and 12 integer digits: below MAX_AMOUNT (1e12), as the full parser requires. */
const PLAIN_AMOUNT = /^(-?)(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;

/** Sum of decimals. */
export function sum(values: readonly Decimal.Value[]): Decimal {
  return values.reduce<Decimal>((acc, v) => acc.plus(v), new Money(0));
}

/** Smaller / larger of two decimals. */
export const min = (a: Decimal.Value, b: Decimal.Value): Decimal => Money.min(a, b);
export const max = (a: Decimal.Value, b: Decimal.Value): Decimal => Money.max(a, b);

/** For people: `¥1,234.50`, negatives as `-¥12.00`. */
export function formatYuan(value: Decimal.Value): string {
  const s = formatMoney(value);
  const neg = s.startsWith('-');
  const [int = '0', frac = '00'] = (neg ? s.slice(1) : s).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}¥${grouped}.${frac}`;
}

function assertFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen)) throw new MoneyParseError(`fen must be a safe integer: ${String(fen)}`, fen);
}

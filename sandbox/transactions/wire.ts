/**
 * Wire forms of numbers in answers: lossless-json `LosslessNumber`s, so the JSON carries exact
 * number literals — money with exactly 2 decimals, ratios 4, prices 6, quantities 4 — and
 * `pric_uplmt_amt` 999999 when there is no cap (docs/protocol.md §4).
 */
import type { Decimal } from 'decimal.js';
import { LosslessNumber } from 'lossless-json';
import { fenToString, formatFixed, Money, type Fen } from '../../shared/money';

/** Money from fen: `1234.50`, `-25.10`, `0.00`. */
export function moneyFen(fen: Fen): LosslessNumber {
  return new LosslessNumber(fenToString(fen));
}

/** A ratio with 4 decimals. */
export function ratio4(value: Decimal | string): LosslessNumber {
  return new LosslessNumber(formatFixed(new Money(value), 4));
}

/** A unit price with 6 decimals. */
export function price6(value: Decimal | string): LosslessNumber {
  return new LosslessNumber(formatFixed(new Money(value), 6));
}

/** A quantity with 4 decimals. */
export function qty4(value: Decimal | string): LosslessNumber {
  return new LosslessNumber(formatFixed(new Money(value), 4));
}

/** The price cap, or 999999 when the item has none. */
export function priceCap(cap: string | null): LosslessNumber {
  return cap === null ? new LosslessNumber('999999') : price6(cap);
}

/** A plain integer. */
export function int(n: number): LosslessNumber {
  return new LosslessNumber(String(Math.trunc(n)));
}

/**
 * zod readers for the scalar values of platform replies (docs/protocol.md §1.2a, §4).
 *
 * Replies are parsed with lossless-json, so a JSON number arrives as an object
 * `{ isLosslessNumber: true, value: "12.30" }`; tests and lenient gateways also give plain numbers
 * or strings. Every reader here accepts the three forms and reads the literal text, never a
 * binary float. `""`, `null` and an absent key mean "not provided" and read as `null`
 * (never 0: identity checks must be able to skip a missing term).
 *
 * Error messages name the problem, never the value of an identifier or a name (S3).
 */
import { formatFixed, numericText, parseDecimal, parseMoney, toFen } from '../money';
import type { Fen } from '../money';
import { z } from './zod';

/** Thrown by a reader on a value it cannot accept; becomes a zod issue. */
class WireValueError extends Error {}

/** True for the "not provided" forms: absent, `null`, `""` or whitespace only. */
export function isNotProvided(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Builds a schema that maps "not provided" to `null` and anything else through `read`, which
 * throws on a bad value. The key may be absent from its object.
 */
export function nullableReader<T>(read: (value: unknown) => T) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T | null => {
      if (isNotProvided(value)) return null;
      try {
        return read(value);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'bad value' });
        return z.NEVER;
      }
    });
}

/** Makes a nullable reader required: "not provided" becomes an issue. */
export function required<T>(schema: z.ZodType<T | null, unknown>) {
  return schema.transform((value, ctx): T => {
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: 'required value not provided' });
      return z.NEVER;
    }
    return value;
  });
}

/**
 * Money → integer fen (`Fen`), or null when not provided. Rejects more than 2 decimals, a
 * magnitude ≥ 10^12 and anything that is not a decimal literal (docs/reliability.md §1 "Amounts").
 * Negative amounts are accepted: cancels (2208/2305) answer with negated figures (docs/protocol.md §4).
 */
export const moneyFen = nullableReader((value): Fen => toFen(parseMoney(value)));

/**
 * A decimal with at most `scale` places, normalised to exactly `scale` places
 * (`decimalText(4)` reads `0.85` as `"0.8500"`), or null when not provided.
 */
export function decimalText(scale: number) {
  return nullableReader((value): string => formatFixed(parseDecimal(value, { scale }), scale));
}

/** A ratio, numeric(5,4) (`selfpay_prop`, `pool_prop_selfpay`): `"0.8500"`, or null. */
export const ratioText = decimalText(4);

/** A unit price, numeric(16,6) (`pric`, `pric_uplmt_amt`): `"12.500000"`, or null. */
export const priceText = decimalText(6);

/** A quantity, numeric(16,4) (`cnt`): `"2.0000"`, or null. Negative on refund lines. */
export const quantityText = decimalText(4);

const NUMBER_LITERAL = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Any numeric literal kept as its text, without a precision check (`age` 4,1 and other
 * display-only numbers whose precision varies between provinces), or null.
 */
export const numberText = nullableReader((value): string => {
  const text = numericText(value);
  if (text === null || !NUMBER_LITERAL.test(text)) throw new WireValueError('expected a number');
  return text;
});

/** A whole number that fits a JS number exactly (page counters), or null. */
export const intValue = nullableReader((value): number => {
  const text = numericText(value);
  if (text === null || !/^[+-]?\d+$/.test(text)) throw new WireValueError('expected a whole number');
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new WireValueError('whole number out of range');
  return n === 0 ? 0 : n;
});

/**
 * The exact text of an identifier. Strings are kept (trimmed); a number literal is kept as its
 * literal text, so a 19-digit `feedetl_sn` parsed by lossless-json keeps every digit. A plain JS
 * number is accepted only when it is a safe integer: a larger one has already lost digits.
 */
function readId(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new WireValueError('identifier number beyond exact precision');
    return String(value);
  }
  const text = numericText(value);
  if (text === null || !/^[+-]?\d+$/.test(text)) throw new WireValueError('expected an identifier string');
  return text;
}

/** An identifier that may be missing (`psn_no`, `mdtrt_id` in some nodes): exact text or null. */
export const optionalIdString = nullableReader(readId);

/** A required identifier (`setl_id`, `mdtrt_id`, `feedetl_sn`, `sign_no` …): exact text. */
export const idString = required(optionalIdString);

/**
 * A dictionary code as a string (`insutype`, `med_type`, `fund_pay_type` …); a number is
 * turned into its literal text (`310` → `"310"`). Codes outside the dictionaries are normal and
 * kept as they are (docs/protocol.md §1.2a). Null when not provided.
 */
export const codeString = nullableReader(readId);

/** Free text (names, messages, memo); numbers become their literal text. Null when not provided. */
export const textString = nullableReader((value): string => {
  if (typeof value === 'string') return value;
  const text = numericText(value);
  if (text === null) throw new WireValueError('expected text');
  return text;
});

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)?$/;

/**
 * A date `yyyy-MM-dd` or date-time `yyyy-MM-dd HH:mm:ss` (a `T` separator and a fraction of a
 * second, as Java gateways print, are tolerated), kept as the raw text; sentinels such as
 * `1900-01-01` pass (docs/protocol.md §1.2a). Null when not provided.
 */
export const dateText = nullableReader((value): string => {
  if (typeof value !== 'string' || !DATE_TEXT.test(value.trim())) {
    throw new WireValueError('expected yyyy-MM-dd or yyyy-MM-dd HH:mm:ss');
  }
  return value.trim();
});

/**
 * A list node (`insuinfo`, `setldetail`, `result` …): absent or `null` reads as `[]`, and a
 * single object where a list was expected reads as a one-element list.
 */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (isNotProvided(value) ? [] : Array.isArray(value) ? value : [value]), z.array(item));
}

/** An optional object node: absent, `null` or `""` reads as `null`. */
export function optionalNode<T extends z.ZodType>(node: T) {
  return z.preprocess((value) => (isNotProvided(value) ? null : value), node.nullable());
}

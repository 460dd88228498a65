/**
 * zod field types for requests from the HIS and the UI. Bodies are parsed with lossless-json, so a
 * number may arrive as a plain number, a lossless number object or a string; every numeric field
 * is normalised to a decimal string here, exactly, or rejected with its path.
 */
import { z } from 'zod';
import { formatFixed, numericText, parseDecimal } from '../money';
import { isIsoDate } from '../dates';
import { UNSAFE_TEXT_MESSAGE, isSafeText } from '../text-check';

/** A decimal with at most `scale` places, normalised to a string with exactly `scale` places. */
export function decimalField(scale: number, opts: { allowNegative?: boolean } = {}) {
  return z.unknown().transform((v, ctx) => {
    try {
      return formatFixed(parseDecimal(v, { scale, allowNegative: opts.allowNegative ?? false }), scale);
    } catch (e) {
      // The parser's message quotes the value ("negative not allowed: -280.00"); keep only its kind.
      ctx.addIssue({
        code: 'custom',
        message: e instanceof Error ? (e.message.split(':')[0] ?? 'not a decimal') : 'not a decimal',
      });
      return z.NEVER;
    }
  });
}

/** A money amount: ≤ 2 decimals → "12.30". */
export const moneyField = (allowNegative = false) => decimalField(2, { allowNegative });

/** An identifier: a non-empty string, or a number literal kept as its exact text. */
export const idField = (max = 30) =>
  z.unknown().transform((v, ctx) => {
    const text = typeof v === 'string' ? v.trim() : numericText(v);
    if (text === null || text === '' || text.length > max || !isSafeText(text)) {
      ctx.addIssue({ code: 'custom', message: `expected an identifier of 1–${max} characters` });
      return z.NEVER;
    }
    return text;
  });

/** `yyyy-MM-dd HH:mm:ss` (a date alone is accepted and read as midnight). */
export const dateTimeField = z.string().transform((s, ctx) => {
  const t = s.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(t);
  if (
    !m ||
    !isIsoDate(m[1] ?? '') ||
    (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59))
  ) {
    ctx.addIssue({ code: 'custom', message: 'expected yyyy-MM-dd HH:mm:ss' });
    return z.NEVER;
  }
  return m[2] === undefined ? `${m[1]} 00:00:00` : `${m[1]} ${m[2]}:${m[3]}:${m[4]}`;
});

/** A dictionary code: digits, 1–6 characters. */
export const codeField = (max = 6) =>
  z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]+$/, 'expected a code')
    .max(max);

/**
 * Free text from the HIS or the UI: trimmed, `min`–`max` characters, no control or bidi
 * characters and no lone surrogates (shared/text-check.ts). Use it for every string field.
 */
export const textField = (max: number, min = 0) =>
  z.string().trim().min(min).max(max).refine(isSafeText, UNSAFE_TEXT_MESSAGE);

/** Like `textField` but not trimmed (opaque values such as `cainfo`). */
export const rawTextField = (max: number) => z.string().max(max).refine(isSafeText, UNSAFE_TEXT_MESSAGE);

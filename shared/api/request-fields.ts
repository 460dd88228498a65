/**
 * zod field types for requests from the HIS and the UI. Bodies are parsed with lossless-json, so a
 * number may arrive as a plain number, a lossless number object or a string; every numeric field
 * is normalised to a decimal string here, exactly, or rejected with its path.
 */
import { z } from 'zod';
import { formatFixed, numericText, parseDecimal } from '../money';
import { isIsoDate } from '../dates';

/** A decimal with at most `scale` places, normalised to a string with exactly `scale` places. */
export function decimalField(scale: number, opts: { allowNegative?: boolean } = {}) {
  return z.unknown().transform((v, ctx) => {
    try {
      return formatFixed(parseDecimal(v, { scale, allowNegative: opts.allowNegative ?? false }), scale);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'not a decimal' });
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
    if (text === null || text === '' || text.length > max) {
      ctx.addIssue({ code: 'custom', message: `expected an identifier of 1–${max} characters` });
      return z.NEVER;
    }
    return text;
  });

/** `yyyy-MM-dd HH:mm:ss` (a date alone is accepted and read as midnight). */
export const dateTimeField = z.string().transform((s, ctx) => {
  const t = s.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(t);
  if (!m || !isIsoDate(m[1] ?? '') || (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59))) {
    ctx.addIssue({ code: 'custom', message: 'expected yyyy-MM-dd HH:mm:ss' });
    return z.NEVER;
  }
  return m[2] === undefined ? `${m[1]} 00:00:00` : `${m[1]} ${m[2]}:${m[3]}:${m[4]}`;
});

/** A dictionary code: digits, 1–6 characters. */
export const codeField = (max = 6) => z.string().trim().regex(/^[0-9A-Za-z]+$/, 'expected a code').max(max);

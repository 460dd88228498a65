/**
 * parseFen's integer fast path (issue 19) answers exactly what the Decimal parser answers — the
 * same fen, or the same refusal — for plain wire amounts and for anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFen, parseMoney, toFen } from '../../shared/money';

/** The full parser alone (the path before the fast one existed). */
function slow(value: unknown, allowNegative: boolean): number | 'refused' {
  try {
    return toFen(parseMoney(value, undefined, allowNegative));
  } catch {
    return 'refused';
  }
}

function fast(value: unknown, allowNegative: boolean): number | 'refused' {
  try {
    return parseFen(value, undefined, allowNegative);
  } catch {
    return 'refused';
  }
}

const amountLike = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', '-', '+'),
      fc.bigInt({ min: 0n, max: 10n ** 16n }),
      fc.option(fc.stringMatching(/^\d{0,4}$/)),
    )
    .map(([sign, int, frac]) => `${sign}${int.toString()}${frac === null ? '' : `.${frac}`}`),
  fc.stringMatching(/^-?0*\d{0,3}(\.\d{0,3})?$/),
  fc.string({ maxLength: 8 }),
);

describe('parseFen fast path', () => {
  it('agrees with the Decimal parser on every amount-like string, with and without negatives', () => {
    fc.assert(
      fc.property(amountLike, fc.boolean(), (s, neg) => {
        expect(fast(s, neg)).toBe(slow(s, neg));
      }),
      { numRuns: 3000 },
    );
  });

  it('hand-picked: plain amounts, signs, zeros and the edges of the fast path', () => {
    expect(parseFen('12.30')).toBe(1230);
    expect(parseFen('0.5')).toBe(50);
    expect(parseFen('-5')).toBe(-500);
    expect(Object.is(parseFen('-0.00'), 0)).toBe(true);
    expect(parseFen('999999999999.99')).toBe(99999999999999);
    // MAX_AMOUNT (1e12 yuan) and above are refused on both paths.
    expect(fast('1000000000000', true)).toBe('refused');
    expect(fast('9999999999999.99', true)).toBe('refused');
    expect(fast('-1.00', false)).toBe('refused');
    expect(fast('1.005', true)).toBe(slow('1.005', true));
    expect(fast('007.50', true)).toBe(slow('007.50', true));
  });
});

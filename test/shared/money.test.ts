// Money on decimal.js (docs/reliability.md V2): exact parse/format, strict parsing, round half up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fenToString,
  formatFixed,
  formatMoney,
  formatYuan,
  parseFen,
  parseMoney,
  parsePrice,
  parseQuantity,
  parseRatio,
  round2,
  toFen,
} from '../../shared/money';

const FEN_BOUND = 1_000_000_000_000; // ±10^12 fen

describe('money: format(parse(x)) === x (V2)', () => {
  it('round-trips every fen amount within ±10^12', () => {
    fc.assert(
      fc.property(fc.integer({ min: -FEN_BOUND, max: FEN_BOUND }), (fen) => {
        const x = fenToString(fen);
        expect(formatMoney(parseMoney(x))).toBe(x);
        expect(toFen(parseMoney(x))).toBe(fen);
        expect(parseFen(x)).toBe(fen);
      }),
      { numRuns: 10_000 },
    );
  });

  it('prints exactly two places', () => {
    expect(fenToString(0)).toBe('0.00');
    expect(fenToString(5)).toBe('0.05');
    expect(fenToString(-1230)).toBe('-12.30');
    expect(fenToString(4150900)).toBe('41509.00');
    expect(formatYuan('1234.5')).toBe('¥1,234.50');
    expect(formatYuan('-12')).toBe('-¥12.00');
  });
});

describe('money: strict parsing', () => {
  it('accepts the literals real replies carry', () => {
    expect(toFen(parseMoney('0'))).toBe(0);
    expect(toFen(parseMoney('0.0'))).toBe(0);
    expect(toFen(parseMoney('1.50'))).toBe(150);
    expect(toFen(parseMoney('2.000000'))).toBe(200); // trailing zeros are not decimals
    expect(toFen(parseMoney('-25.1'))).toBe(-2510);
    expect(toFen(parseMoney(41509))).toBe(4150900);
    expect(toFen(parseMoney({ isLosslessNumber: true, value: '23442.46' }))).toBe(2344246);
  });

  it('rejects more than 2 decimals, ranges ≥ 10^12, and non-numbers', () => {
    expect(() => parseMoney('1.234')).toThrow(/decimals/);
    expect(() => parseMoney('1e12')).toThrow(/range/);
    expect(() => parseMoney('-1000000000000')).toThrow(/range/);
    expect(() => parseMoney('')).toThrow();
    expect(() => parseMoney('12,30')).toThrow();
    expect(() => parseMoney('NaN')).toThrow();
    expect(() => parseMoney(null)).toThrow();
    expect(() => parseMoney(Number.POSITIVE_INFINITY)).toThrow();
  });

  it('rejects a float sum such as 0.1 + 0.2 instead of rounding it', () => {
    expect(() => parseMoney(0.1 + 0.2)).toThrow(/decimals/);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }), (a, b) => {
        const f = a / 100 + b / 100; // binary float sum
        const exact = fenToString(a + b);
        if (String(f) !== exact.replace(/0+$/, '').replace(/\.$/, '')) expect(() => parseMoney(f)).toThrow();
        else expect(formatMoney(parseMoney(f))).toBe(exact);
      }),
    );
  });

  it('keeps the precisions of ratios (4), prices (6) and quantities (4)', () => {
    expect(formatFixed(parseRatio('0.85'), 4)).toBe('0.8500');
    expect(() => parseRatio('0.12345')).toThrow();
    expect(() => parseRatio('1.5')).toThrow(/above 1/);
    expect(formatFixed(parsePrice('12.123456'), 6)).toBe('12.123456');
    expect(() => parsePrice('1.1234567')).toThrow();
    expect(() => parseQuantity('-1')).toThrow(/negative/);
    expect(formatFixed(parseQuantity('-1', undefined, true), 4)).toBe('-1.0000');
  });
});

describe('money: round2 is half up, ties away from zero', () => {
  it('hand-computed ties', () => {
    expect(formatMoney(round2('1.005'))).toBe('1.01');
    expect(formatMoney(round2('-1.005'))).toBe('-1.01');
    expect(formatMoney(round2('2.675'))).toBe('2.68'); // 2.675 is 2.67499… as a float
    expect(formatMoney(round2('-0.125'))).toBe('-0.13');
    expect(formatMoney(round2('0.0049'))).toBe('0.00');
    expect(formatMoney(round2('-0.0049'))).toBe('0.00');
  });

  it('is symmetric: round2(-x) = -round2(x)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 999 }), (i, milli) => {
        const x = `${i}.${String(milli).padStart(3, '0')}`;
        const pos = formatMoney(round2(x));
        const neg = formatMoney(round2(`-${x}`));
        expect(neg).toBe(pos === '0.00' ? '0.00' : `-${pos}`);
        // Ties (third decimal 5) go away from zero.
        if (milli % 10 === 5) expect(toFen(round2(x))).toBe(i * 100 + (milli - 5) / 10 + 1);
      }),
      { numRuns: 2_000 },
    );
  });
});

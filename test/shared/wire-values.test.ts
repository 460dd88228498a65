// Readers of reply scalars (docs/protocol.md §1.2a): lossless numbers, plain numbers and strings;
// "" / null / absent → null (never 0); exact identifiers.
import { describe, expect, it } from 'vitest';
import { parse as losslessParse } from 'lossless-json';
import {
  codeString,
  dateText,
  idString,
  intValue,
  listOf,
  moneyFen,
  numberText,
  optionalIdString,
  priceText,
  quantityText,
  ratioText,
  textString,
} from '../../shared/protocol/wire-values';
import { z } from '../../shared/protocol/zod';

const ln = (value: string) => ({ isLosslessNumber: true as const, value });

describe('moneyFen', () => {
  const obj = z.object({ a: moneyFen });
  it('reads strings, numbers and lossless numbers to integer fen', () => {
    expect(moneyFen.parse('12.30')).toBe(1230);
    expect(moneyFen.parse(' 12.3 ')).toBe(1230);
    expect(moneyFen.parse(12.3)).toBe(1230);
    expect(moneyFen.parse(ln('41509.00'))).toBe(4150900);
    expect(moneyFen.parse(ln('2.000000'))).toBe(200);
    expect(moneyFen.parse(ln('-25.1'))).toBe(-2510);
    expect(moneyFen.parse(0)).toBe(0);
    expect(moneyFen.parse('0.0')).toBe(0);
  });

  it('reads "", null and an absent key as null, never 0', () => {
    expect(moneyFen.parse('')).toBeNull();
    expect(moneyFen.parse('  ')).toBeNull();
    expect(moneyFen.parse(null)).toBeNull();
    expect(obj.parse({})).toEqual({ a: null });
  });

  it('rejects > 2 decimals, ≥ 10^12, floats with binary noise and non-numbers', () => {
    for (const bad of ['1.234', ln('0.001'), 0.1 + 0.2, '1000000000000', ln('-1e12'), 'abc', true, {}, [1]]) {
      expect(obj.safeParse({ a: bad }).success).toBe(false);
    }
    const r = obj.safeParse({ a: '1.234' });
    expect(!r.success && r.error.issues[0]?.path).toEqual(['a']);
  });
});

describe('decimal texts', () => {
  it('normalise ratios to 4, prices to 6, quantities to 4 places', () => {
    expect(ratioText.parse(ln('0.85'))).toBe('0.8500');
    expect(ratioText.parse('1')).toBe('1.0000');
    expect(ratioText.safeParse('0.12345').success).toBe(false);
    expect(priceText.parse(ln('999999'))).toBe('999999.000000');
    expect(priceText.parse('12.123456')).toBe('12.123456');
    expect(priceText.safeParse('1.1234567').success).toBe(false);
    expect(quantityText.parse(ln('-2'))).toBe('-2.0000');
    expect(quantityText.parse('')).toBeNull();
    expect(numberText.parse(ln('43.0'))).toBe('43.0');
    expect(numberText.safeParse('forty').success).toBe(false);
    expect(intValue.parse('12')).toBe(12);
    expect(intValue.parse(ln('3'))).toBe(3);
    expect(intValue.safeParse('1.5').success).toBe(false);
  });
});

describe('identifiers and codes', () => {
  it('keep a 19-digit feedetl_sn exactly from its literal', () => {
    const parsed = losslessParse('{"feedetl_sn": 1234567890123456789}') as { feedetl_sn: unknown };
    expect(idString.parse(parsed.feedetl_sn)).toBe('1234567890123456789');
    // What a plain JSON.parse would have kept instead:
    expect(String((JSON.parse('{"x": 1234567890123456789}') as { x: number }).x)).not.toBe('1234567890123456789');
  });

  it('refuse a plain JS number that has already lost digits', () => {
    expect(idString.safeParse(Number('1234567890123456789')).success).toBe(false);
    expect(idString.parse(12345)).toBe('12345');
    expect(idString.parse(' 450100G0000189618963 ')).toBe('450100G0000189618963');
  });

  it('require an id where one is required, allow null where optional', () => {
    expect(idString.safeParse('').success).toBe(false);
    expect(idString.safeParse(null).success).toBe(false);
    expect(optionalIdString.parse('')).toBeNull();
    expect(z.object({ id: idString }).safeParse({}).success).toBe(false);
  });

  it('turn numeric codes into text and keep unknown codes', () => {
    expect(codeString.parse(310)).toBe('310');
    expect(codeString.parse(ln('390'))).toBe('390');
    expect(codeString.parse('116032')).toBe('116032');
    expect(codeString.parse(null)).toBeNull();
    expect(textString.parse(ln('12'))).toBe('12');
    expect(textString.parse('张三 ')).toBe('张三 ');
  });
});

describe('dates', () => {
  it('accept yyyy-MM-dd and yyyy-MM-dd HH:mm:ss, keeping the raw text', () => {
    expect(dateText.parse('1983-02-27')).toBe('1983-02-27');
    expect(dateText.parse('1983-02-27 00:00:00')).toBe('1983-02-27 00:00:00');
    expect(dateText.parse('2120-11-01')).toBe('2120-11-01');
    expect(dateText.parse('2023-09-20 18:23:50.0')).toBe('2023-09-20 18:23:50.0');
    expect(dateText.parse('')).toBeNull();
    expect(dateText.safeParse('20230920').success).toBe(false);
    expect(dateText.safeParse(20230920).success).toBe(false);
  });
});

describe('listOf', () => {
  const l = listOf(z.object({ a: codeString }));
  it('reads absent/null as [], a lone object as a one-element list', () => {
    expect(l.parse(undefined)).toEqual([]);
    expect(l.parse(null)).toEqual([]);
    expect(l.parse({ a: 1 })).toEqual([{ a: '1' }]);
    expect(l.parse([{ a: '1' }, { a: null, b: 2 }])).toEqual([{ a: '1' }, { a: null }]);
    expect(l.safeParse(['x']).success).toBe(false);
  });
});

/**
 * Lines of a bill made at the window (renderer/lib/bill-lines): the amount is round2(pric × cnt)
 * on decimals (D-15 step 1, docs/sandbox-policy.md §3), checks by row, and the lines createBill receives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BillRow } from '../../renderer/lib/bill-lines';
import {
  billTotal,
  blankRow,
  defaultBillKind,
  lineAmount,
  rowProblems,
  toFeeLines,
} from '../../renderer/lib/bill-lines';
import { parseChinaDateTime } from '../../shared/china-time';

const row = (over: Partial<BillRow>): BillRow => ({ ...blankRow('k'), ...over });

/** `units / 10^scale` as decimal text with exactly `scale` places ("1520", 2 → "15.20"). */
function decimalText(units: bigint, scale: number): string {
  const s = units.toString().padStart(scale + 1, '0');
  return scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
}

/**
 * The oracle, on integers only: price in 10^-6 and quantity in 10^-4 units, so the product is in
 * 10^-10 units; round half up to 10^-2 (both factors are non-negative).
 */
function expectedAmount(pric: bigint, pricScale: number, cnt: bigint, cntScale: number): string {
  const p6 = pric * 10n ** BigInt(6 - pricScale);
  const c4 = cnt * 10n ** BigInt(4 - cntScale);
  const fen = (p6 * c4 + 50_000_000n) / 100_000_000n;
  return decimalText(fen, 2);
}

describe('lineAmount', () => {
  it('is round2(pric × cnt), worked by hand', () => {
    expect(lineAmount('2', '15.20')).toBe('30.40');
    expect(lineAmount('1', '8.40')).toBe('8.40');
    // Binary floats get these wrong: 1.005 × 1 is 1.00499… and 0.1 × 3 is 0.30000000000000004.
    expect(lineAmount('1', '1.005')).toBe('1.01');
    expect(lineAmount('3', '0.1')).toBe('0.30');
    expect(lineAmount('0.3333', '3.000003')).toBe('1.00');
    expect(lineAmount('1.5', '0.003333')).toBe('0.00');
    expect(lineAmount('1.5', '0.003334')).toBe('0.01');
    expect(lineAmount(' 10 ', ' 3.6 ')).toBe('36.00');
  });

  it('is null for what cannot be read: too many places, negatives, words, empty', () => {
    expect(lineAmount('1.00001', '1')).toBeNull();
    expect(lineAmount('1', '1.0000001')).toBeNull();
    expect(lineAmount('-1', '1')).toBeNull();
    expect(lineAmount('1', '-1')).toBeNull();
    expect(lineAmount('两', '1')).toBeNull();
    expect(lineAmount('', '1')).toBeNull();
    expect(lineAmount('1e3', '1')).toBe('1000.00');
  });

  it('equals round2(pric × cnt) computed on integers for random decimal strings (property)', () => {
    const pric = fc
      .integer({ min: 0, max: 6 })
      .chain((scale) =>
        fc.record({ scale: fc.constant(scale), units: fc.bigInt({ min: 0n, max: 10n ** BigInt(6 + scale) - 1n }) }),
      );
    const cnt = fc
      .integer({ min: 0, max: 4 })
      .chain((scale) =>
        fc.record({ scale: fc.constant(scale), units: fc.bigInt({ min: 1n, max: 10n ** BigInt(4 + scale) - 1n }) }),
      );
    fc.assert(
      fc.property(pric, cnt, (p, c) => {
        const got = lineAmount(decimalText(c.units, c.scale), decimalText(p.units, p.scale));
        expect(got).toBe(expectedAmount(p.units, p.scale, c.units, c.scale));
      }),
      { numRuns: 2000 },
    );
  });

  it('sums readable lines for the total, on decimals', () => {
    expect(
      billTotal([row({ cnt: '2', pric: '15.20' }), row({ cnt: '1', pric: '8.40' }), row({ cnt: 'x', pric: '1' })]),
    ).toBe('38.80');
    expect(billTotal(Array.from({ length: 10 }, () => row({ cnt: '1', pric: '0.1' })))).toBe('1.00');
  });
});

describe('rowProblems', () => {
  it('names each missing or bad field in Chinese', () => {
    expect(rowProblems(row({ med_list_codg: 'X', name: 'n', cnt: '1', pric: '1' }))).toEqual([]);
    expect(rowProblems(row({ name: '', cnt: '', pric: '' }))).toEqual([
      '缺少医保目录编码（国家编码）',
      '缺少项目名称',
      '缺少数量',
      '缺少单价',
    ]);
    expect(rowProblems(row({ med_list_codg: 'X', name: 'n', cnt: '0', pric: '1.1234567' }))).toEqual([
      '数量必须大于0',
      '单价“1.1234567”不是有效金额（不能为负，最多6位小数）',
    ]);
  });
});

describe('toFeeLines', () => {
  const NOW = parseChinaDateTime('2026-11-23 09:30:05') ?? 0;

  it('makes createBill lines: generated serial numbers, hospital code defaulted, amounts, fee time', () => {
    const r = toFeeLines(
      [
        row({ med_list_codg: 'XJ01CRA137A001010100788', name: '阿莫西林胶囊', cnt: '2', pric: '15.20' }),
        blankRow('b'),
        row({
          med_list_codg: 'XN02BEA011A001010100321',
          medins_list_codg: 'YP-0321',
          name: '对乙酰氨基酚片',
          cnt: '1',
          pric: '8.40',
          feedetl_sn: 'F9',
        }),
        blankRow('c'),
      ],
      NOW + 123,
    );
    expect(r).toEqual({
      ok: true,
      lines: [
        {
          feedetl_sn: '202611230930051230001',
          med_list_codg: 'XJ01CRA137A001010100788',
          medins_list_codg: 'XJ01CRA137A001010100788',
          name: '阿莫西林胶囊',
          cnt: '2',
          pric: '15.20',
          det_item_fee_sumamt: '30.40',
          fee_ocur_time: '2026-11-23 09:30:05',
        },
        {
          feedetl_sn: 'F9',
          med_list_codg: 'XN02BEA011A001010100321',
          medins_list_codg: 'YP-0321',
          name: '对乙酰氨基酚片',
          cnt: '1',
          pric: '8.40',
          det_item_fee_sumamt: '8.40',
          fee_ocur_time: '2026-11-23 09:30:05',
        },
      ],
    });
  });

  it('refuses with every problem by shown row number, and an empty bill', () => {
    const r = toFeeLines(
      [
        row({ med_list_codg: 'A', name: 'a', cnt: '1', pric: '1', feedetl_sn: 'S' }),
        row({ med_list_codg: 'B', name: '', cnt: '1', pric: '1', feedetl_sn: 'S' }),
      ],
      NOW,
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        { row: 2, message: '缺少项目名称' },
        { row: 2, message: '明细流水号 S 与第 1 行重复' },
      ],
    });
    expect(toFeeLines([blankRow('a')], NOW)).toEqual({
      ok: false,
      errors: [{ row: null, message: '没有费用明细：请至少录入一行。' }],
    });
  });
});

describe('defaultBillKind', () => {
  it('is pharmacy at a 定点药店 (code P…) and outpatient elsewhere', () => {
    expect(defaultBillKind('P41020200105')).toBe('pharmacy');
    expect(defaultBillKind('H41020200011')).toBe('outpatient');
    expect(defaultBillKind(undefined)).toBe('outpatient');
  });
});

// The per-line split of docs/sandbox-policy.md §3 (D-15): hand-computed cases and the identity
// A = fulamt + overlmt + preselfpay + inscp for random lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { isItemValidOn, lineAmountMatches, splitFeeLine } from '../../shared/fee-split';
import type { ChrgitmLv, LineSplit, ScopeItem } from '../../shared/fee-split';
import { Money, formatMoney, round2 } from '../../shared/money';

const m = (s: string | number): Decimal => new Money(s);

function item(lv: ChrgitmLv, selfpay: string, cap: string | null): ScopeItem {
  return {
    med_list_codg: 'X01',
    med_chrgitm_type: '09',
    chrgitm_lv: lv,
    selfpay_prop: m(selfpay),
    pric_uplmt_amt: cap === null ? null : m(cap),
    begndate: '2020-01-01',
    enddate: null,
  };
}

const show = (s: LineSplit): string[] =>
  [s.fulamt_ownpay_amt, s.overlmt_amt, s.preselfpay_amt, s.inscp_scp_amt].map((d) => formatMoney(d));

describe('fee split: hand-computed cases (docs/sandbox-policy.md §3)', () => {
  it('甲 without cap: all in scope', () => {
    const line = { cnt: m(2), pric: m('12.5'), det_item_fee_sumamt: m('25.00') };
    expect(lineAmountMatches(line)).toBe(true);
    expect(show(splitFeeLine(line, item('01', '0', null)))).toEqual(['0.00', '0.00', '0.00', '25.00']);
  });

  it('乙 above its cap: over-cap part, then the self-pay share of the rest', () => {
    // A = 30 × 2 = 60; overlmt = (30 − 25) × 2 = 10; base 50; preselfpay = 50 × 0.10 = 5; inscp 45.
    const line = { cnt: m(2), pric: m(30), det_item_fee_sumamt: m('60.00') };
    expect(show(splitFeeLine(line, item('02', '0.10', '25.000000')))).toEqual(['0.00', '10.00', '5.00', '45.00']);
  });

  it('丙 and items missing from the catalog are fully self-paid', () => {
    const line = { cnt: m(1), pric: m('8.8'), det_item_fee_sumamt: m('8.80') };
    expect(show(splitFeeLine(line, item('03', '0', null)))).toEqual(['8.80', '0.00', '0.00', '0.00']);
    expect(show(splitFeeLine(line, null))).toEqual(['8.80', '0.00', '0.00', '0.00']);
  });

  it('rounds each part half up', () => {
    // A = 3.33 × 3 = 9.99; preselfpay = round2(9.99 × 0.15 = 1.4985) = 1.50; inscp = 8.49.
    const a = { cnt: m(3), pric: m('3.33'), det_item_fee_sumamt: m('9.99') };
    expect(show(splitFeeLine(a, item('02', '0.15', null)))).toEqual(['0.00', '0.00', '1.50', '8.49']);
    // A = round2(10.125 × 3 = 30.375) = 30.38; overlmt = round2(0.125 × 3 = 0.375) = 0.38; inscp 30.00.
    const b = { cnt: m(3), pric: m('10.125'), det_item_fee_sumamt: m('30.38') };
    expect(lineAmountMatches(b)).toBe(true);
    expect(show(splitFeeLine(b, item('01', '0', '10')))).toEqual(['0.00', '0.38', '0.00', '30.00']);
  });

  it('a refund line (negative cnt) splits into negated parts', () => {
    const line = { cnt: m(-2), pric: m(30), det_item_fee_sumamt: m('-60.00') };
    expect(show(splitFeeLine(line, item('02', '0.10', '25')))).toEqual(['0.00', '-10.00', '-5.00', '-45.00']);
  });

  it('a price at the cap is not over the cap', () => {
    const line = { cnt: m(4), pric: m(25), det_item_fee_sumamt: m('100.00') };
    expect(show(splitFeeLine(line, item('01', '0', '25')))).toEqual(['0.00', '0.00', '0.00', '100.00']);
  });

  it('rejects an amount that is not round2(pric × cnt)', () => {
    expect(lineAmountMatches({ cnt: m(3), pric: m('3.33'), det_item_fee_sumamt: m('10.00') })).toBe(false);
  });

  it('validity is inclusive at both ends, open when enddate is null', () => {
    const it1 = { begndate: '2026-01-01', enddate: '2026-06-30' };
    expect(isItemValidOn(it1, '2025-12-31')).toBe(false);
    expect(isItemValidOn(it1, '2026-01-01')).toBe(true);
    expect(isItemValidOn(it1, '2026-06-30')).toBe(true);
    expect(isItemValidOn(it1, '2026-07-01')).toBe(false);
    expect(isItemValidOn({ begndate: '2026-01-01', enddate: null }, '2099-01-01')).toBe(true);
  });
});

const lvArb = fc.constantFrom<ChrgitmLv>('01', '02', '03');
const itemArb = fc.option(
  fc.record({
    lv: lvArb,
    prop: fc.integer({ min: 0, max: 10_000 }),
    cap: fc.option(fc.integer({ min: 0, max: 200_000_000 }), { nil: null }),
  }),
  { nil: null },
);
const lineArb = fc.record({
  cnt: fc.integer({ min: 1, max: 99_999_999 }), // × 10^-4
  pric: fc.integer({ min: 0, max: 200_000_000 }), // × 10^-6
  sign: fc.constantFrom(1, -1),
});

describe('fee split: properties', () => {
  it('the four parts add up to the line amount; none negative on positive lines; all whole fen', () => {
    fc.assert(
      fc.property(lineArb, itemArb, (l, it0) => {
        const cnt = m(l.cnt).dividedBy(10_000).times(l.sign);
        const pric = m(l.pric).dividedBy(1_000_000);
        const amount = round2(pric.times(cnt));
        const scope =
          it0 === null
            ? null
            : item(
                it0.lv,
                m(it0.prop).dividedBy(10_000).toString(),
                it0.cap === null ? null : m(it0.cap).dividedBy(1_000_000).toString(),
              );
        const s = splitFeeLine({ cnt, pric, det_item_fee_sumamt: amount }, scope);
        const parts = [s.fulamt_ownpay_amt, s.overlmt_amt, s.preselfpay_amt, s.inscp_scp_amt];
        expect(parts.reduce((a, p) => a.plus(p), m(0)).eq(amount)).toBe(true);
        for (const p of parts) {
          expect(p.decimalPlaces()).toBeLessThanOrEqual(2);
          if (l.sign > 0) expect(p.isNegative() && !p.isZero()).toBe(false);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});

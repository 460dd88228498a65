/** The common fee-line checks (D-15 step 1): serial numbers, quantities, amount = round2(pric × cnt). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findFeeLineProblem } from '../../shared/fee-line-check';
import { formatFixed, formatMoney, Money, round2 } from '../../shared/money';

const line = (feedetl_sn: string, cnt: string, pric: string, amount: string, init?: string) => ({
  feedetl_sn,
  cnt,
  pric,
  det_item_fee_sumamt: amount,
  ...(init ? { init_feedetl_sn: init } : {}),
});

describe('findFeeLineProblem', () => {
  it('accepts good lines and names the first bad one', () => {
    expect(
      findFeeLineProblem([line('1', '2', '18.60', '37.20'), line('2', '3', '0.333333', '1.00')], {
        allowRefunds: false,
      }),
    ).toBeNull();
    expect(
      findFeeLineProblem([line('1', '2', '18.60', '37.20'), line('2', '2', '18.60', '37.00')], { allowRefunds: false }),
    ).toEqual({ index: 1, kind: 'amount_mismatch', feedetl_sn: '2', field: 'lines[1]', expected: '37.20' });
  });
  it('refuses repeated serial numbers, also against those already used in the visit', () => {
    expect(
      findFeeLineProblem([line('1', '1', '1', '1.00'), line('1', '1', '1', '1.00')], { allowRefunds: false })?.kind,
    ).toBe('duplicate_sn');
    expect(
      findFeeLineProblem([line('9', '1', '1', '1.00')], { allowRefunds: false, taken: new Set(['9']) })?.kind,
    ).toBe('duplicate_sn');
  });
  it('refuses zero quantities; negative only on refund lines naming their original', () => {
    expect(findFeeLineProblem([line('1', '0', '1', '0.00')], { allowRefunds: true })?.kind).toBe('zero_quantity');
    expect(findFeeLineProblem([line('1', '-1', '5', '-5.00')], { allowRefunds: false })?.kind).toBe(
      'negative_quantity',
    );
    expect(findFeeLineProblem([line('1', '-1', '5', '-5.00')], { allowRefunds: true })?.kind).toBe(
      'refund_without_origin',
    );
    expect(findFeeLineProblem([line('1', '-1', '5', '-5.00', '0')], { allowRefunds: true })).toBeNull();
  });
  it('property: a line is accepted exactly when its amount is round2(pric × cnt)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: -3, max: 3 }),
        (cnt4, pric6, delta) => {
          const cnt = formatFixed(new Money(cnt4).dividedBy(10_000), 4);
          const pric = formatFixed(new Money(pric6).dividedBy(1_000_000), 6);
          const exact = round2(new Money(pric).times(cnt));
          const amount = formatMoney(exact.plus(new Money(delta).dividedBy(100)));
          const p = findFeeLineProblem([line('1', cnt, pric, amount)], { allowRefunds: false });
          return delta === 0 ? p === null : p?.kind === 'amount_mismatch' && p.expected === formatMoney(exact);
        },
      ),
      { numRuns: 500 },
    );
  });
});

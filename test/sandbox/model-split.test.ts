/** Catalog lookup and the per-line split (docs/sandbox-policy.md §3, D-10, D-15), with a fast-check property. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAmountMatches, splitFeeLine, type ScopeItem } from '../../shared/fee-split';
import { Money, round2 } from '../../shared/money';
import { lookupScopeItem, splitWithLookup, type CatalogRow } from '../../sandbox/model/scope-lookup';

const row = (over: Partial<CatalogRow>): CatalogRow => ({
  admdvs: '410200',
  med_list_codg: 'X1',
  name: 'x',
  med_chrgitm_type: '09',
  chrgitm_lv: '02',
  selfpay_prop: '0.10',
  pric_uplmt_amt: '25.000000',
  begndate: '2020-01-01',
  enddate: null,
  seq: 1,
  ...over,
});
const line = (pric: string, cnt: string, amt: string) => ({
  pric: new Money(pric),
  cnt: new Money(cnt),
  det_item_fee_sumamt: new Money(amt),
});

describe('sandbox model: per-line split (docs/sandbox-policy.md §3)', () => {
  it('§3.2 the most specific covering catalog wins (own code, then city, then province)', () => {
    const rows = [
      row({ admdvs: '410000', seq: 1, chrgitm_lv: '01' }),
      row({ admdvs: '410200', seq: 2, chrgitm_lv: '02' }),
      row({ admdvs: '410202', seq: 3, chrgitm_lv: '03' }),
      row({ admdvs: '430100', seq: 4 }),
    ];
    expect(lookupScopeItem(rows, '410202', '2026-11-20')).toMatchObject({ status: 'found', row: { admdvs: '410202' } });
    expect(lookupScopeItem(rows, '410203', '2026-11-20')).toMatchObject({ status: 'found', row: { admdvs: '410200' } });
    expect(lookupScopeItem(rows, '410302', '2026-11-20')).toMatchObject({ status: 'found', row: { admdvs: '410000' } });
    expect(lookupScopeItem(rows, '440100', '2026-11-20')).toEqual({ status: 'missing' });
  });

  it('§3.2 the first entry valid on the fee date is used; none valid → fully self-paid', () => {
    const rows = [
      row({ seq: 1, enddate: '2025-12-31', chrgitm_lv: '01' }),
      row({ seq: 2, begndate: '2026-01-01', chrgitm_lv: '02' }),
    ];
    expect(lookupScopeItem(rows, '410202', '2025-06-01')).toMatchObject({ status: 'found', row: { seq: 1 } });
    expect(lookupScopeItem(rows, '410202', '2026-06-01')).toMatchObject({ status: 'found', row: { seq: 2 } });
    const old = [row({ enddate: '2019-12-31', begndate: '2019-01-01' })];
    const lk = lookupScopeItem(old, '410202', '2026-06-01');
    expect(lk.status).toBe('not_valid');
    expect(splitWithLookup(line('10', '2', '20.00'), lk)).toMatchObject({
      fulamt_ownpay_amt: new Money('20'),
      inscp_scp_amt: new Money(0),
    });
  });

  it('§3.1 the amount must equal round2(pric × cnt), half up', () => {
    expect(lineAmountMatches(line('3.333333', '3', '10.00'))).toBe(true);
    expect(lineAmountMatches(line('3.333333', '3', '9.99'))).toBe(false);
    expect(lineAmountMatches(line('0.005', '1', '0.01'))).toBe(true);
    expect(lineAmountMatches(line('12.35', '-1', '-12.35'))).toBe(true);
  });

  it('§3.3–§3.5 cap, 乙 share and in-scope remainder (hand-computed)', () => {
    const lk = lookupScopeItem([row({ selfpay_prop: '0.20' })], '410202', '2026-11-20');
    // pric 30 > cap 25: overlmt 5; base 25; preself 5; inscp 20
    expect(splitWithLookup(line('30', '1', '30.00'), lk)).toEqual({
      fulamt_ownpay_amt: new Money(0),
      overlmt_amt: new Money(5),
      preselfpay_amt: new Money(5),
      inscp_scp_amt: new Money(20),
    });
    // 9.99 × 0.05 = 0.4995 → 0.50
    const lk2 = lookupScopeItem([row({ selfpay_prop: '0.05', pric_uplmt_amt: null })], '410202', '2026-11-20');
    expect(String(splitWithLookup(line('3.33', '3', '9.99'), lk2).preselfpay_amt)).toBe('0.5');
    // class 03 fully self-paid
    const lk3 = lookupScopeItem([row({ chrgitm_lv: '03' })], '410202', '2026-11-20');
    expect(String(splitWithLookup(line('5', '1', '5.00'), lk3).fulamt_ownpay_amt)).toBe('5');
  });

  it('§3.5 property: the four parts add up to the amount, none negative for positive lines', () => {
    const item = fc.record({
      chrgitm_lv: fc.constantFrom<'01' | '02' | '03'>('01', '02', '03'),
      prop: fc.integer({ min: 0, max: 10_000 }),
      cap: fc.option(fc.integer({ min: 0, max: 100_000_000 }), { nil: null }),
    });
    const lineArb = fc.record({
      pric: fc.integer({ min: 0, max: 100_000_000 }),
      cnt: fc.integer({ min: 1, max: 100_000 }),
    });
    fc.assert(
      fc.property(item, lineArb, fc.boolean(), (it, l, missing) => {
        const scope: ScopeItem = {
          med_list_codg: 'X',
          med_chrgitm_type: '09',
          chrgitm_lv: it.chrgitm_lv,
          selfpay_prop: new Money(it.prop).div(10_000),
          pric_uplmt_amt: it.cap === null ? null : new Money(it.cap).div(1_000_000),
          begndate: '2020-01-01',
          enddate: null,
        };
        const pric = new Money(l.pric).div(1_000_000);
        const cnt = new Money(l.cnt).div(100);
        const amt = round2(pric.times(cnt));
        const parts = splitFeeLine({ pric, cnt, det_item_fee_sumamt: amt }, missing ? null : scope);
        const all = [parts.fulamt_ownpay_amt, parts.overlmt_amt, parts.preselfpay_amt, parts.inscp_scp_amt];
        expect(all.reduce((a, b) => a.plus(b), new Money(0)).eq(amt)).toBe(true);
        for (const p of all) {
          expect(p.isNegative() && !p.isZero()).toBe(false);
          expect(p.decimalPlaces()).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

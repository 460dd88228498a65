/**
 * previewBill: the per-line split of docs/sandbox-policy.md §3 (D-15) on every class and cap case, the
 * attention flags of docs/his-api.md, totals and the D-16 categories — all figures computed by hand.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex } from '../../main/catalog/catalog-index';
import { previewBill, type PreviewLine, type PreviewLineInput } from '../../main/catalog/preview-bill';
import { feeCategories } from '../../main/catalog/fee-categories';
import { AppError } from '../../shared/errors/app-error';
import { mapping, scopeOf } from './scope-fixtures';

const DATE = '2026-11-20';

const scope = scopeOf([
  { code: 'N001', type: '01', lv: '01', cap: '35.00' }, // 甲 with a cap
  { code: 'N002', type: '02', lv: '01' }, // 甲, no cap
  { code: 'N003', type: '03', lv: '02', share: '0.10', cap: '260' }, // 乙 with share and cap
  { code: 'N004', type: '09', lv: '02', share: '0.20' }, // 乙, no cap
  { code: 'N005', type: '09', lv: '03' }, // 丙
  { code: 'N006', type: '08', lv: '01', enddate: '2025-12-31' }, // expired before DATE
  { code: 'N007', type: '11', lv: '02', share: '0.15' },
]);
const index = buildCatalogIndex(scope, {
  mapping_version: 3,
  mappings: [mapping('HG', 'N002'), mapping('HE', 'N002', '2020-01-01', '2025-12-31')],
});

const line = (
  sn: string,
  medins: string,
  pric: string,
  cnt: string,
  amount: string,
  national?: string,
): PreviewLineInput => ({
  feedetl_sn: sn,
  medins_list_codg: medins,
  pric,
  cnt,
  det_item_fee_sumamt: amount,
  ...(national !== undefined ? { med_list_codg: national } : {}),
});

const BILL: PreviewLineInput[] = [
  line('L1', 'h1', '40', '3', '120.00', 'N001'), // 甲 over cap: over (40−35)×3 = 15.00, in scope 105.00
  line('L2', 'h2', '12.5', '2', '25.00', 'N002'), // 甲 no cap: all in scope
  line('L3', 'h3', '300', '1', '300.00', 'N003'), // 乙 over cap: over 40.00, base 260, share 26.00, in scope 234.00
  line('L4', 'h4', '3.33', '3', '9.99', 'N004'), // 乙 no cap: 9.99 × 0.20 = 1.998 → 2.00, in scope 7.99
  line('L5', 'h5', '50', '2', '100.00', 'N005'), // 丙: all self-paid
  line('L6', 'h6', '20', '1', '20.00', 'N006'), // outside validity: all self-paid, not_in_catalog
  line('L7', 'HG', '12.5', '1', '12.50'), // mapped hospital code → N002
  line('L8', 'HX', '7.77', '1', '7.77'), // unmapped
  line('L9', 'HG', '200', '1', '200.00', 'N003'), // national code given wins over the mapping; 乙 under cap: 20.00 / 180.00
  line('L10', 'h10', '0.1', '1', '0.10', 'N007'), // 0.10 × 0.15 = 0.015 → 0.02 (half up), in scope 0.08
  line('L11', 'h11', '35', '1', '35.00', 'N001'), // price equal to the cap: nothing over
];

function byId(lines: readonly PreviewLine[], sn: string): PreviewLine {
  const l = lines.find((x) => x.feedetl_sn === sn);
  if (l === undefined) throw new Error(`no line ${sn}`);
  return l;
}

const parts = (l: PreviewLine) => [l.fulamt_ownpay_amt, l.overlmt_amt, l.preselfpay_amt, l.inscp_scp_amt];

describe('previewBill (docs/sandbox-policy.md §3, D-15)', () => {
  const p = previewBill(BILL, DATE, index);

  it('records the catalog and mapping versions it used', () => {
    expect(p.catalog_version).toBe(7);
    expect(p.mapping_version).toBe(3);
    expect(p.date).toBe(DATE);
  });

  it('甲 over the cap: the part above the cap is self-paid, the rest in scope', () => {
    const l = byId(p.lines, 'L1');
    expect(parts(l)).toEqual(['0.00', '15.00', '0.00', '105.00']);
    expect(l.chrgitm_lv).toBe('01');
    expect(l.pric_uplmt_amt).toBe('35.000000');
    expect(l.attention).toEqual(['over_cap']);
  });

  it('甲 without a cap: all in scope, pric_uplmt_amt null, no attention', () => {
    const l = byId(p.lines, 'L2');
    expect(parts(l)).toEqual(['0.00', '0.00', '0.00', '25.00']);
    expect(l.pric_uplmt_amt).toBeNull();
    expect(l.selfpay_prop).toBe('0.00');
    expect(l.attention).toEqual([]);
  });

  it('乙 over the cap: cap part first, then the share of the capped base', () => {
    const l = byId(p.lines, 'L3');
    expect(parts(l)).toEqual(['0.00', '40.00', '26.00', '234.00']);
    expect(l.selfpay_prop).toBe('0.10');
    expect(l.pric_uplmt_amt).toBe('260.000000');
    expect(l.attention).toEqual(['over_cap', 'self_pay_share']);
  });

  it('乙 without a cap: the share rounds half up', () => {
    expect(parts(byId(p.lines, 'L4'))).toEqual(['0.00', '0.00', '2.00', '7.99']);
    expect(parts(byId(p.lines, 'L10'))).toEqual(['0.00', '0.00', '0.02', '0.08']);
    expect(byId(p.lines, 'L10').selfpay_prop).toBe('0.15');
  });

  it('乙 under the cap: only the share', () => {
    const l = byId(p.lines, 'L9');
    expect(l.med_list_codg).toBe('N003');
    expect(parts(l)).toEqual(['0.00', '0.00', '20.00', '180.00']);
    expect(l.attention).toEqual(['self_pay_share']);
  });

  it('a price equal to the cap is not over it', () => {
    expect(parts(byId(p.lines, 'L11'))).toEqual(['0.00', '0.00', '0.00', '35.00']);
    expect(byId(p.lines, 'L11').attention).toEqual([]);
  });

  it('丙: fully self-paid, flagged class_c', () => {
    const l = byId(p.lines, 'L5');
    expect(parts(l)).toEqual(['100.00', '0.00', '0.00', '0.00']);
    expect(l.chrgitm_lv).toBe('03');
    expect(l.attention).toEqual(['class_c']);
  });

  it('an item outside its validity on the date is not in the catalog: fully self-paid', () => {
    const l = byId(p.lines, 'L6');
    expect(parts(l)).toEqual(['20.00', '0.00', '0.00', '0.00']);
    expect(l.med_list_codg).toBe('N006');
    expect(l.chrgitm_lv).toBeNull();
    expect(l.attention).toEqual(['not_in_catalog']);
    // The same line on a date inside the validity is in scope.
    const earlier = previewBill([BILL[5] as PreviewLineInput], '2025-12-31', index);
    expect(parts(earlier.lines[0] as PreviewLine)).toEqual(['0.00', '0.00', '0.00', '20.00']);
  });

  it('the national code comes from the mapping when the HIS does not send it', () => {
    const l = byId(p.lines, 'L7');
    expect(l.med_list_codg).toBe('N002');
    expect(parts(l)).toEqual(['0.00', '0.00', '0.00', '12.50']);
  });

  it('an unmapped hospital code (or an expired mapping) is fully self-paid and flagged unmapped', () => {
    const l = byId(p.lines, 'L8');
    expect(l.med_list_codg).toBeNull();
    expect(parts(l)).toEqual(['7.77', '0.00', '0.00', '0.00']);
    expect(l.attention).toEqual(['unmapped']);
    const expired = previewBill([line('E1', 'HE', '1', '1', '1.00')], DATE, index);
    expect(expired.lines[0]?.attention).toEqual(['unmapped']);
    const before = previewBill([line('E1', 'HE', '1', '1', '1.00')], '2025-06-01', index);
    expect(before.lines[0]?.med_list_codg).toBe('N002');
  });

  it('totals add up the four parts, and the parts add up to the bill', () => {
    expect(p.totals).toEqual({
      det_item_fee_sumamt: '830.36',
      fulamt_ownpay_amt: '127.77',
      overlmt_amt: '55.00',
      preselfpay_amt: '48.02',
      inscp_scp_amt: '599.57',
      lines: 11,
      attention: { unmapped: 1, not_in_catalog: 1, over_cap: 2, class_c: 1, self_pay_share: 4 },
    });
  });

  it('categories (D-16): all 14, lines without a catalog item under 14, adding up to the bill', () => {
    expect(p.categories).toHaveLength(14);
    const amounts = Object.fromEntries(p.categories.map((c) => [c.med_chrgitm_type, c.det_item_fee_sumamt]));
    expect(amounts).toEqual({
      '01': '155.00',
      '02': '37.50',
      '03': '500.00',
      '04': '0.00',
      '05': '0.00',
      '06': '0.00',
      '07': '0.00',
      '08': '0.00',
      '09': '109.99',
      '10': '0.00',
      '11': '0.10',
      '12': '0.00',
      '13': '0.00',
      '14': '27.77',
    });
    expect(p.categories.find((c) => c.med_chrgitm_type === '14')?.name).toBe('其他费');
  });

  it('a refund line (negative quantity) splits with the same rules and signs', () => {
    const r = previewBill([line('R1', 'h1', '40', '-1', '-40.00', 'N001')], DATE, index);
    expect(parts(r.lines[0] as PreviewLine)).toEqual(['0.00', '-5.00', '0.00', '-35.00']);
    expect(r.totals.det_item_fee_sumamt).toBe('-40.00');
  });

  it('a line whose amount is not round2(pric × cnt) is rejected with AMOUNT_MISMATCH naming it', () => {
    let caught: unknown;
    try {
      previewBill(
        [line('OK1', 'h2', '12.5', '2', '25.00', 'N002'), line('BAD7', 'h4', '3.33', '3', '10.00', 'N004')],
        DATE,
        index,
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('AMOUNT_MISMATCH');
    expect((caught as AppError).message).toContain('BAD7');
    expect((caught as AppError).detail).toMatchObject({ feedetl_sn: 'BAD7', lines: ['BAD7'] });
  });

  it("a line's own fee_ocur_time picks the entry valid on its day", () => {
    const r = previewBill(
      [{ ...line('T1', 'h6', '20', '1', '20.00', 'N006'), fee_ocur_time: '2025-12-31 10:00:00' }],
      DATE,
      index,
    );
    expect(r.lines[0]?.attention).toEqual([]);
    expect(r.lines[0]?.inscp_scp_amt).toBe('20.00');
  });
});

describe('buildCatalogIndex: periods and regions', () => {
  it('a cap that changes mid-period applies from its own begndate (1318 merged onto 1312)', () => {
    const s = scopeOf([{ code: 'C1', type: '05', lv: '01' }], {
      caps: [
        {
          med_list_codg: 'C1',
          insu_admdvs: '410200',
          begndate: '2020-01-01',
          enddate: '2026-06-30',
          pric_uplmt_e6: 10_000_000,
          updt_time: null,
        },
        {
          med_list_codg: 'C1',
          insu_admdvs: '410200',
          begndate: '2026-07-01',
          enddate: null,
          pric_uplmt_e6: 8_000_000,
          updt_time: null,
        },
      ],
    });
    const idx = buildCatalogIndex(s);
    expect(idx.findItem('C1', '2026-06-30')?.pric_uplmt_text).toBe('10.000000');
    expect(idx.findItem('C1', '2026-07-01')?.pric_uplmt_text).toBe('8.000000');
    const bill = [line('a', 'x', '9', '2', '18.00', 'C1')];
    expect(previewBill(bill, '2026-06-30', idx).lines[0]?.overlmt_amt).toBe('0.00');
    expect(previewBill(bill, '2026-07-01', idx).lines[0]?.overlmt_amt).toBe('2.00'); // (9 − 8) × 2
  });

  it('the most specific catalog covering the institution wins; others are ignored', () => {
    const s = scopeOf([
      { code: 'R1', type: '09', lv: '01', admdvs: '410000' }, // province: 甲
      { code: 'R1', type: '09', lv: '03', admdvs: '410200' }, // city: 丙 — more specific
      { code: 'R2', type: '09', lv: '01', admdvs: '430100' }, // another province's city
    ]);
    const idx = buildCatalogIndex(s, undefined, { institutionAdmdvs: '410202' });
    expect(idx.findItem('R1', DATE)?.chrgitm_lv).toBe('03');
    expect(idx.findItem('R2', DATE)).toBeNull();
  });
});

describe('previewBill: repeated lines', () => {
  it('lines alike share one split but keep their own flags, amounts and checks', () => {
    const p = previewBill(
      [
        line('a', 'h', '20', '1', '20.00', 'N006'), // not in the catalog (expired)
        line('b', 'HX', '20', '1', '20.00'), // same figures, but unmapped
        line('c', 'h', '12.5', '2', '25.00', 'N002'),
        line('d', 'h', '12.5', '2', '25.0', 'N002'), // same value written differently
        line('e', 'h', '12.5', '2', '25.00', 'N002'),
      ],
      DATE,
      index,
    );
    expect(p.lines.map((l) => [l.feedetl_sn, l.attention, l.det_item_fee_sumamt, l.inscp_scp_amt])).toEqual([
      ['a', ['not_in_catalog'], '20.00', '0.00'],
      ['b', ['unmapped'], '20.00', '0.00'],
      ['c', [], '25.00', '25.00'],
      ['d', [], '25.00', '25.00'],
      ['e', [], '25.00', '25.00'],
    ]);
    expect(p.totals).toMatchObject({
      det_item_fee_sumamt: '115.00',
      fulamt_ownpay_amt: '40.00',
      inscp_scp_amt: '75.00',
      attention: { unmapped: 1, not_in_catalog: 1 },
    });
    // A wrong amount after the same price and quantity were fine is still caught.
    expect(() =>
      previewBill(
        [line('ok', 'h', '12.5', '2', '25.00', 'N002'), line('bad', 'h', '12.5', '2', '25.01', 'N002')],
        DATE,
        index,
      ),
    ).toThrow(
      expect.objectContaining({ code: 'AMOUNT_MISMATCH', detail: expect.objectContaining({ lines: ['bad'] }) }),
    );
  });
});

describe('feeCategories (D-16)', () => {
  it("adds the platform's lines by their echoed category, unknown ones under 14", () => {
    const c = feeCategories([
      { med_chrgitm_type: '09', det_item_fee_sumamt: '25.50' },
      { med_chrgitm_type: '09', det_item_fee_sumamt: 4.5 },
      { med_chrgitm_type: '99', det_item_fee_sumamt: '1.00' },
      { med_chrgitm_type: null, det_item_fee_sumamt: '2.00' },
    ]);
    const m = Object.fromEntries(c.map((x) => [x.med_chrgitm_type, x.det_item_fee_sumamt]));
    expect([m['09'], m['14'], m['01']]).toEqual(['30.00', '3.00', '0.00']);
  });
});

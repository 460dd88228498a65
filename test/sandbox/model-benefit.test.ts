/**
 * The benefit arithmetic of docs/sandbox-policy.md §4, one case per rule, every expected amount
 * computed by hand in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import { Money } from '../../shared/money';
import { computeBenefit, type BenefitInput } from '../../sandbox/model/benefit';
import { buildSettlementRecord, negateRecord } from '../../sandbox/model/settlement-record';
import { POLICY, policyFor } from './support/fixtures';

const d = (s: string) => new Money(s);

/** Totals with every part in scope unless given. */
function totals(inscp: string, medfee = inscp, fulamt = '0', overlmt = '0', preself = '0') {
  return {
    medfee_sumamt: d(medfee),
    fulamt_ownpay_amt: d(fulamt),
    overlmt_selfpay: d(overlmt),
    preselfpay_amt: d(preself),
    inscp_scp_amt: d(inscp),
  };
}

function input(over: Partial<BenefitInput>): BenefitInput {
  return {
    line: 'outpatient',
    policy: POLICY,
    level: '3',
    retired: false,
    reduction: d('0'),
    insutype: '310',
    totals: totals('1000.00'),
    cumulative: { dedc: d('0'), fund: d('0') },
    critical: { base: d('0'), paid: d('0') },
    assistance: false,
    acctUsed: false,
    balc: d('0'),
    ...over,
  };
}

const s = (x: unknown): string => String(x);

describe('sandbox model: benefits (docs/sandbox-policy.md §4)', () => {
  it('§4.1 ratio with retired bonus (outpatient, level 3)', () => {
    // r = 0.50 + 0.10 = 0.60; deductible 200; basic = round2((1000 − 200) × 0.60) = 480.00
    const b = computeBenefit(input({ retired: true }));
    expect(s(b.ratio)).toBe('0.6');
    expect(s(b.act_pay_dedc)).toBe('200');
    expect(s(b.hifp_pay)).toBe('480');
    expect(s(b.psn_part_amt)).toBe('520');
  });

  it('§4.1 reduction of other_temporary, deductible already used, rounding half up', () => {
    // level 2: r = 0.55 − 0.20 = 0.35; C.dedc 100 = deductible → 0; basic = round2(333.33 × 0.35 = 116.6655) = 116.67
    const b = computeBenefit(
      input({
        level: '2',
        reduction: d('0.20'),
        totals: totals('333.33'),
        cumulative: { dedc: d('100'), fund: d('0') },
      }),
    );
    expect(s(b.ratio)).toBe('0.35');
    expect(s(b.act_pay_dedc)).toBe('0');
    expect(s(b.hifp_pay)).toBe('116.67');
  });

  it('§4.1 ratio clamp to 1 and to 0', () => {
    const high = { ...POLICY, inpatient: { ...POLICY.inpatient, ratio: { '1': '0.98', '2': '0.85', '3': '0.80' } } };
    // 0.98 + 0.05 = 1.03 → 1; level 1 deductible 200: basic = (1000 − 200) × 1 = 800
    const b1 = computeBenefit(input({ line: 'inpatient', policy: high, level: '1', retired: true }));
    expect(s(b1.ratio)).toBe('1');
    expect(s(b1.hifp_pay)).toBe('800');
    // 0.50 − 0.90 < 0 → 0: no basic fund at all
    const b0 = computeBenefit(input({ reduction: d('0.90') }));
    expect(s(b0.ratio)).toBe('0');
    expect(s(b0.hifp_pay)).toBe('0');
  });

  it('§4.2 deductible partly used (inpatient, level 3)', () => {
    // deductible 800, C.dedc 300 → act_pay_dedc 500; basic = (10000 − 500) × 0.80 = 7600
    const b = computeBenefit(
      input({ line: 'inpatient', totals: totals('10000.00'), cumulative: { dedc: d('300'), fund: d('0') } }),
    );
    expect(s(b.act_pay_dedc)).toBe('500');
    expect(s(b.hifp_pay)).toBe('7600');
  });

  it('§4.2 deductible larger than the in-scope amount', () => {
    // min(150, 200) = 150; nothing left for the fund
    const b = computeBenefit(input({ totals: totals('150.00') }));
    expect(s(b.act_pay_dedc)).toBe('150');
    expect(s(b.hifp_pay)).toBe('0');
  });

  it('§4.3 annual cap partly and fully used', () => {
    // basic 480 as above, cap 3000 − 2900 = 100 left → hifp 100
    expect(s(computeBenefit(input({ retired: true, cumulative: { dedc: d('0'), fund: d('2900') } })).hifp_pay)).toBe(
      '100',
    );
    // over the cap already: max(0, 3000 − 3500) = 0
    expect(s(computeBenefit(input({ retired: true, cumulative: { dedc: d('0'), fund: d('3500') } })).hifp_pay)).toBe(
      '0',
    );
  });

  it('§4.4 critical illness: crossing the threshold, paid by 330100 (hifob_pay) for 310', () => {
    // r 0.80, dedc 800, basic = round2(49200 × 0.80) = 39360; own = 50000 − 39360 = 10640
    // before 25000, after 35640: eligible = 35640 − max(30000, 25000) = 5640; critical = 5640 × 0.60 = 3384
    const b = computeBenefit(
      input({ line: 'inpatient', totals: totals('50000.00'), critical: { base: d('25000'), paid: d('0') } }),
    );
    expect(s(b.hifp_pay)).toBe('39360');
    expect(s(b.own)).toBe('10640');
    expect(s(b.critical_eligible)).toBe('5640');
    expect(s(b.hifob_pay)).toBe('3384');
    expect(s(b.hifmi_pay)).toBe('0');
    expect(s(b.fund_pay_sumamt)).toBe('42744');
    expect(s(b.psn_part_amt)).toBe('7256');
    expect(s(b.effects.critical_base)).toBe('10640');
    expect(s(b.effects.critical_paid)).toBe('3384');
  });

  it('§4.4 critical illness: base already above the threshold counts the whole own share', () => {
    // eligible = 50640 − max(30000, 40000) = 10640 → 6384
    const b = computeBenefit(
      input({ line: 'inpatient', totals: totals('50000.00'), critical: { base: d('40000'), paid: d('0') } }),
    );
    expect(s(b.critical_pay)).toBe('6384');
  });

  it('§4.4 critical illness: annual cap of the critical fund', () => {
    // 3384 due, but 400000 − 398000 = 2000 left
    const b = computeBenefit(
      input({ line: 'inpatient', totals: totals('50000.00'), critical: { base: d('25000'), paid: d('398000') } }),
    );
    expect(s(b.critical_pay)).toBe('2000');
    expect(s(b.critical_cap_left)).toBe('2000');
  });

  it('§4.4 critical illness for 390 is hifmi_pay (fund 390200)', () => {
    const p390 = policyFor('430100', '390');
    const b = computeBenefit(
      input({
        line: 'inpatient',
        policy: p390,
        insutype: '390',
        totals: totals('50000.00'),
        critical: { base: d('25000'), paid: d('0') },
      }),
    );
    expect(s(b.hifmi_pay)).toBe('3384');
    expect(s(b.hifob_pay)).toBe('0');
    const rec = buildSettlementRecord(totals('50000.00'), b, {
      line: 'inpatient',
      insutype: '390',
      med_type: '21',
      clr_optins: '410202',
      balcBefore: d('0'),
    });
    expect(rec.details.map((r) => [r.fund_pay_type, r.fund_payamt])).toEqual([
      ['390100', 3936000],
      ['390200', 338400],
    ]);
  });

  it('§4.4 critical illness never applies to outpatient lines', () => {
    const b = computeBenefit(input({ totals: totals('50000.00'), critical: { base: d('90000'), paid: d('0') } }));
    expect(s(b.critical_pay)).toBe('0');
    expect(s(b.effects.critical_base)).toBe('0');
  });

  it('§4.4 + §4.5 chronic line: deductible, ratio, critical and assistance', () => {
    // chronic: deductible 100, r 0.70; inscp 1100: basic = 1000 × 0.70 = 700; own 400; base 29800 → eligible 200 → 120
    // assistance: (400 − 120) × 0.70 = 196
    const b = computeBenefit(
      input({
        line: 'chronic',
        totals: totals('1100.00'),
        critical: { base: d('29800'), paid: d('0') },
        assistance: true,
      }),
    );
    expect(s(b.act_pay_dedc)).toBe('100');
    expect(s(b.hifp_pay)).toBe('700');
    expect(s(b.hifob_pay)).toBe('120');
    expect(s(b.maf_pay)).toBe('196');
    expect(s(b.fund_pay_sumamt)).toBe('1016');
  });

  it('§4.5 assistance on an outpatient line (own computed for outpatients too)', () => {
    // level 1: r 0.60, no deductible; inscp 100: basic 60, own 40, maf = 40 × 0.70 = 28; fund 88; medfee 105 → psn 17
    const b = computeBenefit(input({ level: '1', totals: totals('100.00', '105.00', '5.00'), assistance: true }));
    expect(s(b.maf_pay)).toBe('28');
    expect(s(b.fund_pay_sumamt)).toBe('88');
    expect(s(b.psn_part_amt)).toBe('17');
  });

  it('§4.5 assistance after critical illness on an inpatient line', () => {
    // own 10640, critical 3384: maf = round2((10640 − 3384) × 0.70) = 5079.20; fund = 39360 + 3384 + 5079.20
    const b = computeBenefit(
      input({
        line: 'inpatient',
        totals: totals('50000.00'),
        critical: { base: d('25000'), paid: d('0') },
        assistance: true,
      }),
    );
    expect(s(b.maf_pay)).toBe('5079.2');
    expect(s(b.fund_pay_sumamt)).toBe('47823.2');
    expect(s(b.psn_part_amt)).toBe('2176.8');
  });

  it('§4.7 personal account pays min(balc, psn_part_amt), 310 only', () => {
    // level 1 outpatient: inscp 100 → basic 60; medfee 372.80 → psn_part 312.80; balc 100 → acct 100, cash 212.80
    const b = computeBenefit(
      input({ level: '1', totals: totals('100.00', '372.80', '272.80'), acctUsed: true, balc: d('100.00') }),
    );
    expect(s(b.psn_part_amt)).toBe('312.8');
    expect(s(b.acct_pay)).toBe('100');
    expect(s(b.psn_cash_pay)).toBe('212.8');
    expect(s(b.balc)).toBe('0');
    // enough balance: the whole personal part
    const rich = computeBenefit(
      input({ level: '1', totals: totals('100.00', '372.80', '272.80'), acctUsed: true, balc: d('1850.40') }),
    );
    expect(s(rich.acct_pay)).toBe('312.8');
    expect(s(rich.balc)).toBe('1537.6');
    // 390 has no personal account; flag 0 uses none
    expect(
      s(
        computeBenefit(input({ insutype: '390', policy: policyFor('430100', '390'), acctUsed: true, balc: d('500') }))
          .acct_pay,
      ),
    ).toBe('0');
    expect(s(computeBenefit(input({ acctUsed: false, balc: d('500') })).acct_pay)).toBe('0');
  });

  it('§4.1 pharmacy: pharmacy.ratio, no deductible, no cap, no critical, no assistance, no cumulative', () => {
    // r = 0.50 (no bonus, no reduction); inscp 100 → 50 even with the outpatient cap long exhausted
    const b = computeBenefit(
      input({
        line: 'pharmacy',
        retired: true,
        reduction: d('0.2'),
        totals: totals('100.00'),
        cumulative: { dedc: d('0'), fund: d('99999') },
        critical: { base: d('99999'), paid: d('0') },
        assistance: true,
      }),
    );
    expect(s(b.ratio)).toBe('0.5');
    expect(s(b.act_pay_dedc)).toBe('0');
    expect(s(b.hifp_pay)).toBe('50');
    expect(s(b.critical_pay)).toBe('0');
    expect(s(b.maf_pay)).toBe('0');
    expect(s(b.effects.fund)).toBe('0');
    expect(s(b.effects.dedc)).toBe('0');
  });

  it('§4.1 + §4.3 + §4.4 demo person at the annual cap (郑红梅 figures)', () => {
    // r = 0.80 + 0.05; deductible used; basic = 2600 × 0.85 = 2210 capped at 300000 − 298500 = 1500
    // own 1100; before 52000 → eligible 1100 → 660; cap 400000 − 13200 leaves room
    const b = computeBenefit(
      input({
        line: 'inpatient',
        retired: true,
        totals: totals('2600.00'),
        cumulative: { dedc: d('800'), fund: d('298500') },
        critical: { base: d('52000'), paid: d('13200') },
      }),
    );
    expect(s(b.hifp_pay)).toBe('1500');
    expect(s(b.hifob_pay)).toBe('660');
    expect(s(b.fund_pay_sumamt)).toBe('2160');
    expect(s(b.psn_part_amt)).toBe('440');
  });

  it('§4.8 record: pool_prop_selfpay with 4 decimals, setldetail per non-zero fund, account not in fund_pay_sumamt', () => {
    const t = totals('279.50', '360.50', '5.00', '45.00', '31.00');
    const b = computeBenefit(input({ retired: true, totals: t, acctUsed: true, balc: d('1850.40') }));
    const rec = buildSettlementRecord(t, b, {
      line: 'outpatient',
      insutype: '310',
      med_type: '11',
      clr_optins: '410202',
      balcBefore: d('1850.40'),
    });
    expect(rec.pool_prop_selfpay).toBe('0.6000');
    expect(rec.amounts.hifp_pay).toBe(4770);
    expect(rec.amounts.fund_pay_sumamt).toBe(4770);
    expect(rec.amounts.acct_pay).toBe(31280);
    expect(rec.amounts.psn_cash_pay).toBe(0);
    expect(rec.balc).toBe(153760);
    expect(rec.clr_type).toBe('11');
    expect(rec.details.map((r) => [r.fund_pay_type, r.fund_payamt])).toEqual([
      ['310100', 4770],
      ['310200', 31280],
    ]);
  });

  it('§4 cancel: the same record with every amount negated, ratio kept, balance restored', () => {
    const t = totals('279.50', '360.50', '5.00', '45.00', '31.00');
    const b = computeBenefit(input({ retired: true, totals: t, acctUsed: true, balc: d('1850.40') }));
    const rec = buildSettlementRecord(t, b, {
      line: 'outpatient',
      insutype: '310',
      med_type: '11',
      clr_optins: '410202',
      balcBefore: d('1850.40'),
    });
    const neg = negateRecord(rec, 185040);
    expect(neg.amounts.medfee_sumamt).toBe(-36050);
    expect(neg.amounts.act_pay_dedc).toBe(-20000);
    expect(neg.amounts.acct_pay).toBe(-31280);
    expect(neg.amounts.cvlserv_pay).toBe(0);
    expect(Object.is(neg.amounts.psn_cash_pay, -0)).toBe(false);
    expect(neg.pool_prop_selfpay).toBe('0.6000');
    expect(neg.balc).toBe(185040);
    expect(neg.details.map((r) => r.fund_payamt)).toEqual([-4770, -31280]);
  });
});

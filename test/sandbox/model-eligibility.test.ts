/** Region, registration and eligibility rules of docs/sandbox-policy.md §2 (D-3 … D-13). */
import { describe, expect, it } from 'vitest';
import { regionCovers, regionKind } from '../../shared/region';
import { hasAssistanceIdentity } from '../../sandbox/model/assistance';
import { checkEligibility, type EligibilityPurpose } from '../../sandbox/model/eligibility';
import { isRegistrationValidOn, registrationAppliesTo, registrationLastDay } from '../../sandbox/model/registration';
import type { Person, Registration } from '../../sandbox/scenario/schema';
import { person, POLICY, policyFor } from './support/fixtures';

const POLICIES = [POLICY, policyFor('430100', '390'), policyFor('410200', '310')];
const reg = (over: Partial<Registration>): Registration => ({
  kind: 'long_term',
  insutype: '310',
  mdtrtarea_admdvs: '410200',
  begndate: '2026-01-01',
  enddate: null,
  ...over,
});
const OPEN: EligibilityPurpose = { kind: 'open' };
const visit = (medType: string, diseCodg: string | null = null): EligibilityPurpose => ({
  kind: 'visit',
  medType,
  diseCodg,
});

function check(p: Person, purpose: EligibilityPurpose, date = '2026-11-20', inst = '410202', insutype = '310') {
  return checkEligibility({ person: p, insutype, institutionAdmdvs: inst, policies: POLICIES, purpose, date });
}

describe('sandbox model: regions and registrations (docs/sandbox-policy.md §2)', () => {
  it('§2 region cover rule: province 0000, city 00, county only itself', () => {
    expect(regionCovers('410000', '410202')).toBe(true);
    expect(regionCovers('410000', '430102')).toBe(false);
    expect(regionCovers('410200', '410202')).toBe(true);
    expect(regionCovers('410200', '410302')).toBe(false);
    expect(regionCovers('410202', '410202')).toBe(true);
    expect(regionCovers('410202', '410203')).toBe(false);
    expect(registrationAppliesTo(reg({ mdtrtarea_admdvs: '410203' }), '410202')).toBe(false);
  });

  it('§2 cross-region and cross-province kind (first 4 / first 2 digits)', () => {
    expect(regionKind('430100', '410202')).toBe('cross_province');
    expect(regionKind('410300', '410202')).toBe('intra_province');
    expect(regionKind('410200', '410202')).toBe('local');
  });

  it('§2 temporary validity: 6 calendar months, until the day before the same day-of-month', () => {
    const r = reg({ kind: 'referral', begndate: '2026-10-08' });
    expect(registrationLastDay(r)).toBe('2027-04-07');
    expect(isRegistrationValidOn(r, '2027-04-07')).toBe(true);
    expect(isRegistrationValidOn(r, '2027-04-08')).toBe(false);
    expect(isRegistrationValidOn(r, '2026-10-07')).toBe(false);
    expect(registrationLastDay(reg({ kind: 'other_temporary', begndate: '2026-09-01' }))).toBe('2027-02-28');
  });

  it('§2 temporary validity with month-end clamp (2026-08-31 → 2027-02-28 → last day 2027-02-27)', () => {
    expect(registrationLastDay(reg({ kind: 'emergency', begndate: '2026-08-31' }))).toBe('2027-02-27');
    expect(registrationLastDay(reg({ kind: 'emergency', begndate: '2027-08-31' }))).toBe('2028-02-28');
  });

  it('§2 a given enddate wins; long_term and chronic are open-ended without one', () => {
    expect(registrationLastDay(reg({ kind: 'referral', begndate: '2026-01-01', enddate: '2026-02-01' }))).toBe(
      '2026-02-01',
    );
    expect(registrationLastDay(reg({ kind: 'long_term' }))).toBeNull();
    expect(isRegistrationValidOn(reg({ kind: 'chronic', begndate: '2020-01-01' }), '2099-12-31')).toBe(true);
    expect(isRegistrationValidOn(reg({ kind: 'long_term', enddate: '2026-06-30' }), '2026-07-01')).toBe(false);
  });
});

describe('sandbox model: eligibility (docs/sandbox-policy.md §2, §4.1)', () => {
  it('§2 D-3 a suspended person is refused', () => {
    expect(check(person({ suspended: true, registrations: [reg({})] }), OPEN)).toMatchObject({
      ok: false,
      code: 'SUSPENDED',
    });
  });

  it('§2 INSURANCE_INACTIVE: no such insutype, or psn_insu_stas not "1"', () => {
    expect(check(person(), OPEN, '2026-11-20', '410202', '390')).toMatchObject({
      ok: false,
      code: 'INSURANCE_INACTIVE',
    });
    const paused = person({
      insurances: [
        {
          insutype: '310',
          psn_type: '1101',
          retired: false,
          insuplc_admdvs: '430100',
          psn_insu_stas: '4',
          balc: '0.00',
          emp_name: '',
        },
      ],
    });
    expect(check(paused, OPEN)).toMatchObject({ ok: false, code: 'INSURANCE_INACTIVE' });
  });

  it('§2 D-4 a cross-region visit without an applicable valid registration is refused', () => {
    expect(check(person(), OPEN)).toMatchObject({ ok: false, code: 'NO_REGISTRATION' });
    // registered for another city: does not apply
    expect(check(person({ registrations: [reg({ mdtrtarea_admdvs: '410300' })] }), visit('11'))).toMatchObject({
      ok: false,
      code: 'NO_REGISTRATION',
    });
    // not yet valid
    expect(check(person({ registrations: [reg({ begndate: '2026-12-01' })] }), visit('21'))).toMatchObject({
      ok: false,
      code: 'NO_REGISTRATION',
    });
  });

  it('§2 long_term registration: cross-province, no reduction', () => {
    const r = check(person({ registrations: [reg({})] }), visit('21'));
    expect(r).toMatchObject({ ok: true, regionKind: 'cross_province', basis: 'long_term' });
    expect(r.ok && r.reduction.toString()).toBe('0');
  });

  it('§2 smallest reduction when several registrations apply (referral 0.10 beats other_temporary 0.20)', () => {
    const p = person({
      registrations: [
        reg({ kind: 'other_temporary', begndate: '2026-10-01' }),
        reg({ kind: 'referral', mdtrtarea_admdvs: '410000', begndate: '2026-10-01' }),
      ],
    });
    const r = check(p, visit('11'));
    expect(r).toMatchObject({ ok: true, basis: 'referral' });
    expect(r.ok && r.reduction.toString()).toBe('0.1');
  });

  it('§2 D-6 inpatient eligibility uses the date passed (admission date), not the settlement date', () => {
    const p = person({ registrations: [reg({ kind: 'emergency', begndate: '2026-05-20' })] });
    // valid until 2026-11-19: admitted 2026-11-18 → eligible; the same stay checked on 2026-11-25 would not be
    expect(check(p, visit('21'), '2026-11-18').ok).toBe(true);
    expect(check(p, visit('21'), '2026-11-25')).toMatchObject({ ok: false, code: 'NO_REGISTRATION' });
  });

  it('§2 2201 (open) accepts any kind, chronic included; other med_types need a non-chronic kind', () => {
    const p = person({ registrations: [reg({ kind: 'chronic', dise_codg: 'M03900' })] });
    expect(check(p, OPEN).ok).toBe(true);
    expect(check(p, visit('11'))).toMatchObject({ ok: false, code: 'NO_REGISTRATION' });
  });

  it('§2 D-8 chronic rule: registered disease in the policy list; chronic uses the long_term reduction', () => {
    const p = person({
      registrations: [
        reg({ kind: 'chronic', dise_codg: 'M03900' }),
        reg({ kind: 'other_temporary', begndate: '2026-10-01' }),
      ],
    });
    const ok = check(p, visit('14', 'M03900'));
    expect(ok).toMatchObject({ ok: true, basis: 'chronic' });
    expect(ok.ok && ok.reduction.toString()).toBe('0');
    // covered by the policy but not registered
    expect(check(p, visit('14', 'M01600'))).toMatchObject({ ok: false, code: 'CHRONIC_NOT_COVERED' });
    // registered but not in the policy list
    const q = person({ registrations: [reg({ kind: 'chronic', dise_codg: 'M99999' })] });
    expect(check(q, visit('14', 'M99999'))).toMatchObject({ ok: false, code: 'CHRONIC_NOT_COVERED' });
    // no registration at all
    expect(check(person(), visit('14', 'M03900'))).toMatchObject({ ok: false, code: 'NO_REGISTRATION' });
  });

  it('§2 D-12 return home: a local visit of a long-term resident elsewhere gets return_home', () => {
    const home = person({
      insurances: [
        {
          insutype: '310',
          psn_type: '1101',
          retired: false,
          insuplc_admdvs: '410200',
          psn_insu_stas: '1',
          balc: '0.00',
          emp_name: '',
        },
      ],
      registrations: [reg({ mdtrtarea_admdvs: '430100' })],
    });
    const r = check(home, visit('21'));
    expect(r).toMatchObject({ ok: true, regionKind: 'local', basis: 'return_home' });
    expect(r.ok && r.reduction.toString()).toBe('0.1');
    // without a valid long_term registration elsewhere: plain local, no reduction
    const local = person({ insurances: home.insurances });
    expect(check(local, visit('21'))).toMatchObject({ ok: true, basis: 'local' });
  });
});

describe('sandbox model: assistance identity (docs/sandbox-policy.md §4.5)', () => {
  it('§4.5 an identity of a listed type, valid on d', () => {
    const p = person({
      identities: [{ psn_idet_type: '1201', begntime: '2024-01-01', endtime: '2026-06-30 23:59:59' }],
    });
    expect(hasAssistanceIdentity(p, POLICY, '2026-06-30')).toBe(true);
    expect(hasAssistanceIdentity(p, POLICY, '2026-07-01')).toBe(false);
    expect(hasAssistanceIdentity(p, POLICY, '2023-12-31')).toBe(false);
    expect(
      hasAssistanceIdentity(
        person({ identities: [{ psn_idet_type: '9999', begntime: '2024-01-01', endtime: null }] }),
        POLICY,
        '2026-06-30',
      ),
    ).toBe(false);
  });
});

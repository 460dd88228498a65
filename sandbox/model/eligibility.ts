/**
 * Who may settle directly, where and with which reduction (docs/sandbox-policy.md §2, §4.1;
 * D-3, D-4, D-5, D-6, D-8, D-12, D-13). Pure: the caller passes the date `d` the rules use
 * (2201 begntime date when a visit opens, the business date at outpatient settlement, the
 * admission date for inpatients).
 */
import type { Decimal } from 'decimal.js';
import { Money } from '../../shared/money';
import { regionKind, type RegionKind } from '../../shared/region';
import type { Insurance, Person, Policy, Registration, RegistrationKind } from '../scenario/schema';
import { isRegistrationValidOn, registrationAppliesTo } from './registration';

/** The refusal codes eligibility can produce (docs/sandbox-policy.md §2). */
export type EligibilityCode = 'NO_REGISTRATION' | 'SUSPENDED' | 'INSURANCE_INACTIVE' | 'CHRONIC_NOT_COVERED';

/** Why a person may not settle directly: a code and plain Chinese (no personal data). */
export interface EligibilityRefusal {
  readonly ok: false;
  readonly code: EligibilityCode;
  readonly message: string;
}

/** What the reduction is based on: a local visit, a return home (D-12), or a registration kind. */
export type EligibilityBasis = 'local' | 'return_home' | RegistrationKind;

/** A person who may settle: the insurance row, the region kind and the reduction of §4.1. */
export interface Eligible {
  readonly ok: true;
  readonly insurance: Insurance;
  readonly policy: Policy;
  readonly regionKind: RegionKind;
  readonly basis: EligibilityBasis;
  /** Ratio points taken off (`cross_region` value of the basis), 0 … 1. */
  readonly reduction: Decimal;
  /** The registration used, null for local visits. */
  readonly registration: Registration | null;
}

/**
 * What is being checked: `open` is 2201 (no med_type yet: any applicable valid registration of
 * any kind will do), `visit` a visit of a given med_type and disease (2001, 2203 for 14, 2206/2207,
 * 2401, 2303/2304).
 */
export type EligibilityPurpose =
  { readonly kind: 'open' } | { readonly kind: 'visit'; readonly medType: string; readonly diseCodg: string | null };

/** Everything the check needs. */
export interface EligibilityQuery {
  readonly person: Person;
  readonly insutype: string;
  readonly institutionAdmdvs: string;
  readonly policies: readonly Policy[];
  readonly purpose: EligibilityPurpose;
  /** The date d of §2, `yyyy-MM-dd`. */
  readonly date: string;
}

const refuse = (code: EligibilityCode, message: string): EligibilityRefusal => ({ ok: false, code, message });

/** The reduction of a basis (§4.1): `chronic` uses `long_term`, local visits 0. */
export function reductionOf(policy: Policy, basis: EligibilityBasis): Decimal {
  switch (basis) {
    case 'local':
      return new Money(0);
    case 'return_home':
      return new Money(policy.cross_region.return_home);
    case 'chronic':
      return new Money(policy.cross_region.long_term);
    default:
      return new Money(policy.cross_region[basis]);
  }
}

/** The policy of an insured place and insutype, if any. */
export function findPolicy(policies: readonly Policy[], insuplcAdmdvs: string, insutype: string): Policy | undefined {
  return policies.find((p) => p.insuplc_admdvs === insuplcAdmdvs && p.insutype === insutype);
}

/** The registration with the smallest reduction (§2); the first in scenario order on a tie. */
function smallestReduction(policy: Policy, regs: readonly Registration[]): Registration | null {
  let best: Registration | null = null;
  let bestReduction: Decimal | null = null;
  for (const r of regs) {
    const red = reductionOf(policy, r.kind);
    if (bestReduction === null || red.lt(bestReduction)) {
      best = r;
      bestReduction = red;
    }
  }
  return best;
}

/**
 * Runs the checks of §2 in order: suspension (D-3), the insurance row, then the registration
 * rules (cross-region) or the return-home rule (local).
 */
export function checkEligibility(q: EligibilityQuery): Eligible | EligibilityRefusal {
  const { person, insutype, institutionAdmdvs, purpose, date } = q;
  if (person.suspended) return refuse('SUSPENDED', '该参保人处于暂停直接结算状态，不能直接结算');
  const insurance = person.insurances.find((i) => i.insutype === insutype);
  if (insurance === undefined) return refuse('INSURANCE_INACTIVE', `该参保人没有险种 ${insutype} 的参保信息`);
  if (insurance.psn_insu_stas !== '1')
    return refuse('INSURANCE_INACTIVE', `该参保人险种 ${insutype} 参保状态不正常（${insurance.psn_insu_stas}）`);
  const policy = findPolicy(q.policies, insurance.insuplc_admdvs, insutype);
  if (policy === undefined)
    return refuse('INSURANCE_INACTIVE', `参保地 ${insurance.insuplc_admdvs} 没有险种 ${insutype} 的待遇政策`);

  const kind = regionKind(insurance.insuplc_admdvs, institutionAdmdvs);
  const applicable = person.registrations.filter(
    (r) => r.insutype === insutype && registrationAppliesTo(r, institutionAdmdvs) && isRegistrationValidOn(r, date),
  );
  const ok = (basis: EligibilityBasis, registration: Registration | null): Eligible => ({
    ok: true,
    insurance,
    policy,
    regionKind: kind,
    basis,
    reduction: reductionOf(policy, basis),
    registration,
  });
  const localBasis = (): Eligible => {
    // D-12: a long-term resident elsewhere who comes back home loses `return_home` points.
    const home = person.registrations.some(
      (r) =>
        r.kind === 'long_term' &&
        r.insutype === insutype &&
        isRegistrationValidOn(r, date) &&
        !registrationAppliesTo(r, institutionAdmdvs),
    );
    return ok(home ? 'return_home' : 'local', null);
  };

  if (purpose.kind === 'open') {
    // 2201 carries no med_type: any applicable valid registration opens a cross-region visit.
    if (kind === 'local') return localBasis();
    const best = smallestReduction(policy, applicable);
    if (best === null) return refuse('NO_REGISTRATION', '没有在本就医地有效的异地就医备案');
    return ok(best.kind, best);
  }

  if (purpose.medType === '14') {
    // D-8: chronic diseases need their own registration, for a disease the policy covers.
    if (kind !== 'local' && applicable.length === 0)
      return refuse('NO_REGISTRATION', '没有在本就医地有效的异地就医备案');
    const dise = purpose.diseCodg;
    if (dise === null || dise === '') return refuse('CHRONIC_NOT_COVERED', '门诊慢特病就诊未提供病种编码');
    if (!policy.chronic.diseases.includes(dise))
      return refuse('CHRONIC_NOT_COVERED', `病种 ${dise} 不在参保地门诊慢特病病种范围内`);
    if (kind === 'local') return localBasis();
    const chronic = smallestReduction(
      policy,
      applicable.filter((r) => r.kind === 'chronic' && r.dise_codg === dise),
    );
    if (chronic === null) return refuse('CHRONIC_NOT_COVERED', `病种 ${dise} 没有在本就医地有效的门诊慢特病备案`);
    return ok('chronic', chronic);
  }

  if (kind === 'local') return localBasis();
  const best = smallestReduction(
    policy,
    applicable.filter((r) => r.kind !== 'chronic'),
  );
  if (best === null) return refuse('NO_REGISTRATION', '没有在本就医地有效的异地就医备案');
  return ok(best.kind, best);
}

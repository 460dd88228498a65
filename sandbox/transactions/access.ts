/**
 * Loading what a call names (person, visit) with the refusals of docs/sandbox-policy.md §2, and
 * turning an eligibility refusal into a call refusal.
 */
import { checkEligibility, type EligibilityPurpose, type Eligible } from '../model/eligibility';
import { getVisit, type VisitRow } from '../ledger/visits-repo';
import type { Person } from '../scenario/schema';
import type { CallContext } from './context';
import { badInput, Refusal } from './refusal';

/**
 * The person `psnNo`, or NOT_FOUND. When the envelope carries `insuplc_admdvs` it must be the
 * insured place of one of the person's insurance rows (docs/protocol.md §1.1, §2.9).
 */
export function loadPerson(ctx: CallContext, psnNo: string): Person {
  const person = ctx.index.person(psnNo);
  if (person === undefined) throw new Refusal('NOT_FOUND', '人员信息不存在');
  const insuplc = ctx.envelope.insuplc_admdvs;
  if (insuplc !== null && !person.insurances.some((i) => i.insuplc_admdvs === insuplc)) {
    throw badInput('insuplc_admdvs：与该人员的参保地不符');
  }
  return person;
}

/**
 * The visit `mdtrtId` of this institution (and of `psnNo` when given) of the given kind, or
 * NOT_FOUND. Cancelled visits are refused unless `allowCancelled`.
 */
export function loadVisit(
  ctx: CallContext,
  mdtrtId: string,
  psnNo: string | null,
  kind: VisitRow['kind'],
  allowCancelled = false,
): VisitRow {
  const visit = getVisit(ctx.db, mdtrtId);
  if (
    visit === undefined ||
    visit.fixmedins_code !== ctx.institution.fixmedins_code ||
    (psnNo !== null && visit.psn_no !== psnNo)
  ) {
    throw new Refusal('NOT_FOUND', '就诊信息不存在');
  }
  if (visit.kind !== kind) throw badInput(kind === 'outpatient' ? '该就诊不是门诊就诊' : '该就诊不是住院就诊');
  if (!allowCancelled && visit.state === 'cancelled') throw badInput('该就诊已撤销');
  return visit;
}

/** Runs the eligibility check and refuses with its code when the person may not settle. */
export function requireEligible(
  ctx: CallContext,
  person: Person,
  insutype: string,
  purpose: EligibilityPurpose,
  date: string,
): Eligible {
  const r = checkEligibility({
    person,
    insutype,
    institutionAdmdvs: ctx.institution.admdvs,
    policies: ctx.index.policies,
    purpose,
    date,
  });
  if (!r.ok) throw new Refusal(r.code, r.message);
  return r;
}

/**
 * Who gets medical assistance (医疗救助, docs/sandbox-policy.md §4.5, D-17): a person holding an
 * identity whose type the policy lists, valid on d (begntime ≤ d ≤ endtime, open when null).
 */
import { compareDates, datePart } from '../../shared/dates';
import type { Identity, Person, Policy } from '../scenario/schema';

/** True when the identity is valid on `date` (times compared by their date part). */
export function isIdentityValidOn(identity: Identity, date: string): boolean {
  if (compareDates(date, datePart(identity.begntime)) < 0) return false;
  return identity.endtime === null || compareDates(date, datePart(identity.endtime)) <= 0;
}

/** True when the person qualifies for the policy's assistance on `date`. */
export function hasAssistanceIdentity(person: Person, policy: Policy, date: string): boolean {
  return person.identities.some(
    (i) => policy.assistance.identity_types.includes(i.psn_idet_type) && isIdentityValidOn(i, date),
  );
}

/**
 * Registration (备案) validity and region rules of docs/sandbox-policy.md §2 (D-4, D-5, D-8).
 * Pure functions over scenario rows; dates are `yyyy-MM-dd`.
 */
import { addDays, addMonths, compareDates } from '../../shared/dates';
import { regionCovers } from '../../shared/region';
import type { Registration, RegistrationKind } from '../scenario/schema';

/** The temporary kinds (D-5): valid 6 calendar months unless an end date is given. */
export const TEMPORARY_KINDS: readonly RegistrationKind[] = ['referral', 'emergency', 'other_temporary'];

/** True for `referral`, `emergency` and `other_temporary`. */
export function isTemporaryKind(kind: RegistrationKind): boolean {
  return TEMPORARY_KINDS.includes(kind);
}

/**
 * The last valid day of a registration, or null when open-ended. A temporary registration
 * without `enddate` runs 6 calendar months "until the day before the same day-of-month 6 months
 * later": addMonths(begndate, 6) − 1 day, the month end clamped (2026-08-31 → 2027-02-27).
 */
export function registrationLastDay(reg: Pick<Registration, 'kind' | 'begndate' | 'enddate'>): string | null {
  if (reg.enddate !== null) return reg.enddate;
  if (isTemporaryKind(reg.kind)) return addDays(addMonths(reg.begndate, 6), -1);
  return null;
}

/** True when the registration is valid on `date` (begndate ≤ date ≤ last valid day). */
export function isRegistrationValidOn(reg: Pick<Registration, 'kind' | 'begndate' | 'enddate'>, date: string): boolean {
  if (compareDates(date, reg.begndate) < 0) return false;
  const last = registrationLastDay(reg);
  return last === null || compareDates(date, last) <= 0;
}

/** True when the registration applies to an institution: its area covers the institution's admdvs. */
export function registrationAppliesTo(reg: Pick<Registration, 'mdtrtarea_admdvs'>, institutionAdmdvs: string): boolean {
  return regionCovers(reg.mdtrtarea_admdvs, institutionAdmdvs);
}

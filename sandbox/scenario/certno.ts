/**
 * Resident ID number check (GB 11643-1999, docs/protocol.md §6, D-2): 18 characters, a real birth
 * date, and the ISO 7064 MOD 11-2 check character. Used to reject scenario persons whose
 * `certno` could never pass the adapter's own check.
 */
import { isIsoDate } from '../../shared/dates';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for a 17-digit body, or null when the body is not 17 digits. */
export function certnoCheckChar(body17: string): string | null {
  if (!/^\d{17}$/.test(body17)) return null;
  let total = 0;
  for (let i = 0; i < 17; i += 1) total += Number(body17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[total % 11] ?? null;
}

/** Why `certno` is not a valid 18-character resident ID, or null when it is (`x` accepted). */
export function certnoProblem(certno: string): string | null {
  const id = certno.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'not an 18-character resident ID number';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birth)) return `birth date ${birth} is not a real date`;
  if (certnoCheckChar(id.slice(0, 17)) !== id[17]) return 'check digit does not match (GB 11643)';
  return null;
}

/**
 * Calendar dates as `yyyy-MM-dd` strings (docs/protocol.md §4). Pure: no clock, no time zone; the
 * caller passes "today". Comparison of valid dates is plain string comparison.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date in `yyyy-MM-dd` form. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Days in month `mo` (1–12) of year `y`, Gregorian. */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(mo) ? 30 : 31;
}

/** The date part of `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (and ISO `T` forms). */
export function datePart(s: string): string {
  return s.slice(0, 10);
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: string, days: number): string {
  const [y, mo, d] = splitDate(date);
  const t = Date.UTC(y, mo - 1, d) + days * 86_400_000;
  const x = new Date(t);
  return `${x.getUTCFullYear()}-${pad2(x.getUTCMonth() + 1)}-${pad2(x.getUTCDate())}`;
}

/**
 * `date` plus `months` calendar months, keeping the day of month; when that day does not exist
 * in the target month it is clamped to the month's last day (2026-08-31 + 6 → 2027-02-28).
 */
export function addMonths(date: string, months: number): string {
  const [y, mo, d] = splitDate(date);
  const idx = y * 12 + (mo - 1) + months;
  const ny = Math.floor(idx / 12);
  const nmo = (idx % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nmo));
  return `${ny}-${pad2(nmo)}-${pad2(nd)}`;
}

/** Compares two `yyyy-MM-dd` dates: negative, 0 or positive. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function splitDate(date: string): [number, number, number] {
  const m = DATE.exec(datePart(date));
  if (!m) throw new Error(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * "Today" for the payment scope: the calendar date in China time (UTC+8, docs/protocol.md §4), from an
 * injected clock reading. Pure: no clock of its own.
 */

/** UTC+8 in milliseconds. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The `yyyy-MM-dd` date in China time of epoch milliseconds `epochMs`. */
export function chinaDate(epochMs: number): string {
  const d = new Date(epochMs + CHINA_OFFSET_MS);
  const mo = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${d.getUTCFullYear()}-${mo < 10 ? '0' : ''}${mo}-${day < 10 ? '0' : ''}${day}`;
}

/** The clock the catalog layer is given (docs/architecture.md §1: clocks are injected). */
export interface Clock {
  /** Now, epoch milliseconds. */
  now(): number;
}

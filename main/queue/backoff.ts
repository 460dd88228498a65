/**
 * Retry backoff as a pure function (docs/reliability.md §3, docs/architecture.md §5.11, R5).
 *
 * Delays go 0 ms, 190 ms, then ×1.9 per attempt, capped at 15 min, with ±20 % jitter.
 *
 * How "capped at 15 min" is read together with the jitter: the cap applies to the base delay
 * (before jitter), so the base sequence is non-decreasing and reaches exactly 15 min; the jitter then
 * moves it by up to ±20 %, and the result is clamped to 15 min again, so no delay EVER exceeds
 * 15 min. Near the cap the jittered delays therefore lie in [12 min, 15 min].
 */

/** First non-zero base delay, ms. */
export const BACKOFF_FIRST_MS = 190;
/** Growth factor per attempt after the first non-zero delay. */
export const BACKOFF_FACTOR = 1.9;
/** Upper bound of any delay, ms (15 min). */
export const BACKOFF_CAP_MS = 15 * 60 * 1000;
/** Jitter as a fraction of the base delay (±20 %). */
export const BACKOFF_JITTER = 0.2;

/**
 * The base delay in ms (before jitter) to wait after the `attempt`-th failed attempt (1-based):
 * 1 → 0, 2 → 190, 3 → 361, n → 190 × 1.9^(n−2), never above {@link BACKOFF_CAP_MS}.
 * Non-decreasing in `attempt`; values below 1 (or NaN) count as 1.
 */
export function backoffBase(attempt: number): number {
  if (!(attempt >= 2)) return 0;
  const n = Math.floor(attempt);
  // Grows past the cap long before overflowing (1.9^14 × 190 > 15 min); Infinity also clamps.
  return Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * BACKOFF_FACTOR ** (n - 2));
}

/**
 * The delay in whole ms to wait after the `attempt`-th failed attempt: {@link backoffBase} moved by
 * ±20 % jitter and clamped to 15 min. `random` returns a number in [0, 1) (Math.random, or a
 * seeded source in tests); values outside are clamped into [0, 1], and a non-finite value counts as 0.5 (no jitter).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const base = backoffBase(attempt);
  if (base === 0) return 0;
  const raw = random();
  const r = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0.5;
  const factor = 1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * r;
  return Math.min(BACKOFF_CAP_MS, Math.round(base * factor));
}

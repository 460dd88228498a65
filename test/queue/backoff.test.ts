/**
 * R5 backoff property (1,000 runs): never above 15 min, non-decreasing before jitter, jitter within
 * ±20 %; plus the hand-computed sequence 0, 190, 361, 685.9 … (docs/reliability.md §3).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BACKOFF_CAP_MS, backoffBase, backoffDelay } from '../../main/queue/backoff';

const FIFTEEN_MIN = 900_000;

describe('backoff', () => {
  it('goes 0 ms, 190 ms, then ×1.9, capped at 15 min (hand-computed)', () => {
    expect(BACKOFF_CAP_MS).toBe(FIFTEEN_MIN);
    expect([1, 2, 3, 4, 5].map((a) => Math.round(backoffBase(a) * 100) / 100)).toEqual([0, 190, 361, 685.9, 1303.21]);
    // 1.9^13 = 4,205.30 (1.9^4 = 13.0321, 1.9^8 = 169.8356, 1.9^12 = 2,213.31); × 190 = 799,006.6 < 15 min;
    // 190 × 1.9^14 = 1,518,112.7 > 15 min.
    expect(Math.round(backoffBase(15))).toBe(799_007);
    expect(backoffBase(16)).toBe(FIFTEEN_MIN);
    expect(backoffBase(10_000)).toBe(FIFTEEN_MIN);
    expect(backoffBase(0)).toBe(0);
    expect(backoffBase(Number.NaN)).toBe(0);
  });

  it('jitter: random 0 → −20 %, 0.5 → none, just under 1 → +20 %, clamped at 15 min', () => {
    expect(backoffDelay(2, () => 0)).toBe(152);
    expect(backoffDelay(2, () => 0.5)).toBe(190);
    expect(backoffDelay(2, () => 0.999_999_9)).toBe(228);
    expect(backoffDelay(1, () => 0.9)).toBe(0);
    expect(backoffDelay(30, () => 0)).toBe(720_000);
    expect(backoffDelay(30, () => 0.99)).toBe(FIFTEEN_MIN);
    expect(backoffDelay(3, () => Number.NaN)).toBe(361);
  });

  it('property (1,000 runs): ≤ 15 min, base non-decreasing, jitter within ±20 %', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const base = backoffBase(attempt);
          const next = backoffBase(attempt + 1);
          const delay = backoffDelay(attempt, () => r);
          expect(delay).toBeLessThanOrEqual(FIFTEEN_MIN);
          expect(base).toBeLessThanOrEqual(FIFTEEN_MIN);
          expect(next).toBeGreaterThanOrEqual(base);
          expect(Number.isInteger(delay)).toBe(true);
          // Within ±20 % of the base (whole-ms rounding allowed), and only the cap cuts the top.
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
          expect(delay).toBeLessThanOrEqual(Math.min(FIFTEEN_MIN, Math.ceil(base * 1.2)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

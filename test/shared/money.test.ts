import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, round2 } from '../../shared/money';
describe('money', () => {
  it('rounds half up away from zero', () => {
    expect(formatMoney(round2('-1.005'))).toBe('-1.01');
    expect(() => parseMoney('1.234')).toThrow();
  });
});

/**
 * The failed-token limiter (hardening issue item 6) with its injected clock: 10 failures in a row,
 * then refused until it refills at 2 a second; addresses are independent; one log line when a
 * burst starts and one when it ends (with how many were refused), never the token.
 */
import { describe, expect, it } from 'vitest';
import { AuthLimiter } from '../../main/his-api/auth-limiter';

describe('AuthLimiter', () => {
  it('refuses after the bucket runs dry, per address, and refills over time', () => {
    let now = 1_000_000;
    const logs: string[] = [];
    const log = (m: string, d: Readonly<Record<string, unknown>>) => void logs.push(`${m} ${JSON.stringify(d)}`);
    const l = new AuthLimiter({ capacity: 10, refillPerSecond: 2, clock: () => now, log });
    for (let i = 0; i < 10; i++) {
      l.assertMayTry('127.0.0.1');
      l.recordFailure('127.0.0.1', '/api');
    }
    const refused = expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS', detail: { retry_after_s: 1 } });
    expect(() => l.assertMayTry('127.0.0.1')).toThrow(refused);
    expect(() => l.assertMayTry('127.0.0.1')).toThrow();
    // Another address is not affected.
    expect(() => l.assertMayTry('::1')).not.toThrow();
    // Half a second: one try regained (2 a second).
    now += 500;
    expect(() => l.assertMayTry('127.0.0.1')).not.toThrow();
    l.recordFailure('127.0.0.1', '/api');
    expect(() => l.assertMayTry('127.0.0.1')).toThrow();
    expect(logs.filter((m) => m.startsWith('auth: repeated wrong tokens'))).toHaveLength(1);
    // Full again after 5 s: the burst ends with one summary line.
    now += 5_000;
    l.assertMayTry('127.0.0.1');
    expect(logs.filter((m) => m.startsWith('auth: burst of wrong tokens ended'))).toEqual([
      'auth: burst of wrong tokens ended {"remote":"127.0.0.1","refused":3}',
    ]);
  });
});

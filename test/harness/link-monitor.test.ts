/**
 * The link monitor of offline mode (issue item 4), with a manual clock and manual timers: which
 * outcomes take the link offline, the capped backoff of the 9001 probe, and waking the queue when
 * the platform answers again.
 */
import { describe, expect, it } from 'vitest';
import { UpstreamLinkMonitor, monitoredUpstream, showsLinkDown } from '../../main/services/link-monitor';
import type { CallResult, UpstreamClient } from '../../main/upstream/ports';
import { AppError } from '../../shared/errors/app-error';

function result(p: Partial<CallResult>): CallResult {
  return {
    outcome: 'SUCCESS',
    infno: '2207',
    msgid: 'M',
    prepared: { infno: '2207', msgid: 'M', envelope: {}, body: '' },
    output: undefined,
    reason: 'success',
    startedAt: 0,
    endedAt: 0,
    ...p,
  };
}

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { at: number; fn: () => void }>();
  let id = 0;
  return {
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        id += 1;
        pending.set(id, { at: ms, fn });
        return id;
      },
      clearTimeout: (h: unknown) => void pending.delete(h as number),
    },
    /** Delays of the armed timers, in arming order. */
    delays: () => [...pending.values()].map((p) => p.at),
    /** Fires every armed timer once. */
    fire: async () => {
      const now = [...pending.entries()];
      pending.clear();
      for (const [, p] of now) p.fn();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('which outcomes show the link is down', () => {
  it.each([
    ['NOT_SENT, no connection', { outcome: 'NOT_SENT', reason: 'no-connection', transportError: 'ECONNREFUSED' }, true],
    [
      'NOT_SENT, sign-in could not connect',
      { outcome: 'NOT_SENT', reason: 'local-error', errCode: 'SIGN_IN_FAILED', transportError: 'ECONNREFUSED' },
      true,
    ],
    [
      'UNKNOWN, no answer within D',
      { outcome: 'UNKNOWN', reason: 'transport-error', transportError: 'ERR_CANCELED' },
      true,
    ],
    ['UNKNOWN, hard deadline', { outcome: 'UNKNOWN', reason: 'transport-error', transportError: 'ERR_DEADLINE' }, true],
    [
      'UNKNOWN, reset (the platform is there)',
      { outcome: 'UNKNOWN', reason: 'transport-error', transportError: 'ECONNRESET' },
      false,
    ],
    ['UNKNOWN, HTTP 502', { outcome: 'UNKNOWN', reason: 'http-status', httpStatus: 502 }, false],
    ['NOT_SENT, journal refused', { outcome: 'NOT_SENT', reason: 'local-error', errCode: 'JOURNAL_FAILED' }, false],
    ['DEFINITE_FAIL', { outcome: 'DEFINITE_FAIL', reason: 'refused', errCode: 'NO_REGISTRATION' }, false],
    [
      'DEFINITE_FAIL, gateway refusal',
      { outcome: 'DEFINITE_FAIL', reason: 'gateway-refused', errCode: 'GATEWAY_SIGNATURE' },
      false,
    ],
    [
      'NOT_SENT, the gateway refused the token',
      { outcome: 'NOT_SENT', reason: 'gateway-refused', errCode: 'GATEWAY_TOKEN' },
      false,
    ],
  ] as const)('%s → %s', (_name, r, down) => {
    expect(showsLinkDown(result(r as Partial<CallResult>))).toBe(down);
  });
});

describe('the monitor', () => {
  it('goes offline on a refused connection, probes with capped backoff, and comes back on the first answer', async () => {
    const t = manualTimers();
    let now = 1_000;
    let up = false;
    let probes = 0;
    let woken = 0;
    const m = new UpstreamLinkMonitor({
      probe: async () => {
        probes += 1;
        if (!up) throw new Error('ECONNREFUSED');
      },
      clock: { now: () => now },
      timers: t.timers,
      onOnline: () => {
        woken += 1;
      },
      firstProbeMs: 250,
      maxProbeMs: 1_000,
    });
    expect(m.isOffline()).toBe(false);
    m.observe(result({ outcome: 'NOT_SENT', reason: 'no-connection', transportError: 'ECONNREFUSED' }));
    expect(m.isOffline()).toBe(true);
    expect(m.offlineSince()).toBe(1_000);
    expect(m.view()).toMatchObject({ state: 'offline', reason: 'ECONNREFUSED', probes: 0, next_probe_at: 1_250 });
    // A second failure while offline does not restart the probing.
    m.observe(result({ outcome: 'NOT_SENT', reason: 'no-connection', transportError: 'ECONNREFUSED' }));
    expect(t.delays()).toEqual([250]);
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await t.fire();
      seen.push(...t.delays());
    }
    // 250 → 500 → 1000 → capped at 1000.
    expect(seen).toEqual([500, 1_000, 1_000, 1_000]);
    expect(probes).toBe(4);
    expect(woken).toBe(0);
    up = true;
    now = 9_000;
    await t.fire();
    expect(m.isOffline()).toBe(false);
    expect(woken).toBe(1);
    expect(t.delays()).toEqual([]);
    expect(m.view()).toMatchObject({ state: 'online', offline_since: null, back_at: 9_000, probes: 5 });
  });

  it('a gateway refusal of the probe or of a call brings the link back: the network works, the health view names the cause', async () => {
    const t = manualTimers();
    const m = new UpstreamLinkMonitor({
      probe: async () => {
        throw new AppError('GATEWAY_CLOCK_SKEW');
      },
      clock: { now: () => 5 },
      timers: t.timers,
    });
    m.markOffline('ECONNREFUSED');
    await t.fire();
    expect(m.isOffline()).toBe(false);
    m.markOffline('ECONNREFUSED');
    m.observe(result({ outcome: 'NOT_SENT', reason: 'gateway-refused', errCode: 'GATEWAY_TOKEN' }));
    expect(m.isOffline()).toBe(false);
    // Any other failed probe keeps it offline.
    const unreachable = async (): Promise<void> => {
      throw new AppError('UPSTREAM_UNREACHABLE');
    };
    const n = new UpstreamLinkMonitor({ probe: unreachable, clock: { now: () => 5 }, timers: t.timers });
    n.markOffline('ECONNREFUSED');
    await t.fire();
    expect(n.isOffline()).toBe(true);
    n.stop();
  });

  it('a readable reply from any call brings the link back without waiting for the probe', () => {
    const t = manualTimers();
    let woken = 0;
    const m = new UpstreamLinkMonitor({
      probe: async () => undefined,
      clock: { now: () => 5 },
      timers: t.timers,
      onOnline: () => void (woken += 1),
    });
    m.markOffline('ETIMEDOUT');
    m.observe(result({ outcome: 'DEFINITE_FAIL', reason: 'refused', errCode: 'NO_REGISTRATION' }));
    expect(m.isOffline()).toBe(false);
    expect(woken).toBe(1);
    expect(t.delays()).toEqual([]);
  });

  it('the monitored client feeds every result to the monitor and passes it on unchanged', async () => {
    const t = manualTimers();
    const m = new UpstreamLinkMonitor({ probe: async () => undefined, clock: { now: () => 0 }, timers: t.timers });
    const down = result({ outcome: 'NOT_SENT', reason: 'no-connection', transportError: 'ECONNREFUSED' });
    const inner: UpstreamClient = {
      call: async () => down,
      signIn: async () => undefined,
      status: () => ({ lastSuccessAt: null, lastFailureAt: null, signInAt: null, signedIn: false }),
    };
    const c = monitoredUpstream(inner, m);
    expect(
      await c.call('2207', {}, { journal: { beforeSend: async () => undefined, afterOutcome: async () => undefined } }),
    ).toBe(down);
    expect(m.isOffline()).toBe(true);
    await c.signIn();
    expect(m.isOffline()).toBe(false);
  });
});

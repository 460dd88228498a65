/**
 * Offline mode at the window (issue item 4): the state of the link to the platform.
 *
 * - A call that shows the platform is unreachable (no connection, or no answer at all within D)
 *   marks the link offline. From then on, new settles, pre-settles and visit openings fail fast
 *   with UPSTREAM_UNREACHABLE (503) instead of each waiting for its own timeout, inpatient fee
 *   uploads are queued, and the queue holds its jobs (no attempt is spent).
 * - While offline, a cheap call (9001 sign-in) probes the platform in the background with capped
 *   backoff. The first readable reply — from a probe or any other call — brings the link back,
 *   and `onOnline` wakes the queue so that it drains by itself.
 *
 * A reset or an unreadable reply is NOT offline: the platform answered something, and the
 * outcome rules of docs/reliability.md §1 deal with it. Clock and timers are injected.
 */
import type { CallContext, CallResult, OperatorRef, UpstreamClient, UpstreamStatus } from '../upstream/ports';
import { AppError } from '../../shared/errors/app-error';
import { isGatewayRefusalCode } from '../../shared/protocol/gateway-refusals';
import type { Logger, UpstreamLinkState } from './service-deps';
import type { Clock } from '../domain/clock';

/** Transport codes that prove no connection was made (docs/reliability.md §1 "no connection"). */
const NO_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Transport codes of "no answer within the deadline" (black hole, dead network). */
const NO_ANSWER = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_CANCELED', 'ERR_DEADLINE']);

/** Timers the monitor runs on (injected). */
export interface MonitorTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The link as shown to supervisors (`GET /api/v1/jobs`) and in diagnostics. Times epoch ms. */
export interface LinkView {
  readonly state: 'online' | 'offline';
  /** When the link went offline; null while online. */
  readonly offline_since: number | null;
  /** Why it went offline (a transport code or a short reason, no personal data). */
  readonly reason: string | null;
  /** Probes sent since it went offline. */
  readonly probes: number;
  /** When the next probe is due; null while online. */
  readonly next_probe_at: number | null;
  /** When the link last came back, or null. */
  readonly back_at: number | null;
}

/** Options of the monitor. */
export interface LinkMonitorOptions {
  /** A cheap call that resolves when the platform answers (the composition root passes 9001 sign-in). */
  readonly probe: () => Promise<void>;
  readonly clock: Clock;
  readonly timers: MonitorTimers;
  /** Called each time the link comes back (wake the queue). */
  readonly onOnline?: () => void;
  readonly log?: Logger;
  /** First probe delay after going offline, ms (default 250). */
  readonly firstProbeMs?: number;
  /** Longest probe delay, ms (default 15 000). */
  readonly maxProbeMs?: number;
}

/** True when the result shows the platform could not be reached at all. */
export function showsLinkDown(r: CallResult): boolean {
  const code = r.transportError ?? '';
  if (r.outcome === 'NOT_SENT') {
    // `no-connection`, or a call whose sign-in could not reach the platform.
    return (
      r.reason === 'no-connection' ||
      (r.errCode === 'SIGN_IN_FAILED' && (NO_CONNECTION.has(code) || NO_ANSWER.has(code)))
    );
  }
  return r.outcome === 'UNKNOWN' && r.reason === 'transport-error' && NO_ANSWER.has(code);
}

/**
 * True when the platform answered readably (the link works, whatever the answer said). A refusal
 * by the gateway in front counts too: the network is fine, the cause is a key, a clock or a path,
 * which the health view names — offline mode would hide it behind "unreachable".
 */
function showsLinkUp(r: CallResult): boolean {
  return (
    r.outcome === 'SUCCESS' ||
    r.outcome === 'DEFINITE_FAIL' ||
    (r.outcome === 'NOT_SENT' && isGatewayRefusalCode(r.errCode))
  );
}

/** The link monitor; also the {@link UpstreamLinkState} services read. */
export class UpstreamLinkMonitor implements UpstreamLinkState {
  private offlineAt: number | null = null;
  private why: string | null = null;
  private probes = 0;
  private delay: number;
  private nextProbeAt: number | null = null;
  private timer: unknown = null;
  private probing = false;
  private stopped = false;
  private backAt: number | null = null;
  private readonly first: number;
  private readonly max: number;

  constructor(private readonly opts: LinkMonitorOptions) {
    this.first = Math.max(1, opts.firstProbeMs ?? 250);
    this.max = Math.max(this.first, opts.maxProbeMs ?? 15_000);
    this.delay = this.first;
  }

  isOffline(): boolean {
    return this.offlineAt !== null;
  }

  offlineSince(): number | null {
    return this.offlineAt;
  }

  view(): LinkView {
    return {
      state: this.offlineAt === null ? 'online' : 'offline',
      offline_since: this.offlineAt,
      reason: this.why,
      probes: this.probes,
      next_probe_at: this.nextProbeAt,
      back_at: this.backAt,
    };
  }

  /** Feeds the outcome of any call: a link failure takes the link offline, a readable reply brings it back. */
  observe(r: CallResult): void {
    if (showsLinkDown(r)) this.markOffline(r.transportError ?? r.errCode ?? r.reason);
    else if (showsLinkUp(r)) this.markOnline();
  }

  /** Takes the link offline (idempotent) and starts probing. */
  markOffline(reason: string): void {
    if (this.stopped || this.offlineAt !== null) return;
    this.offlineAt = this.opts.clock.now();
    this.why = reason;
    this.probes = 0;
    this.delay = this.first;
    this.opts.log?.warn('upstream link offline', { reason });
    this.scheduleProbe();
  }

  /** Brings the link back (idempotent); wakes whoever waits for it. */
  markOnline(): void {
    if (this.offlineAt === null) return;
    const downMs = this.opts.clock.now() - this.offlineAt;
    this.offlineAt = null;
    this.why = null;
    this.nextProbeAt = null;
    this.backAt = this.opts.clock.now();
    if (this.timer !== null) {
      this.opts.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    this.opts.log?.info('upstream link back', { down_ms: downMs, probes: this.probes });
    try {
      this.opts.onOnline?.();
    } catch {
      // A failing listener must not keep the link offline.
    }
  }

  /** Stops probing (shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleProbe(): void {
    if (this.stopped || this.offlineAt === null || this.probing) return;
    const wait = this.delay;
    this.nextProbeAt = this.opts.clock.now() + wait;
    this.timer = this.opts.timers.setTimeout(() => {
      this.timer = null;
      void this.runProbe();
    }, wait);
  }

  private async runProbe(): Promise<void> {
    if (this.stopped || this.offlineAt === null || this.probing) return;
    this.probing = true;
    this.probes += 1;
    let up = false;
    try {
      await this.opts.probe();
      up = true;
    } catch (e) {
      // The gateway answered (and refused the sign-in): the link is up, the refusal is IT's matter.
      up = e instanceof AppError && isGatewayRefusalCode(e.code);
    } finally {
      this.probing = false;
    }
    if (up) {
      this.markOnline();
      return;
    }
    // Capped exponential backoff: 250 ms, 500 ms, 1 s … 15 s.
    this.delay = Math.min(this.max, this.delay * 2);
    this.scheduleProbe();
  }
}

/**
 * The upstream client seen through the monitor: every call's outcome is fed to it. Calls are
 * never blocked here (the queue and the resolution of unknown outcomes decide for themselves);
 * use cases refuse new work while offline (`refuseWhileOffline`).
 */
export function monitoredUpstream(inner: UpstreamClient, monitor: UpstreamLinkMonitor): UpstreamClient {
  return {
    async call(infno: string, input: Readonly<Record<string, unknown>>, ctx: CallContext): Promise<CallResult> {
      const r = await inner.call(infno, input, ctx);
      monitor.observe(r);
      return r;
    },
    async signIn(operator?: OperatorRef): Promise<void> {
      await inner.signIn(operator);
      monitor.markOnline();
    },
    status(): UpstreamStatus {
      return inner.status();
    },
  };
}

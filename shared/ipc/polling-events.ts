/**
 * `onEvent` for both clients (preload and browser shim): while anyone is subscribed, ask
 * `health` and `listPending` every `intervalMs` and deliver what came back. Polling keeps the
 * services free of push plumbing, works the same over IPC and HTTP, and costs two local calls.
 * Timers are injected because shared/ has no DOM or Node globals.
 */
import type { Result } from '../result';
import type { BridgeEvent, PendingItemView } from './views';
import type { HealthView } from '../api/views';
import type { Unsubscribe } from './contract';

/** The timer functions of the host (window or Node). */
export interface Timers {
  readonly setInterval: (fn: () => void, ms: number) => unknown;
  readonly clearInterval: (handle: unknown) => void;
}

/** The two calls the poller needs. */
export interface PollSource {
  readonly health: () => Promise<Result<HealthView>>;
  readonly listPending: () => Promise<Result<readonly PendingItemView[]>>;
}

/** Default polling period, milliseconds. */
export const EVENT_POLL_MS = 5000;

/** Builds an `onEvent` that polls `source`; the first poll runs at once on the first subscription. */
export function createPollingEvents(
  source: PollSource,
  timers: Timers,
  intervalMs = EVENT_POLL_MS,
): (cb: (e: BridgeEvent) => void) => Unsubscribe {
  const listeners = new Set<(e: BridgeEvent) => void>();
  let handle: unknown = null;
  const emit = (e: BridgeEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(e);
      } catch {
        // A listener's fault must not stop the others.
      }
    }
  };
  const poll = (): void => {
    void source.health().then(
      (r) => (r.ok ? emit({ type: 'health', health: r.value }) : undefined),
      () => undefined,
    );
    void source.listPending().then(
      (r) => (r.ok ? emit({ type: 'pending', items: r.value }) : undefined),
      () => undefined,
    );
  };
  return (cb) => {
    listeners.add(cb);
    if (handle === null) {
      handle = timers.setInterval(poll, intervalMs);
      poll();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      listeners.delete(cb);
      if (listeners.size === 0 && handle !== null) {
        timers.clearInterval(handle);
        handle = null;
      }
    };
  };
}

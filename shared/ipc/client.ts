/**
 * Builds a `SettlementBridge` from a transport, so that the preload (over IPC) and the browser-mode
 * shim (over HTTP) expose exactly the same object (docs/architecture.md §5.3). The transport sends one
 * method's argument and answers its Result; it must never throw (the wrapper guards anyway).
 */
import type { Result } from '../result';
import { fail } from '../result';
import type { BridgeEvent } from './views';
import type { BridgeMethod, SettlementBridge, Unsubscribe } from './contract';
import { BRIDGE_CHANNELS } from './channels';
import { explain } from '../errors/catalog';

/** Sends one call: method name and its argument (`{}` for methods without one). */
export type BridgeTransport = (method: BridgeMethod, arg: unknown) => Promise<Result<unknown>>;

/** Subscribes to pushed events; answers the unsubscribe function. */
export type EventSource = (cb: (event: BridgeEvent) => void) => Unsubscribe;

/** The Result of a transport that failed to deliver (no answer, unreadable answer). */
export function unreachable(detail?: unknown): Result<never> {
  const e = explain('BRIDGE_UNREACHABLE');
  return fail({
    code: 'BRIDGE_UNREACHABLE',
    message: e.message,
    hint: e.hint,
    actor: e.actor,
    retryable: e.retryable,
    ...(detail !== undefined ? { detail } : {}),
  });
}

/** A `SettlementBridge` whose methods all go through `transport`; events come from `events`. */
export function createBridgeClient(transport: BridgeTransport, events: EventSource): SettlementBridge {
  const call = async (method: BridgeMethod, arg: unknown): Promise<Result<unknown>> => {
    try {
      return await transport(method, arg ?? {});
    } catch (err) {
      return unreachable({ method, reason: err instanceof Error ? err.name : 'error' });
    }
  };
  const methods = Object.fromEntries(
    (Object.keys(BRIDGE_CHANNELS) as BridgeMethod[]).map((m) => [m, (arg?: unknown) => call(m, arg)]),
  );
  return Object.freeze({ ...methods, onEvent: events }) as unknown as SettlementBridge;
}

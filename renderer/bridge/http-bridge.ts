/**
 * Browser-mode `window.settlement` (docs/architecture.md §1): the same `SettlementBridge` as the Electron
 * preload, sent as `POST /bridge/<method>` with the UI token (shared/ipc/http-transport.ts).
 * It never throws: no answer, or an answer that is not a Result, reads as BRIDGE_UNREACHABLE.
 */
import type { SettlementBridge } from '../../shared/ipc/contract';
import { createBridgeClient, unreachable } from '../../shared/ipc/client';
import { isResult } from '../../shared/ipc/is-result';
import { bridgePath } from '../../shared/ipc/http-transport';
import { createPollingEvents } from '../../shared/ipc/polling-events';
import type { Result } from '../../shared/result';

/** The `fetch` the shim uses (injected so that it can be exercised outside a page). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; cache: 'no-store'; credentials: 'omit' },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

/** Options of the browser-mode bridge. */
export interface HttpBridgeOptions {
  /** The UI token from the page's URL fragment. */
  readonly token: string;
  /** Origin of the server, e.g. `http://127.0.0.1:5173`; '' for the page's own origin. */
  readonly baseUrl?: string;
  readonly fetch: FetchLike;
  readonly timers: { setInterval: (fn: () => void, ms: number) => unknown; clearInterval: (h: unknown) => void };
  /** Polling period of `onEvent`, milliseconds. */
  readonly pollMs?: number;
}

/** Builds the HTTP `SettlementBridge`. */
export function createHttpBridge(opts: HttpBridgeOptions): SettlementBridge {
  const base = opts.baseUrl ?? '';
  const transport = async (method: string, arg: unknown): Promise<Result<unknown>> => {
    let text: string;
    let status: number;
    try {
      const res = await opts.fetch(`${base}${bridgePath(method)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(arg ?? {}),
        cache: 'no-store',
        credentials: 'omit',
      });
      status = res.status;
      text = await res.text();
    } catch {
      return unreachable({ method, reason: 'no answer' });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return unreachable({ method, status, reason: 'not JSON' });
    }
    return isResult(body) ? body : unreachable({ method, status, reason: 'not a Result' });
  };
  // The poller calls through the same transport, so events need the client first.
  let client: SettlementBridge | null = null;
  const events = createPollingEvents(
    {
      health: () => (client ? client.health() : Promise.resolve(unreachable())),
      listPending: () => (client ? client.listPending() : Promise.resolve(unreachable())),
    },
    opts.timers,
    opts.pollMs,
  );
  client = createBridgeClient(transport, events);
  return client;
}

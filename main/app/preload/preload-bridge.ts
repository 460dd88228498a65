/**
 * The Electron side of `window.settlement`: each method is `ipcRenderer.invoke` on its contract
 * channel (shared/ipc/channels), with the answer checked to be a Result. No channel name, no
 * ipcRenderer and no Electron object reaches the page (docs/architecture.md §5.3).
 */
import type { SettlementBridge } from '../../../shared/ipc/contract';
import { BRIDGE_CHANNELS } from '../../../shared/ipc/channels';
import { createBridgeClient, unreachable } from '../../../shared/ipc/client';
import { isResult } from '../../../shared/ipc/is-result';
import { createPollingEvents } from '../../../shared/ipc/polling-events';
import type { Timers } from '../../../shared/ipc/polling-events';

/** `ipcRenderer.invoke`, or a stand-in in tests. */
export type Invoke = (channel: string, arg: unknown) => Promise<unknown>;

/** Builds the bridge over `invoke`; events poll through the same bridge. */
export function createPreloadBridge(invoke: Invoke, timers: Timers): SettlementBridge {
  let client: SettlementBridge | null = null;
  const events = createPollingEvents(
    {
      health: () => (client ? client.health() : Promise.resolve(unreachable())),
      listPending: () => (client ? client.listPending() : Promise.resolve(unreachable())),
    },
    timers,
  );
  client = createBridgeClient(async (method, arg) => {
    const answer = await invoke(BRIDGE_CHANNELS[method], arg);
    return isResult(answer) ? answer : unreachable({ method, reason: 'not a Result' });
  }, events);
  return client;
}

/**
 * The Electron side of `window.settlement`: each method is `ipcRenderer.invoke` on its contract
 * channel (shared/ipc/channels), with the answer checked to be a Result. No channel name, no
 * ipcRenderer and no Electron object reaches the page (docs/architecture.md §5.3).
 */
import type { SettlementBridge } from '../../../shared/ipc/contract';
import type { Timers } from '../../../shared/ipc/polling-events';
/** `ipcRenderer.invoke`, or a stand-in in tests. */
export type Invoke = (channel: string, arg: unknown) => Promise<unknown>;
/** Builds the bridge over `invoke`; events poll through the same bridge. */
export declare function createPreloadBridge(invoke: Invoke, timers: Timers): SettlementBridge;

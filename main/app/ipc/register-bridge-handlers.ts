/**
 * One IPC handler per bridge method (docs/architecture.md §5.4–§5.5). Each handler checks the sender
 * first, then parses the argument with the contract's zod schema (shared/ipc/dispatch), then
 * calls the services. It never throws across IPC: every outcome is a `Result`.
 */
import { ipcMain } from 'electron';
import type { SettlementBridge } from '../../../shared/ipc/contract';
import { BRIDGE_METHODS } from '../../../shared/ipc/contract';
import { dispatchBridgeCall, localError } from '../../../shared/ipc/dispatch';
import { fail } from '../../../shared/result';
import type { IpcMainLike } from './typed-ipc';
import { handle } from './typed-ipc';
import type { OwnWindowCheck } from './sender-check';

/** Registers every bridge method on `ipc`; answers the function that removes them all. */
export function registerBridgeHandlers(
  ipc: IpcMainLike,
  bridge: SettlementBridge,
  isOwnWindow: OwnWindowCheck,
): () => void {
  const removers = BRIDGE_METHODS.map((method) =>
    handle(ipc, method, async (event, raw) => {
      let own = false;
      try {
        own = isOwnWindow(event);
      } catch {
        own = false;
      }
      if (!own) return fail(localError('IPC_FORBIDDEN', { method }));
      // dispatchBridgeCall validates, calls and catches; its value type is the method's.
      return (await dispatchBridgeCall(bridge, method, raw)) as never;
    }),
  );
  return () => {
    for (const remove of removers) remove();
  };
}

/** `registerBridgeHandlers` on Electron's own ipcMain (for electron-main.ts). */
export function registerBridgeIpc(bridge: SettlementBridge, isOwnWindow: OwnWindowCheck): () => void {
  return registerBridgeHandlers(ipcMain, bridge, isOwnWindow);
}

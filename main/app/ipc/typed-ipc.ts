/**
 * Typed wrappers over `ipcMain.handle` derived from the contract (docs/architecture.md §5.2): the channel
 * comes from the method name, the answer is the method's `Result`. This folder is the only place
 * that touches ipcMain (lint bans it elsewhere).
 */
import type { IpcMainInvokeEvent } from 'electron';
import type { BridgeMethod, BridgeResults } from '../../../shared/ipc/contract';
import { BRIDGE_CHANNEL_OF } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';

/** The part of ipcMain the wrappers use (the real one, or a mock in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** A handler of one method: the raw argument in, the method's Result out. */
export type TypedHandler<K extends BridgeMethod> = (
  event: IpcMainInvokeEvent,
  raw: unknown,
) => Promise<Result<BridgeResults[K]>>;

/** Registers `fn` on the channel of `method`; answers the function that removes it. */
export function handle<K extends BridgeMethod>(ipc: IpcMainLike, method: K, fn: TypedHandler<K>): () => void {
  const channel = BRIDGE_CHANNEL_OF[method];
  ipc.handle(channel, (event, ...args) => fn(event, args[0]));
  return () => ipc.removeHandler(channel);
}

/**
 * A `SettlementBridge` that records its calls and answers a fixed Result, to see whether the IPC
 * layer called the services and with what. (Electron itself is the mocked module; this is a probe
 * on the services' side of the boundary, not a fake of them.)
 */
import { vi } from 'vitest';
import type { Mock } from 'vitest';
import type { BridgeMethod, SettlementBridge } from '../../shared/ipc/contract';
import { BRIDGE_METHODS } from '../../shared/ipc/contract';

/** The spy bridge and its per-method spies. */
export function spyBridge(
  answer: (method: BridgeMethod, arg: unknown) => unknown = (m) => ({ ok: true, value: { method: m } }),
): { bridge: SettlementBridge; spies: Record<BridgeMethod, Mock<(arg: unknown) => Promise<unknown>>> } {
  // A throw inside `answer` becomes a rejected promise, as an async service method would give.
  const spies = Object.fromEntries(
    BRIDGE_METHODS.map((m) => [m, vi.fn((arg: unknown) => new Promise((resolve) => resolve(answer(m, arg))))]),
  ) as Record<BridgeMethod, Mock<(arg: unknown) => Promise<unknown>>>;
  const bridge = { ...spies, onEvent: () => () => undefined } as unknown as SettlementBridge;
  return { bridge, spies };
}

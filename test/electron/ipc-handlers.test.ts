/**
 * IPC registration (docs/architecture.md §5.2–§5.5, reliability S5): one handler per contract method, the
 * sender checked first, then the argument, and never a throw across IPC.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { ipcMain } from './electron-mock';
import { spyBridge } from './bridge-spy';
import { AppError } from '../../shared/errors/app-error';
import { BRIDGE_CHANNELS } from '../../shared/ipc/channels';
import { BRIDGE_ARG_SCHEMAS, BRIDGE_METHODS } from '../../shared/ipc/contract';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);

const { registerBridgeHandlers } = await import('../../main/app/ipc/register-bridge-handlers');
const { ownWindowCheck } = await import('../../main/app/ipc/sender-check');

const EVENT = {} as IpcMainInvokeEvent;

/** Calls the handler of `channel` as Electron would. */
async function invoke(
  channel: string,
  arg: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; detail?: unknown } }> {
  const h = ipcMain.handlers.get(channel);
  if (!h) throw new Error(`no handler for ${channel}`);
  return (await h(EVENT, arg)) as never;
}

describe('bridge IPC handlers', () => {
  let unregister: () => void = () => undefined;
  beforeEach(() => {
    unregister();
    ipcMain.handlers.clear();
  });

  it('registers exactly one handler per contract method, on its domain:verb channel', () => {
    const { bridge } = spyBridge();
    unregister = registerBridgeHandlers(ipcMain, bridge, () => true);
    expect(BRIDGE_METHODS.length).toBeGreaterThan(0);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
    expect(Object.keys(BRIDGE_CHANNELS).sort()).toEqual([...BRIDGE_METHODS].sort());
    for (const ch of ipcMain.handlers.keys()) expect(ch).toMatch(/^[a-z]+:[a-z-]+$/);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it("every handler parses its argument with its method's schema before the bridge sees it", async () => {
    const { bridge, spies } = spyBridge();
    unregister = registerBridgeHandlers(ipcMain, bridge, () => true);
    for (const m of BRIDGE_METHODS) {
      // No method's schema accepts a bare number, so each handler must refuse it as a bad request.
      expect(BRIDGE_ARG_SCHEMAS[m].safeParse(42).success).toBe(false);
      const r = await invoke(BRIDGE_CHANNELS[m], 42);
      expect(r, m).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(spies[m]).not.toHaveBeenCalled();
    }
  });

  it('refuses a foreign sender before reading the argument, without calling the bridge', async () => {
    const { bridge, spies } = spyBridge();
    const check = vi.fn(() => false);
    unregister = registerBridgeHandlers(ipcMain, bridge, check);
    for (const m of BRIDGE_METHODS) {
      const r = await invoke(BRIDGE_CHANNELS[m], { visit_id: 'V1' });
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('IPC_FORBIDDEN');
      expect(spies[m]).not.toHaveBeenCalled();
    }
    expect(check).toHaveBeenCalledTimes(BRIDGE_METHODS.length);
  });

  it('refuses when the sender check itself throws', async () => {
    const { bridge, spies } = spyBridge();
    unregister = registerBridgeHandlers(ipcMain, bridge, () => {
      throw new Error('boom');
    });
    const r = await invoke('settlement:settle', { visit_id: 'V1' });
    expect(r.error?.code).toBe('IPC_FORBIDDEN');
    expect(spies.settle).not.toHaveBeenCalled();
  });

  it.each([
    ['identify', { mdtrt_cert_type: '09', mdtrt_cert_no: 'x' }, 'mdtrt_cert_type'],
    ['identify', undefined, 'mdtrt_cert_type'],
    ['settle', { visit_id: 'V1', acct_used_flag: '2' }, 'acct_used_flag'],
    ['presettle', { acct_used_flag: '1' }, 'visit_id'],
    ['cancel', { settlement_id: 'S1', reason: '   ' }, 'reason'],
    ['cancel', { settlement_id: 'S1', reason: '退费', scope: 'all' }, 'scope'],
    [
      'uploadFees',
      {
        visit_id: 'V1',
        lines: [
          {
            feedetl_sn: '1',
            medins_list_codg: 'A',
            name: 'x',
            cnt: '1',
            pric: '1',
            det_item_fee_sumamt: '1.005',
            fee_ocur_time: '2026-01-01 08:00:00',
          },
        ],
      },
      'lines.0.det_item_fee_sumamt',
    ],
    ['saveSettings', { upstream: { url: 'not a url' } }, 'upstream.url'],
    ['saveSettings', { secret_key: 'x' }, ''],
    ['saveGatewaySecret', { key: 'access_key', value: 'x' }, 'key'],
  ] as const)('refuses bad arguments of %s without calling the bridge', async (method, arg, path) => {
    const { bridge, spies } = spyBridge();
    unregister = registerBridgeHandlers(ipcMain, bridge, () => true);
    const r = await invoke(BRIDGE_CHANNELS[method], arg);
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('BAD_REQUEST');
    const issues = (r.error?.detail as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path)).toContain(path);
    expect(spies[method]).not.toHaveBeenCalled();
  });

  it('passes the parsed argument (defaults applied) and answers the bridge Result', async () => {
    const { bridge, spies } = spyBridge((m, arg) => ({ ok: true, value: { m, arg } }));
    unregister = registerBridgeHandlers(ipcMain, bridge, () => true);
    const r = await invoke('settlement:settle', { visit_id: ' V1 ' });
    expect(spies.settle).toHaveBeenCalledExactlyOnceWith({ visit_id: 'V1', acct_used_flag: '0' });
    expect(r).toEqual({ ok: true, value: { m: 'settle', arg: { visit_id: 'V1', acct_used_flag: '0' } } });
    const c = await invoke('settlement:cancel', { settlement_id: 'S9', reason: ' 患者要求退费 ' });
    expect(c.ok).toBe(true);
    expect(spies.cancel).toHaveBeenCalledExactlyOnceWith({
      settlement_id: 'S9',
      reason: '患者要求退费',
      scope: 'visit',
    });
    await invoke('app:health', undefined);
    expect(spies.health).toHaveBeenCalledExactlyOnceWith({});
  });

  it('turns a throw of the services into a Result, keeping an AppError code', async () => {
    const { bridge } = spyBridge((m) => {
      if (m === 'identify') throw new AppError('SUSPENDED');
      throw new Error('secret 430102196908080713');
    });
    unregister = registerBridgeHandlers(ipcMain, bridge, () => true);
    const a = await invoke('patient:identify', { mdtrt_cert_type: '02', mdtrt_cert_no: '430102196908080713' });
    expect(a.ok).toBe(false);
    expect(a.error?.code).toBe('SUSPENDED');
    const b = await invoke('settlement:get', { settlement_id: 'S1' });
    expect(b.error?.code).toBe('INTERNAL');
    expect(JSON.stringify(b)).not.toContain('430102196908080713');
  });

  it('refuses an answer of the services that is not a Result', async () => {
    const { bridge } = spyBridge(() => ({ settled: true }));
    unregister = registerBridgeHandlers(ipcMain, bridge, () => true);
    const r = await invoke('visit:get', { visit_id: 'V1' });
    expect(r.error?.code).toBe('INTERNAL');
  });
});

describe('ownWindowCheck', () => {
  const own = { id: 7, isDestroyed: () => false } as unknown as Electron.WebContents;
  const check = ownWindowCheck(() => own, 'app://cashier');
  const ev = (senderId: number, frame: { url: string; parent: unknown } | null) =>
    ({ sender: { id: senderId }, senderFrame: frame }) as unknown as IpcMainInvokeEvent;

  it('accepts the own window top frame at the app origin', () => {
    expect(check(ev(7, { url: 'app://cashier/index.html', parent: null }))).toBe(true);
  });
  it('refuses another window', () => {
    expect(check(ev(8, { url: 'app://cashier/index.html', parent: null }))).toBe(false);
  });
  it('refuses another origin, a sub-frame and a missing frame', () => {
    expect(check(ev(7, { url: 'https://evil.example/', parent: null }))).toBe(false);
    expect(check(ev(7, { url: 'file:///opt/app/index.html', parent: null }))).toBe(false);
    expect(check(ev(7, { url: 'app://cashier.evil/index.html', parent: null }))).toBe(false);
    expect(check(ev(7, { url: 'app://cashier/index.html', parent: {} }))).toBe(false);
    expect(check(ev(7, null))).toBe(false);
  });
  it('refuses everything when the window is gone', () => {
    const gone = ownWindowCheck(() => null, 'app://cashier');
    expect(gone(ev(7, { url: 'app://cashier/index.html', parent: null }))).toBe(false);
  });
});

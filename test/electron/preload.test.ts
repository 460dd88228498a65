/**
 * The preload (docs/architecture.md §5.3): exposes exactly one object, `window.settlement`, with the
 * contract's task-shaped methods and `onEvent` only; each method invokes its own channel; nothing
 * throws to the page; and the bundle requires nothing but `electron`, so sandbox: true works.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextBridge, ipcRenderer } from './electron-mock';
import { BRIDGE_METHODS } from '../../shared/ipc/contract';
import type { SettlementBridge } from '../../shared/ipc/contract';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);

let api: SettlementBridge;

beforeAll(async () => {
  await import('../../main/app/preload/preload');
  api = contextBridge.exposed.get('settlement') as SettlementBridge;
});

describe('preload', () => {
  it('exposes exactly one global, settlement', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['settlement']);
  });

  it('offers the contract methods and onEvent, and nothing of Electron', () => {
    expect(Object.keys(api).sort()).toEqual([...BRIDGE_METHODS, 'onEvent'].sort());
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/invoke|send|ipc|channel|electron|require/i);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes the method channel with the argument and answers its Result', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { state: 'settled' } });
    const r = await api.settle({ visit_id: 'V1', acct_used_flag: '1' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('settlement:settle', { visit_id: 'V1', acct_used_flag: '1' });
    expect(r).toEqual({ ok: true, value: { state: 'settled' } });
    ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'SUSPENDED', message: 'm', hint: 'h', actor: 'cashier', retryable: false },
    });
    const refused = await api.identify({ mdtrt_cert_type: '02', mdtrt_cert_no: '430102196908080713' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('patient:identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: '430102196908080713',
    });
    expect(refused.ok).toBe(false);
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [] });
    await api.listPending();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('pending:list', {});
  });

  it('never throws to the page: a failed or odd answer is BRIDGE_UNREACHABLE', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(new Error('channel closed'));
    const a = await api.getVisit({ visit_id: 'V1' });
    expect(a.ok === false && a.error.code).toBe('BRIDGE_UNREACHABLE');
    ipcRenderer.invoke.mockResolvedValueOnce({ settled: true });
    const b = await api.getVisit({ visit_id: 'V1' });
    expect(b.ok === false && b.error.code).toBe('BRIDGE_UNREACHABLE');
  });

  it('onEvent answers an unsubscribe function', () => {
    ipcRenderer.invoke.mockResolvedValue({ ok: true, value: [] });
    const off = api.onEvent(() => undefined);
    expect(typeof off).toBe('function');
    off();
    off();
    ipcRenderer.invoke.mockReset();
  });

  it('bundles into one CommonJS file that requires only electron', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preload-'));
    const out = join(dir, 'preload.cjs');
    // @ts-expect-error -- plain .mjs build script without type declarations
    const { buildPreload } = (await import('../../scripts/build-preload.mjs')) as {
      buildPreload: (f: string) => Promise<void>;
    };
    await buildPreload(out);
    const code = readFileSync(out, 'utf8');
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bimport\s*\(|^import\s/m);
    expect(code).toContain('exposeInMainWorld');
    expect(code).toContain('settlement:settle');
    // zod never enters the preload: the schemas run in main.
    expect(code).not.toMatch(/ZodError|zod/);
  });
});

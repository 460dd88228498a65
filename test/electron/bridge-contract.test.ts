/**
 * The bridge contract in shared/ipc: schemas, dispatch, the client builder, polling events and
 * the browser-mode helpers. Plain Node, no Electron.
 */
import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_ARG_SCHEMAS, BRIDGE_METHODS, isBridgeMethod } from '../../shared/ipc/contract';
import { BRIDGE_CHANNELS } from '../../shared/ipc/channels';
import { dispatchBridgeCall, parseBridgeArg } from '../../shared/ipc/dispatch';
import { createBridgeClient } from '../../shared/ipc/client';
import { createPollingEvents } from '../../shared/ipc/polling-events';
import { bridgePath, methodOfPath, readUiToken } from '../../shared/ipc/http-transport';
import { isResult } from '../../shared/ipc/is-result';
import type { BridgeEvent } from '../../shared/ipc/views';
import { spyBridge } from './bridge-spy';

describe('contract', () => {
  it('names its methods, each with a schema and a unique domain:verb channel', () => {
    expect(BRIDGE_METHODS).toEqual(Object.keys(BRIDGE_ARG_SCHEMAS));
    expect(new Set(Object.values(BRIDGE_CHANNELS)).size).toBe(BRIDGE_METHODS.length);
    expect(Object.keys(BRIDGE_CHANNELS).sort()).toEqual([...BRIDGE_METHODS].sort());
    expect(isBridgeMethod('settle')).toBe(true);
    expect(isBridgeMethod('constructor')).toBe(false);
    expect(isBridgeMethod('__proto__')).toBe(false);
  });

  it('normalises money and ids exactly (fee lines as decimal strings)', () => {
    const r = parseBridgeArg('uploadFees', {
      visit_id: 42,
      lines: [
        {
          feedetl_sn: 1,
          medins_list_codg: 'A',
          name: '药',
          cnt: 2,
          pric: '18.6',
          det_item_fee_sumamt: 37.2,
          fee_ocur_time: '2026-11-23',
        },
      ],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        visit_id: '42',
        lines: [
          {
            feedetl_sn: '1',
            medins_list_codg: 'A',
            name: '药',
            cnt: '2.0000',
            pric: '18.600000',
            det_item_fee_sumamt: '37.20',
            fee_ocur_time: '2026-11-23 00:00:00',
          },
        ],
      },
    });
  });

  it('reports the failing paths of a bad argument, never its values', () => {
    const r = parseBridgeArg('identify', { mdtrt_cert_type: '02', mdtrt_cert_no: '', card_sn: 'x'.repeat(65) });
    expect(r.ok).toBe(false);
    const detail = !r.ok ? (r.error.detail as { issues: { path: string }[] }) : null;
    expect(detail?.issues.map((i) => i.path).sort()).toEqual(['card_sn', 'mdtrt_cert_no']);
    expect(JSON.stringify(r)).not.toContain('x'.repeat(65));
  });

  it('dispatches an unknown method as NOT_FOUND_ROUTE without touching the bridge', async () => {
    const { bridge, spies } = spyBridge();
    expect(await dispatchBridgeCall(bridge, 'onEvent', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND_ROUTE' },
    });
    expect(await dispatchBridgeCall(bridge, 'toString', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND_ROUTE' },
    });
    for (const s of Object.values(spies)) expect(s).not.toHaveBeenCalled();
  });

  it('recognises Results only', () => {
    expect(isResult({ ok: true, value: null })).toBe(true);
    expect(isResult({ ok: false, error: { code: 'X' } })).toBe(true);
    expect(isResult({ ok: true })).toBe(false);
    expect(isResult({ ok: false, error: 'X' })).toBe(false);
    expect(isResult(null)).toBe(false);
  });
});

describe('client builder', () => {
  it('sends each method through the transport, {} for methods without an argument', async () => {
    const transport = vi.fn((method: string, arg: unknown) =>
      Promise.resolve({ ok: true as const, value: { method, arg } }),
    );
    const client = createBridgeClient(transport, () => () => undefined);
    await client.health();
    await client.getVisit({ visit_id: 'V1' });
    expect(transport.mock.calls).toEqual([
      ['health', {}],
      ['getVisit', { visit_id: 'V1' }],
    ]);
    expect(Object.keys(client).sort()).toEqual([...BRIDGE_METHODS, 'onEvent'].sort());
  });

  it('turns a throwing transport into BRIDGE_UNREACHABLE', async () => {
    const client = createBridgeClient(
      () => Promise.reject(new Error('down')),
      () => () => undefined,
    );
    const r = await client.settle({ visit_id: 'V1' });
    expect(r.ok === false && r.error.code).toBe('BRIDGE_UNREACHABLE');
  });
});

describe('polling events', () => {
  it('polls while subscribed, delivers both kinds, and stops on the last unsubscribe', async () => {
    let tick: (() => void) | null = null;
    const timers = { setInterval: vi.fn((fn: () => void) => ((tick = fn), 7)), clearInterval: vi.fn() };
    const health = vi.fn(() => Promise.resolve({ ok: true as const, value: { status: 'ok' } as never }));
    const listPending = vi.fn(() => Promise.resolve({ ok: true as const, value: [] }));
    const onEvent = createPollingEvents({ health, listPending }, timers, 1000);
    const seen: BridgeEvent['type'][] = [];
    const off1 = onEvent((e) => seen.push(e.type));
    const off2 = onEvent(() => {
      throw new Error('a bad listener');
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.sort()).toEqual(['health', 'pending']);
    expect(timers.setInterval).toHaveBeenCalledOnce();
    (tick as unknown as () => void)();
    await new Promise((r) => setTimeout(r, 0));
    expect(health).toHaveBeenCalledTimes(2);
    off1();
    expect(timers.clearInterval).not.toHaveBeenCalled();
    off2();
    expect(timers.clearInterval).toHaveBeenCalledExactlyOnceWith(7);
  });
});

describe('browser-mode helpers', () => {
  it('reads the UI token from the fragment', () => {
    expect(readUiToken('#token=abc-_1')).toBe('abc-_1');
    expect(readUiToken('#a=1&token=x%2By')).toBe('x+y');
    expect(readUiToken('#token=')).toBeNull();
    expect(readUiToken('#tokens=abc')).toBeNull();
    expect(readUiToken('')).toBeNull();
  });
  it('maps methods to paths and back', () => {
    expect(bridgePath('settle')).toBe('/bridge/settle');
    expect(methodOfPath('/bridge/settle')).toBe('settle');
    expect(methodOfPath('/bridge/../api')).toBeNull();
    expect(methodOfPath('/api/v1/visits')).toBeNull();
  });
});

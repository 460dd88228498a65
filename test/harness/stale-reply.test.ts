/**
 * Fault 12 of docs/reliability.md §4 on a real socket path: a reply written twice must never be read as
 * the reply to the next call. With keep-alive, the duplicate sat on the pooled socket and the next
 * call (and every later one on that socket) read the reply of the call before it; the transport now
 * opens one connection per exchange. Real sandbox process, fault proxy and a TCP gate in between.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { createUpstreamClient, type HttpUpstreamClient } from '../../main/upstream/http-client';
import { NO_JOURNAL } from '../../main/upstream/ports';
import { startGate, type Gate } from './gate';
import { HARNESS_INSTITUTION, harnessRoot, startHarnessSandbox } from './harness-env';
import type { ManagedProcess } from '../support/managed-process';

let sandbox: { proc: ManagedProcess; url: string };
let proxy: FaultProxy;
let gate: Gate;
let client: HttpUpstreamClient;
let seq = 0;
let root = '';

beforeAll(async () => {
  root = harnessRoot('stale-reply');
  sandbox = await startHarnessSandbox(root);
  proxy = await startFaultProxy(Number(new URL(sandbox.url).port));
  gate = await startGate(proxy.port);
  client = createUpstreamClient({
    options: {
      url: gate.url,
      timeout_ms: 1000,
      ...HARNESS_INSTITUTION,
      opter: 'S1',
      opter_name: 'S1',
      opter_type: '1',
      infver: '',
      recer_sys_code: '',
    },
    msgids: {
      next: async () => `${HARNESS_INSTITUTION.fixmedins_code}20261120090000${String(++seq).padStart(4, '0')}`,
    },
  });
});
afterAll(async () => {
  client?.close();
  await gate?.close();
  await proxy?.close();
  await sandbox?.proc.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** 1101 for two different patients: the answer names whom it is about. */
async function identify(certno: string): Promise<{ outcome: string; certno: unknown; ref: unknown }> {
  const r = await client.call(
    '1101',
    { data: { mdtrt_cert_type: '02', mdtrt_cert_no: certno, psn_cert_type: '01', certno, psn_name: '' } },
    { journal: NO_JOURNAL },
  );
  // The reply text is redacted for logs; the parsed output is not.
  const out = r.output as { baseinfo?: { certno?: unknown } } | undefined;
  return {
    outcome: r.outcome,
    certno: out?.baseinfo?.certno,
    ref: /"inf_refmsgid":"(\d+)"/.exec(r.responseText ?? '')?.[1],
  };
}

describe('a duplicated reply', () => {
  it('is never taken for the reply of the next call', async () => {
    const a = '43010219560302031X';
    const b = '410202198305090198';
    expect((await identify(a)).certno).toBe(a);
    proxy.setMode({ kind: 'duplicate', path: 'response' });
    const dup = await identify(a);
    proxy.setMode({ kind: 'pass' });
    expect(dup.certno).toBe(a);
    // The next calls ask about another patient: each must get its own answer, not the stale one.
    const refs = new Set<unknown>([dup.ref]);
    for (let i = 0; i < 3; i++) {
      const next = await identify(b);
      expect(next.outcome).toBe('SUCCESS');
      expect(next.certno).toBe(b);
      expect(refs.has(next.ref)).toBe(false);
      refs.add(next.ref);
    }
  });
});

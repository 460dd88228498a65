/**
 * Offline at the window (issue item 4) through the HIS API: when the platform becomes unreachable,
 * the cashier and the HIS are told at once — new settles, pre-settles and visit openings answer 503
 * UPSTREAM_UNREACHABLE without sending anything (no journal row, no connection) — inpatient fee
 * uploads are accepted into the durable queue (202 `queued: true`), and `GET /api/v1/health` and
 * `GET /api/v1/jobs` show it. When the platform is back, the queue drains by itself.
 * Real sandbox process, a TCP gate that refuses connections, the adapter's runtime on real HTTP.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../main/app/runtime';
import { hisApi, type HisApi } from '../support/his-api-client';
import type { ManagedProcess } from '../support/managed-process';
import { startGate, type Gate } from './gate';
import {
  HARNESS_INPATIENT,
  HARNESS_PATIENTS,
  harnessBill,
  harnessRoot,
  sleep,
  startHarnessSandbox,
  writeHarnessConfig,
} from './harness-env';

const TOKEN = 'harness-token-0123456789abcdef';
let sandbox: { proc: ManagedProcess; url: string };
let gate: Gate;
let rt: Runtime;
let api: HisApi;
let root = '';

beforeAll(async () => {
  root = harnessRoot('offline');
  sandbox = await startHarnessSandbox(root);
  gate = await startGate(Number(new URL(sandbox.url).port));
  const { configPath } = writeHarnessConfig(path.join(root, 'adapter'), gate.url, 1500);
  rt = await startRuntime({
    configPath,
    port: 0,
    rendererDir: path.join(tmpdir(), 'yidi-offline-no-ui'),
    linkFirstProbeMs: 100,
  });
  api = hisApi(rt.hisApiUrl, TOKEN);
});
afterAll(async () => {
  await rt?.close();
  await gate?.close();
  await sandbox?.proc.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

interface ErrBody {
  error: { code: string; message: string; hint: string };
}
interface JobsBody {
  queue: { depth: number; oldest_at: string | null; needs_attention: number };
  upstream: {
    state: string;
    offline_since: string | null;
    probes: number;
    last_success_at: string | null;
    sign_in_age_s: number | null;
  };
  jobs: Record<string, unknown>[];
}

/** Polls until `done` or the bound; returns the last value. */
async function until<T>(get: () => Promise<T>, done: (t: T) => boolean, rounds = 150): Promise<T> {
  let last = await get();
  for (let i = 0; i < rounds && !done(last); i++) {
    await sleep(100);
    last = await get();
  }
  return last;
}

function journalCount(visit_id: string): Promise<number> {
  return rt.services.deps.store.journal.forVisit(visit_id).then((j) => j.length);
}

describe('offline mode', () => {
  it('fails fast while the platform is down, queues inpatient uploads, and drains by itself when it is back', async () => {
    const p = HARNESS_PATIENTS[0];
    const out = await api.post<{ visit_id: string }>('/api/v1/visits', {
      kind: 'outpatient',
      psn_no: p.psn_no,
      insutype: p.insutype,
      med_type: '11',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: p.certno,
      ipt_otp_no: 'OFF-MZ-1',
      begntime: '2026-11-20 09:00:00',
    });
    expect(out.status).toBe(201);
    expect(
      (await api.post(`/api/v1/visits/${out.body.visit_id}/fees`, { lines: harnessBill('OFF-MZ-1') })).status,
    ).toBe(200);
    const inp = await api.post<{ visit_id: string }>('/api/v1/visits', {
      kind: 'inpatient',
      psn_no: HARNESS_INPATIENT.psn_no,
      insutype: HARNESS_INPATIENT.insutype,
      med_type: '21',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: HARNESS_INPATIENT.certno,
      ipt_otp_no: 'OFF-ZY-1',
      begntime: '2026-11-15 08:00:00',
      dise_codg: 'K80.100',
      dise_name: '胆囊结石',
    });
    expect(inp.status).toBe(201);
    expect((await api.get<JobsBody>('/api/v1/jobs')).body.upstream.state).toBe('online');

    // The platform goes away. The first call to find out is a settle: nothing was sent (NOT_SENT).
    await gate.refuse();
    const first = await api.post<ErrBody>(`/api/v1/visits/${out.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(first.status).toBe(503);
    expect(first.body.error.code).toBe('UPSTREAM_UNREACHABLE');

    // From now on: told at once, nothing attempted — no journal row, not even a connection attempt.
    const rowsBefore = await journalCount(out.body.visit_id);
    const settlementsBefore = (await rt.services.deps.store.settlements.forVisit(out.body.visit_id)).length;
    const connectionsBefore = gate.connections();
    const again = await api.post<ErrBody>(`/api/v1/visits/${out.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(again.status).toBe(503);
    expect(again.body.error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(again.body.error.message).toBe('医保平台当前连不上，本次结算没有发出。');
    expect(again.body.error.hint).toMatch(/自动重连/);
    const pre = await api.post<ErrBody>(`/api/v1/visits/${out.body.visit_id}/presettle`, { acct_used_flag: '0' });
    expect([pre.status, pre.body.error.code]).toEqual([503, 'UPSTREAM_UNREACHABLE']);
    const open = await api.post<ErrBody>('/api/v1/visits', {
      kind: 'outpatient',
      psn_no: p.psn_no,
      insutype: p.insutype,
      med_type: '11',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: p.certno,
      ipt_otp_no: 'OFF-MZ-2',
      begntime: '2026-11-20 09:00:00',
    });
    expect([open.status, open.body.error.code]).toEqual([503, 'UPSTREAM_UNREACHABLE']);
    expect(open.body.error.message).toMatch(/办理就诊没有发出/);
    const outFees = await api.post<ErrBody>(`/api/v1/visits/${out.body.visit_id}/fees`, {
      lines: harnessBill('OFF-MZ-1b'),
    });
    expect([outFees.status, outFees.body.error.code]).toEqual([503, 'UPSTREAM_UNREACHABLE']);
    expect(await journalCount(out.body.visit_id)).toBe(rowsBefore);
    expect((await rt.services.deps.store.settlements.forVisit(out.body.visit_id)).length).toBe(settlementsBefore);

    // An inpatient's fees are accepted into the durable queue.
    const queued = await api.post<{ queued: boolean; visit: { fees: { uploaded: boolean }[] } }>(
      `/api/v1/visits/${inp.body.visit_id}/fees`,
      {
        lines: [
          {
            feedetl_sn: 'OFF-ZY-1-1',
            med_list_codg: '003315000010000',
            medins_list_codg: 'HIS-00331500',
            name: '腹腔镜胆囊切除术',
            cnt: '1',
            pric: '3200.00',
            det_item_fee_sumamt: '3200.00',
            fee_ocur_time: '2026-11-16 09:00:00',
          },
          {
            feedetl_sn: 'OFF-ZY-1-2',
            med_list_codg: '001101000010000',
            medins_list_codg: 'HIS-00110100',
            name: '床位费(三人间)',
            cnt: '5',
            pric: '40.00',
            det_item_fee_sumamt: '200.00',
            fee_ocur_time: '2026-11-16 09:00:00',
          },
        ],
      },
    );
    expect(queued.status).toBe(202);
    expect(queued.body.queued).toBe(true);
    expect(queued.body.visit.fees.map((l) => l.uploaded)).toEqual([false, false]);
    // No request left the adapter for any of the refused or queued actions.
    expect(gate.connections()).toBe(connectionsBefore);

    const health = await api.get<{
      status: string;
      upstream: { reachable: boolean | null };
      queue: { depth: number; oldest_at: string | null };
    }>('/api/v1/health');
    expect(health.body.status).toBe('offline');
    expect(health.body.upstream.reachable).toBe(false);
    expect(health.body.queue.depth).toBeGreaterThanOrEqual(1);
    expect(health.body.queue.oldest_at).not.toBeNull();
    const jobs = await api.get<JobsBody>('/api/v1/jobs');
    expect(jobs.status).toBe(200);
    expect(jobs.body.upstream.state).toBe('offline');
    expect(jobs.body.upstream.offline_since).not.toBeNull();
    expect(jobs.body.queue.depth).toBe(1);
    expect(jobs.body.queue.oldest_at).not.toBeNull();
    const upload = jobs.body.jobs.find((j) => j.type === 'upload-fees');
    expect(upload).toMatchObject({ key: inp.body.visit_id, state: 'queued', money: false, attempts: 0 });
    // Payloads may hold personal data: never listed.
    expect(Object.keys(upload ?? {})).not.toContain('payload');
    // The token is required.
    expect((await fetch(`${rt.hisApiUrl}/api/v1/jobs`)).status).toBe(401);

    // The platform is back: the probe notices, the queue sends the lines by itself.
    await gate.open();
    const drained = await until(
      () => api.get<JobsBody>('/api/v1/jobs'),
      (j) => j.body.upstream.state === 'online' && j.body.queue.depth === 0,
    );
    expect(drained.body.upstream.state).toBe('online');
    expect(drained.body.queue.depth).toBe(0);
    expect(drained.body.upstream.probes).toBeGreaterThanOrEqual(1);
    expect(drained.body.upstream.last_success_at).not.toBeNull();
    expect(drained.body.upstream.sign_in_age_s).not.toBeNull();
    const visit = await api.get<{ fees: { uploaded: boolean; platform?: { inscp_scp_amt?: string } }[] }>(
      `/api/v1/visits/${inp.body.visit_id}`,
    );
    expect(visit.body.fees.map((l) => l.uploaded)).toEqual([true, true]);
    expect(visit.body.fees[0]?.platform?.inscp_scp_amt).toBeDefined();
    const done = await api.get<JobsBody>(`/api/v1/jobs?state=done&key=${inp.body.visit_id}`);
    expect(done.body.jobs.map((j) => [j.type, j.state])).toEqual([['upload-fees', 'done']]);
    expect((await api.get<{ status: string }>('/api/v1/health')).body.status).toBe('ok');

    // And the cashier settles as usual; the inpatient too, after discharge.
    const settled = await api.post<{ state: string }>(`/api/v1/visits/${out.body.visit_id}/settle`, {
      acct_used_flag: '0',
    });
    expect([settled.status, settled.body.state]).toEqual([200, 'settled']);
    expect(
      (
        await api.post(`/api/v1/visits/${inp.body.visit_id}/discharge`, {
          endtime: '2026-11-20 10:00:00',
          dscg_way: '1',
        })
      ).status,
    ).toBe(200);
    const inSettled = await api.post<{ state: string; setlinfo: { medfee_sumamt: string } }>(
      `/api/v1/visits/${inp.body.visit_id}/settle`,
      { acct_used_flag: '0' },
    );
    expect([inSettled.status, inSettled.body.state, inSettled.body.setlinfo.medfee_sumamt]).toEqual([
      200,
      'settled',
      '3400.00',
    ]);
  });

  it('rejects a bad jobs filter with 400 naming the parameter', async () => {
    const r = await api.get<{ error: { code: string; detail: { field: string } } }>('/api/v1/jobs?state=sleeping');
    expect([r.status, r.body.error.code, r.body.error.detail.field]).toEqual([400, 'BAD_REQUEST', 'state']);
  });
});

/**
 * The region profile drives the services (issue 16 item 3): which transactions exist, which
 * unknown outcomes may be reversed with 2601, and the deadline per transaction class. A real
 * sandbox process, an in-process adapter given a region profile, driven through the HIS API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegionProfile, type RegionProfile } from '../../main/config/region-profile';
import { ctAndLiverBill, openVisit, PATIENTS } from './settlement-env';
import { startGatewayEnv, type GatewayEnv } from './gateway-env';
import type { HisApi } from '../support/his-api-client';

interface SettleBody {
  settlement_id: string;
  state: string;
  error?: { code: string };
}

const NATIONAL = JSON.parse(readFileSync(path.resolve('main/config/regions/national-default.json'), 'utf8')) as Record<
  string,
  unknown
>;
const region = (over: Record<string, unknown>): RegionProfile =>
  parseRegionProfile({ ...NATIONAL, id: 'test-region', ...over }, 'test');

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv('plain');
}, 60_000);
afterAll(async () => {
  await env?.close();
});

async function waitForState(api: HisApi, id: string, done: (s: string) => boolean): Promise<SettleBody> {
  let last: SettleBody | null = null;
  for (let i = 0; i < 100; i++) {
    last = (await api.get<SettleBody>(`/api/v1/settlements/${id}`)).body;
    if (done(last.state)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`settlement ${id} stayed ${last?.state}`);
}

describe('region rules', () => {
  it('a transaction the region does not support is never sent: TRANSACTION_NOT_SUPPORTED', async () => {
    const { api } = await env.adapter('unsupported', {
      region: region({ transactions: { supported: ['9001', '1101', '2001'], variants: {} } }),
    });
    const v = await openVisit(api, PATIENTS.longTerm, 'MZ-RG-1');
    expect(v.status, JSON.stringify(v.body)).toBe(422);
    expect((v.body as unknown as { error: { code: string } }).error.code).toBe('TRANSACTION_NOT_SUPPORTED');
  });

  it("the region's dictionary labels replace the national ones where it has its own", async () => {
    const { api } = await env.adapter('dict', {
      region: region({ dictionaries: { insutype: { '310': '职工医保（本地区称谓）' } } }),
    });
    const p = await api.post<{ insuinfo: { insutype: string; insutype_name: string }[] }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.longTerm.certno,
    });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.insuinfo.find((r) => r.insutype === '310')?.insutype_name).toBe('职工医保（本地区称谓）');
    // Without a regional label, the national name.
    const q = await api.post<{ insuinfo: { insutype: string; insutype_name: string }[] }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.referral.certno,
    });
    expect(q.body.insuinfo.find((r) => r.insutype === '390')?.insutype_name).toBe('城乡居民基本医疗保险');
  });

  it('an unknown settle the region does not reverse goes to a supervisor, without any 2601', async () => {
    const a = await env.adapter('no-reversal', {
      region: region({ reversal: { infnos: ['2208', '2304', '2305', '2401'], outcomes: ['UNKNOWN'] } }),
    });
    const v = await openVisit(a.api, PATIENTS.otherTemporary, 'MZ-RG-2');
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(
      (await a.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill('MZ-RG-2') })).status,
    ).toBe(200);
    await env.fault({ infno: '2207', action: 'process_then_drop' });
    const s = await a.api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(202);
    await waitForState(a.api, s.body.settlement_id, (x) => x === 'needs_attention');
    expect(env.journal(a.dataDir, v.body.visit_id).filter((j) => j.infno === '2601')).toEqual([]);
    expect(await env.ledger(v.body.mdtrt_id)).toMatchObject([{ state: 'settled' }]);
  });

  it("the settle class's deadline comes from the region (1 s), not upstream.timeout_ms (5 s)", async () => {
    const a = await env.adapter('fast-settle', {
      region: region({ timeouts_ms: { query: null, upload: null, settle: 1000, catalog: null } }),
    });
    const v = await openVisit(a.api, PATIENTS.referral, 'MZ-RG-3');
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(
      (await a.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill('MZ-RG-3') })).status,
    ).toBe(200);
    // 2.5 s is within the configured 5 s but beyond the region's 1 s for settles.
    await env.fault({ infno: '2207', action: 'delay', ms: 2500 });
    const s = await a.api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(202);
    expect(s.body.state).toBe('unknown');
  });
});

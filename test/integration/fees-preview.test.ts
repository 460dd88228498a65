/**
 * The local payment scope through the HIS API (catalog issue item 6): after a catalog sync the
 * fee upload answers each line's preview beside the platform's split; a line without a national
 * code gets it from the item mapping (目录对照); a platform catalog changed after the sync shows up
 * as differences with their reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctAndLiverBill, line, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';

interface PreviewView {
  attention: string[];
  overlmt_amt: string;
  inscp_scp_amt: string;
  differences: { field: string; code: string; reason: string }[];
}
interface FeesAnswer {
  result: {
    feedetl_sn: string;
    overlmt_amt: string;
    preview?: PreviewView;
    differences?: { code: string; reason: string }[];
  }[];
}

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv();
  const started = await env.api.post<{ job_id: string }>('/api/v1/catalog/sync', {});
  expect(started.status).toBe(202);
  for (let i = 0; i < 100; i++) {
    const c = await env.api.get<{ sync: { state: string }; items: number }>('/api/v1/catalog');
    if (c.body.sync.state === 'done') break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  await env?.close();
});

describe('fees with the local preview', () => {
  it('answers the preview beside the platform split; they agree on a fresh catalog', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-PV-1');
    const r = await env.api.post<FeesAnswer>(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: ctAndLiverBill('PV1'),
    });
    expect(r.status).toBe(200);
    const ct = r.body.result.find((l) => l.feedetl_sn === 'PV1-1');
    expect(ct?.overlmt_amt).toBe('20.00');
    expect(ct?.preview).toMatchObject({
      overlmt_amt: '20.00',
      inscp_scp_amt: '234.00',
      attention: ['over_cap', 'self_pay_share'],
      differences: [],
    });
  });

  it('takes the national code from the item mapping when the HIS sends none', async () => {
    const csv =
      'medins_list_codg,medins_list_name,med_list_codg,begndate,enddate\nHIS-XUECHANGGUI,血常规,002201000020000,2020-01-01,\n';
    const imp = await env.api.call<{ imported: number }>('POST', '/api/v1/mappings/import?format=csv', csv, {
      'Content-Type': 'text/csv',
    });
    expect(imp.body.imported).toBe(1);
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-PV-2');
    const { med_list_codg: _drop, ...unmapped } = {
      ...line('PV2-1', '002201000020000', '血常规', '20.00', '1', '20.00'),
      medins_list_codg: 'HIS-XUECHANGGUI',
    };
    const r = await env.api.post<FeesAnswer>(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: [unmapped] });
    expect(r.status).toBe(200);
    expect(r.body.result[0]?.preview?.attention).toEqual([]);
    const unknown = await env.api.post<{ error: { code: string } }>(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: [{ ...unmapped, feedetl_sn: 'PV2-2', medins_list_codg: 'HIS-NOT-MAPPED' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNMAPPED_ITEM');
  });

  it('a cap raised at the platform after the sync shows as a difference with its reason', async () => {
    const admin = await fetch(`${env.sandboxUrl}/__admin/catalog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        admdvs: '410200',
        items: [
          {
            med_list_codg: '002104000010000',
            name: '64排CT平扫',
            med_chrgitm_type: '03',
            chrgitm_lv: '02',
            selfpay_prop: '0.10',
            pric_uplmt_amt: '300.000000',
            begndate: '2020-01-01',
            enddate: null,
          },
        ],
      }),
    });
    expect(admin.status).toBe(200);
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-PV-3');
    const r = await env.api.post<FeesAnswer>(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: ctAndLiverBill('PV3'),
    });
    const ct = r.body.result.find((l) => l.feedetl_sn === 'PV3-1');
    expect(ct?.overlmt_amt).toBe('0.00'); // the platform: 280 is under the new cap 300
    expect(ct?.preview?.overlmt_amt).toBe('20.00'); // the stale local catalog: cap 260
    expect(ct?.differences?.map((d) => d.code)).toEqual(expect.arrayContaining(['CAP_DIFFERS']));
    expect(ct?.differences?.every((d) => /^\[[A-Z_]+\] /.test(d.reason))).toBe(true);
  });
});

/**
 * The catalog, mapping and preview routes of docs/his-api.md over the real loopback HIS API server:
 * fixed paths and fields, the token, raw file bodies, JSON numbers read exactly, coded errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startHisApiServer, type RunningServer } from '../../main/his-api/http-server';
import { catalogRoutes } from '../../main/his-api/routes/catalog-routes';
import { catalogEnv, removeDir, type CatalogEnv } from './catalog-env';

const TOKEN = 'catalog-test-token';
let env: CatalogEnv;
let server: RunningServer;

beforeAll(async () => {
  env = catalogEnv();
  server = await startHisApiServer({ port: 0, token: TOKEN, routes: catalogRoutes({ catalog: env.service }) });
});

afterAll(async () => {
  await server?.close();
  env?.close();
  removeDir(env.dir);
});

async function api(
  method: string,
  path: string,
  body?: string | Uint8Array,
  token = TOKEN,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : Buffer.from(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const CATALOG_CSV = [
  'med_list_codg,name,med_chrgitm_type,chrgitm_lv,selfpay_prop,pric_uplmt_amt,begndate,enddate',
  'N-BED,床位费,01,01,0,35,2020-01-01,',
  'N-CT,CT平扫,03,02,0.10,260,2020-01-01,',
  'N-OLD,旧项目,14,01,0,,2020-01-01,2025-12-31',
].join('\n');

describe('catalog routes (docs/his-api.md "Catalog, mapping and preview")', () => {
  it('needs the token', async () => {
    const r = await api('GET', '/api/v1/catalog', undefined, 'wrong');
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('imports a catalog file from the raw body; a bad file answers its rejections and imports nothing', async () => {
    const ok = await api('POST', '/api/v1/catalog/import?format=csv', new TextEncoder().encode(CATALOG_CSV));
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ imported: 3, rejected: [] });
    const bad = await api(
      'POST',
      '/api/v1/catalog/import?format=csv',
      new TextEncoder().encode(`${CATALOG_CSV}\nN-X,坏,01,05,0,,2020-01-01,`),
    );
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({ imported: 0, rejected: [{ row: 5, field: 'chrgitm_lv' }] });
    const noFormat = await api('POST', '/api/v1/catalog/import', new TextEncoder().encode(CATALOG_CSV));
    expect(noFormat.status).toBe(400);
    expect(noFormat.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    const cat = await api('GET', '/api/v1/catalog');
    expect(cat.status).toBe(200);
    expect(cat.json).toMatchObject({
      version: 1,
      items: 3,
      last_sync_at: null,
      sync: { state: 'idle', done: 0, total: 0 },
    });
  });

  it('imports mappings from XLSX, lists them by state and edits one', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('对照');
    ws.addRow(['medins_list_codg', 'medins_list_name', 'med_list_codg', 'begndate', 'enddate']);
    ws.addRow(['H-BED', '床位', 'N-BED', '2020-01-01', null]);
    ws.addRow(['H-CT', 'CT', 'N-CT', '2020-01-01', '2026-06-30']);
    const imp = await api('POST', '/api/v1/mappings/import?format=xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(imp.json).toMatchObject({ imported: 2, rejected: [] });

    const expired = await api('GET', '/api/v1/mappings?state=expired');
    expect(expired.status).toBe(200);
    expect(expired.json).toMatchObject({
      state: 'expired',
      date: '2026-11-20',
      count: 1,
      mappings: [{ medins_list_codg: 'H-CT', state: 'expired', med_list_codg: 'N-CT' }],
    });
    expect((await api('GET', '/api/v1/mappings?state=bogus')).status).toBe(400);

    const put = await api(
      'PUT',
      '/api/v1/mappings/H-CT',
      JSON.stringify({ med_list_codg: 'N-CT', begndate: '2026-07-01' }),
    );
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      mapping: { medins_list_codg: 'H-CT', state: 'mapped', med_list_codg: 'N-CT', begndate: '2026-07-01' },
    });
    expect((await api('GET', '/api/v1/mappings?state=expired')).json).toMatchObject({ count: 0, mappings: [] });
    const bad = await api(
      'PUT',
      '/api/v1/mappings/H-CT',
      JSON.stringify({ med_list_codg: 'N-CT', begndate: '2026-13-01' }),
    );
    expect(bad.status).toBe(400);
  });

  it('previews a bill with JSON numbers read exactly, docs/his-api.md fields, totals and categories', async () => {
    const body = `{"date":"2026-11-20","lines":[
      {"feedetl_sn":"1","medins_list_codg":"H-CT","cnt":1,"pric":300,"det_item_fee_sumamt":300.00},
      {"feedetl_sn":"2","medins_list_codg":"H-BED","cnt":2,"pric":40.5,"det_item_fee_sumamt":81.00},
      {"feedetl_sn":"3","medins_list_codg":"H-NONE","name":"未对照","cnt":"1","pric":"9.99","det_item_fee_sumamt":"9.99"},
      {"feedetl_sn":"4","medins_list_codg":"x","med_list_codg":"N-OLD","cnt":1,"pric":5,"det_item_fee_sumamt":5}]}`;
    const r = await api('POST', '/api/v1/preview', body);
    expect(r.status).toBe(200);
    expect(r.json['catalog_version']).toBe(1);
    expect(r.json['lines']).toEqual([
      expect.objectContaining({
        feedetl_sn: '1',
        med_list_codg: 'N-CT',
        fulamt_ownpay_amt: '0.00',
        overlmt_amt: '40.00',
        preselfpay_amt: '26.00',
        inscp_scp_amt: '234.00',
        chrgitm_lv: '02',
        selfpay_prop: '0.10',
        pric_uplmt_amt: '260.000000',
        attention: ['over_cap', 'self_pay_share'],
      }),
      expect.objectContaining({
        feedetl_sn: '2',
        med_list_codg: 'N-BED',
        overlmt_amt: '11.00',
        inscp_scp_amt: '70.00',
        pric_uplmt_amt: '35.000000',
        attention: ['over_cap'],
      }),
      expect.objectContaining({
        feedetl_sn: '3',
        med_list_codg: null,
        fulamt_ownpay_amt: '9.99',
        chrgitm_lv: null,
        pric_uplmt_amt: null,
        attention: ['unmapped'],
      }),
      expect.objectContaining({
        feedetl_sn: '4',
        med_list_codg: 'N-OLD',
        fulamt_ownpay_amt: '5.00',
        attention: ['not_in_catalog'],
      }),
    ]);
    expect(r.json['totals']).toMatchObject({
      det_item_fee_sumamt: '395.99',
      fulamt_ownpay_amt: '14.99',
      overlmt_amt: '51.00',
      preselfpay_amt: '26.00',
      inscp_scp_amt: '304.00',
    });
    const cats = Object.fromEntries(
      (r.json['categories'] as { med_chrgitm_type: string; det_item_fee_sumamt: string }[]).map((c) => [
        c.med_chrgitm_type,
        c.det_item_fee_sumamt,
      ]),
    );
    expect([cats['01'], cats['03'], cats['14']]).toEqual(['81.00', '300.00', '14.99']);
    // The unmapped code is now on IT's list.
    expect((await api('GET', '/api/v1/mappings?state=unmapped')).json).toMatchObject({
      mappings: [{ medins_list_codg: 'H-NONE', medins_list_name: '未对照' }],
    });
  });

  it('names the line whose amount is not pric × cnt (AMOUNT_MISMATCH), and refuses a bad body with BAD_REQUEST', async () => {
    const mismatch = await api(
      'POST',
      '/api/v1/preview',
      '{"lines":[{"feedetl_sn":"A7","medins_list_codg":"H-BED","cnt":3,"pric":3.33,"det_item_fee_sumamt":10.00}]}',
    );
    expect(mismatch.status).toBe(422);
    expect(mismatch.json).toMatchObject({ error: { code: 'AMOUNT_MISMATCH', detail: { feedetl_sn: 'A7' } } });
    expect((mismatch.json['error'] as { message: string }).message).toContain('A7');
    const bad = await api(
      'POST',
      '/api/v1/preview',
      '{"lines":[{"feedetl_sn":"A8","medins_list_codg":"H-BED","cnt":1,"pric":1.1234567,"det_item_fee_sumamt":1.12}]}',
    );
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect((await api('POST', '/api/v1/preview', '{"lines":[]}')).status).toBe(400);
  });

  it('starts a sync with 202 {job_id}; an unreachable platform leaves it failed with the reason', async () => {
    const r = await api('POST', '/api/v1/catalog/sync', '{}');
    expect(r.status).toBe(202);
    expect(r.json['job_id']).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await env.service.whenSyncSettled();
    const cat = await api('GET', '/api/v1/catalog');
    expect(cat.json).toMatchObject({
      sync: { state: 'failed', error_code: 'UPSTREAM_UNREACHABLE', job_id: r.json['job_id'] },
    });
    expect((cat.json['sync'] as { error: string }).error).toContain('目录同步');
  });
});

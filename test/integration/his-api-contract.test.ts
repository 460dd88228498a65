/**
 * The HIS API's contract (docs/his-api.md): token, status codes, errors with a
 * code, a plain message, a hint and the bad field; bad input changes nothing; the OpenAPI document
 * lists exactly the routes the server has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ctAndLiverBill,
  HIS_TOKEN,
  line,
  openVisit,
  PATIENTS,
  startSettlementEnv,
  type SettlementEnv,
} from './settlement-env';
import { hisApi } from '../support/his-api-client';
import { REPO_ROOT } from '../support/sandbox-process';
import { settlementRoutes } from '../../main/his-api/routes/settlement-routes';
import { jobsRoutes } from '../../main/his-api/routes/jobs-routes';
import { reconciliationRoutes } from '../../main/his-api/routes/reconciliation-routes';
import { attentionRoutes } from '../../main/his-api/routes/attention-routes';
import type { ReconciliationService } from '../../main/services/reconciliation-service';
import { reportRoutes } from '../../main/his-api/routes/report-routes';
import { selfPayRoutes } from '../../main/his-api/routes/self-pay-routes';
import type { MonthlyReportService } from '../../main/services/monthly-report-service';
import type { Services } from '../../main/services/services';
import { catalogRoutes } from '../../main/his-api/routes/catalog-routes';
import type { CatalogService } from '../../main/catalog';

interface ErrBody {
  error: { code: string; message: string; hint: string; detail?: { issues?: { path: string }[]; feedetl_sn?: string } };
}

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('authentication', () => {
  it('refuses a missing or wrong token with 401 UNAUTHORIZED; health needs none', async () => {
    const base = env.serve.found.api ?? '';
    const wrong = hisApi(base, 'not-the-token-0000');
    const r = await wrong.post<ErrBody>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.local.certno,
    });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHORIZED');
    const none = await fetch(`${base}/api/v1/visits/x`);
    expect(none.status).toBe(401);
    expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
    expect(HIS_TOKEN.length).toBeGreaterThanOrEqual(16);
  });
});

describe('bad requests answer 400 with the field, and change nothing', () => {
  it('names the missing field', async () => {
    const r = await env.api.post<ErrBody>('/api/v1/visits', { kind: 'outpatient', psn_no: 'X' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
    expect(r.body.error.detail?.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['insutype', 'med_type', 'ipt_otp_no']),
    );
    expect(r.body.error.message).toMatch(/请求字段/);
  });

  it('rejects a body that is not JSON', async () => {
    const r = await env.api.call<ErrBody>('POST', '/api/v1/patients/identify', '{not json');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
  });

  it('rejects an ID number with a wrong check digit before anything is sent (D-2)', async () => {
    const r = await env.api.post<ErrBody>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: '430102195603020310',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_ID_NUMBER');
    expect(r.body.error.message).toMatch(/校验位/);
  });

  it('rejects an amount with three decimals, and a line whose amount is not price × quantity (AMOUNT_MISMATCH names the line)', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-BAD-1');
    const three = await env.api.post<ErrBody>(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: [line('B1', '002201000020000', '血常规', '20.00', '1', '20.001')],
    });
    expect(three.status).toBe(400);
    expect(three.body.error.detail?.issues?.[0]?.path).toBe('lines.0.det_item_fee_sumamt');
    const mismatch = await env.api.post<ErrBody>(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: [...ctAndLiverBill('B2'), line('B2-3', '002201000020000', '血常规', '20.00', '2', '20.00')],
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('AMOUNT_MISMATCH');
    expect(mismatch.body.error.detail?.feedetl_sn).toBe('B2-3');
    const visit = await env.api.get<{ fees: unknown[] }>(`/api/v1/visits/${v.body.visit_id}`);
    expect(visit.body.fees).toHaveLength(0);
    expect(env.journal(v.body.visit_id).map((j) => j.infno)).not.toContain('2204');
  });

  it('accepts amounts as JSON numbers too, read exactly', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-NUM-1');
    const r = await env.api.call(
      'POST',
      `/api/v1/visits/${v.body.visit_id}/fees`,
      '{"lines":[{"feedetl_sn":"N1","med_list_codg":"002201000020000","medins_list_codg":"H","name":"血常规","cnt":3,"pric":20.10,"det_item_fee_sumamt":60.30,"fee_ocur_time":"2026-11-20 09:00:00"}]}',
    );
    expect(r.status).toBe(200);
    expect((r.body as { totals: { det_item_fee_sumamt: string } }).totals.det_item_fee_sumamt).toBe('60.30');
  });
});

describe('unknown ids and routes', () => {
  it('answers 404 with a code', async () => {
    expect((await env.api.get<ErrBody>('/api/v1/visits/nope')).body.error.code).toBe('VISIT_NOT_FOUND');
    expect((await env.api.get<ErrBody>('/api/v1/settlements/nope')).status).toBe(404);
    expect((await env.api.get<ErrBody>('/api/v1/nothing-here')).body.error.code).toBe('NOT_FOUND_ROUTE');
  });

  it('settling a visit without fees is a 409 NO_FEES', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-NF-1');
    const r = await env.api.post<ErrBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('NO_FEES');
  });
});

describe('the OpenAPI document', () => {
  it('lists exactly the routes the server serves', () => {
    const doc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'docs', 'his-api.openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const routes = [
      ...settlementRoutes({
        services: {} as Services,
        health: async () => {
          throw new Error('unused');
        },
      }),
      ...attentionRoutes({ services: {} as Services, audit: async () => undefined }),
      ...catalogRoutes({ catalog: {} as CatalogService }),
      ...jobsRoutes({
        overview: async () => {
          throw new Error('unused');
        },
      }),
      ...reconciliationRoutes({
        reconciliation: {} as ReconciliationService,
        report: async () => {
          throw new Error('unused');
        },
      }),
      ...reportRoutes({ reports: {} as MonthlyReportService }),
      ...selfPayRoutes({ services: {} as Services }),
    ];
    const served = routes.map((r) => `${r.method} ${r.pattern.replace(/:([a-z_]+)/g, '{$1}')}`).sort();
    expect(documented).toEqual(served);
  });
});

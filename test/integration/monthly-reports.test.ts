/**
 * Monthly declaration reports through the HIS API against the real sandbox (issue 18 item 3):
 * settle two visits and cancel one, then `GET /api/v1/reports/monthly` — JSON, CSV and XLSX — has
 * the platform's figures: the cancelled visit nets to zero, the totals equal the settle answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  ctAndLiverBill,
  HIS_TOKEN,
  openVisit,
  PATIENTS,
  startSettlementEnv,
  type SettlementEnv,
} from './settlement-env';
import { parseCsv } from '../../shared/csv';
import { cellText } from '../support/xlsx-cell-text';
import { parseFen, fenToString } from '../../shared/money';

type Setl = Record<string, string | null>;
let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv();
});
afterAll(async () => {
  await env?.close();
});

async function settle(
  p: { psn_no: string; certno: string; insutype: string },
  no: string,
): Promise<{ settlement_id: string; setlinfo: Setl }> {
  const v = await openVisit(env.api, p, no);
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  expect((await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) })).status).toBe(
    200,
  );
  const s = await env.api.post<{ settlement_id: string; setlinfo: Setl }>(`/api/v1/visits/${v.body.visit_id}/settle`, {
    acct_used_flag: '0',
  });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return s.body;
}

describe('GET /api/v1/reports/monthly', () => {
  it("totals equal the platform's settle answers; a cancelled settlement nets to zero; CSV and XLSX agree", async () => {
    const a = await settle(PATIENTS.longTerm, 'MZ-RPT-1');
    const b = await settle(PATIENTS.otherTemporary, 'MZ-RPT-2');
    const c = await env.api.post(`/api/v1/settlements/${b.settlement_id}/cancel`, { reason: '患者要求退费' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const month = String(a.setlinfo.setl_time).slice(0, 7);
    const r = await env.api.get<{
      totals: { count: number; amounts: Setl };
      summary: { region_kind: string; count: number }[];
      detail: { refd_setl_flag: string; psn_name: string }[];
    }>(`/api/v1/reports/monthly?month=${month}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // b's settle and cancel both fall in the month (same day): only a counts.
    expect(r.body.totals.count).toBe(1);
    for (const k of ['medfee_sumamt', 'fund_pay_sumamt', 'acct_pay', 'psn_cash_pay'])
      expect(r.body.totals.amounts[k], k).toBe(a.setlinfo[k]);
    expect(r.body.detail.map((d) => d.refd_setl_flag).sort()).toEqual(['0', '0', '1']);
    expect(r.body.summary.every((g) => g.region_kind === 'cross_province')).toBe(true);
    expect(r.body.detail.every((d) => d.psn_name.includes('*'))).toBe(true);

    // The same rows as daily reconciliation: its local 3201 figures for the day add up to the month's totals
    // (every settlement of this test is on that one day).
    const day = String(a.setlinfo.setl_time).slice(0, 10);
    type Recon = {
      recon_id: string;
      state: string;
      groups: { count: number; medfee_sumamt: string; fund_pay_sumamt: string; acct_pay: string }[];
    };
    let recon = (await env.api.post<Recon>('/api/v1/reconciliations', { stmt_date: day })).body;
    for (let i = 0; i < 100 && recon.state === 'running'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      recon = (await env.api.get<Recon>(`/api/v1/reconciliations/${recon.recon_id}`)).body;
    }
    const reconSum = (k: 'medfee_sumamt' | 'fund_pay_sumamt' | 'acct_pay'): string =>
      fenToString(recon.groups.reduce((t, g) => t + parseFen(g[k]), 0));
    expect(recon.groups.reduce((t, g) => t + g.count, 0)).toBe(r.body.totals.count);
    for (const k of ['medfee_sumamt', 'fund_pay_sumamt', 'acct_pay'] as const)
      expect(reconSum(k), k).toBe(r.body.totals.amounts[k]);

    const csv = await fetch(
      `${env.serve.found.api ?? ''}/api/v1/reports/monthly?month=${month}&format=csv&part=summary`,
      { headers: { Authorization: `Bearer ${HIS_TOKEN}` } },
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const parsed = parseCsv((await csv.text()).replace(/^\uFEFF/, ''));
    if (!parsed.ok) throw new Error('csv');
    const [head, ...rows] = parsed.records.map((x) => x.fields);
    expect(rows[rows.length - 1]?.[head!.indexOf('医疗费总额(medfee_sumamt)')]).toBe(a.setlinfo.medfee_sumamt);

    const xlsx = await fetch(`${env.serve.found.api ?? ''}/api/v1/reports/monthly?month=${month}&format=xlsx`, {
      headers: { Authorization: `Bearer ${HIS_TOKEN}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const detail = wb.getWorksheet('明细表')!;
    const dh = (detail.getRow(2).values as unknown[]).slice(1).map((v) => cellText(v as ExcelJS.CellValue));
    const col = dh.indexOf('个人现金支出(psn_cash_pay)') + 1;
    let sum = 0;
    for (let i = 3; i < detail.rowCount; i++) sum += parseFen(cellText(detail.getRow(i).getCell(col).value));
    expect(fenToString(sum)).toBe(a.setlinfo.psn_cash_pay);
  });

  it('a bad month or format answers 400 naming the field', async () => {
    const m = await env.api.get<{ error: { code: string; detail?: { field: string } } }>(
      '/api/v1/reports/monthly?month=2026-13',
    );
    expect(m.status).toBe(400);
    expect(m.body.error).toMatchObject({ code: 'BAD_REQUEST', detail: { field: 'month' } });
    const f = await env.api.get<{ error: { code: string; detail?: { field: string } } }>(
      '/api/v1/reports/monthly?month=2026-11&format=pdf',
    );
    expect(f.body.error).toMatchObject({ code: 'BAD_REQUEST', detail: { field: 'format' } });
  });
});

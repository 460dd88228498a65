/**
 * Daily reconciliation end to end (issue 18 item 2, docs/his-api.md "Reconciliation"): the adapter's
 * real `serve` process and the real sandbox process, business date 2026-11-20. Differences are
 * planted at the sandbox by calling it directly (its own msgids), and one locally:
 *   A 王 (310) CT bill with account: both sides hold it → no difference
 *   B 张 (310) settled by the adapter, then a 2601 sent directly to the sandbox → local_only
 *   C 李 (390) settled by the adapter, then a 2208 sent directly to the sandbox → platform_only (flag 1)
 *   E 孙 (310) settled by the adapter; its LOCAL fund_pay_sumamt raised by 1.00 through the test-only
 *     store helper `adapter-store-edit.ts` (the platform's figure is untouched) → amount_differs
 *   F 张 (310) settled at the sandbox directly, never by the adapter → platform_only (flag 0)
 * Figures of A and B are the hand-computed ones of settlement-flows.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { toFen } from '../../shared/money';
import { ctAndLiverBill, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';
import { PlatformClient } from '../sandbox/support/platform-client';
import { feedetail, ITEM, ok, openOutpatient, settleInput, LI, ZHANG } from '../sandbox/support/flows';
import { adjustLocalSetlinfo } from '../support/adapter-store-edit';

const D = '2026-11-20';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let env: SettlementEnv;
let sbx: PlatformClient;
const ids: Record<'A' | 'B' | 'C' | 'E' | 'F', string> = { A: '', B: '', C: '', E: '', F: '' };
let settlementB = '';
let settlementC = '';

async function settle(
  p: { psn_no: string; certno: string; insutype: string },
  no: string,
  acct: '0' | '1',
): Promise<Json> {
  const v = await openVisit(env.api, p, no);
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  expect((await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) })).status).toBe(
    200,
  );
  const s = await env.api.post<Json>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: acct });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return { ...s.body, visit_id: v.body.visit_id, mdtrt_id: v.body.mdtrt_id };
}

beforeAll(async () => {
  env = await startSettlementEnv();
  sbx = new PlatformClient(env.sandboxUrl);
  await sbx.signIn();
  const a = await settle(PATIENTS.otherTemporary, 'RC-A', '1');
  expect(a.setlinfo).toMatchObject({ medfee_sumamt: '365.00', fund_pay_sumamt: '41.65', acct_pay: '323.35' });
  ids.A = a.setlinfo.setl_id;
  const b = await settle(PATIENTS.longTerm, 'RC-B', '0');
  expect(b.setlinfo).toMatchObject({ medfee_sumamt: '365.00', fund_pay_sumamt: '71.40', acct_pay: '0.00' });
  ids.B = b.setlinfo.setl_id;
  settlementB = b.settlement_id;
  const c = await settle(PATIENTS.referral, 'RC-C', '1');
  ids.C = c.setlinfo.setl_id;
  settlementC = c.settlement_id;
  const e = await settle(PATIENTS.inpatient, 'RC-E', '0');
  ids.E = e.setlinfo.setl_id;

  // B: the platform reverses the adapter's settle (2601 sent directly, naming the adapter's msgid).
  const bMsgid = env.journal(b.visit_id).find((j) => j.infno === '2207')?.msgid ?? '';
  ok(
    await sbx.call('2601', { data: { psn_no: ZHANG.psn, omsgid: bMsgid, oinfno: '2207' } }, { insuplc: ZHANG.insuplc }),
  );
  // C: cancelled at the platform only.
  ok(
    await sbx.call('2208', { data: { setl_id: ids.C, mdtrt_id: c.mdtrt_id, psn_no: LI.psn } }, { insuplc: LI.insuplc }),
  );
  // E: the local record's fund figure is off by 1.00.
  adjustLocalSetlinfo(env.dataDir, ids.E, 'fund_pay_sumamt', 100);
  // F: a settlement the adapter never made.
  const mdtrt = await openOutpatient(sbx, ZHANG, '11');
  ok(
    await sbx.call(
      '2204',
      {
        feedetail: feedetail(mdtrt, ZHANG.psn, 'F1', [
          { sn: '1', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
        ]),
      },
      { insuplc: ZHANG.insuplc },
    ),
  );
  const f = ok(await sbx.call('2207', settleInput(ZHANG, mdtrt, 'F1', '11', '20.00', '0'), { insuplc: ZHANG.insuplc }));
  ids.F = String(f.output.setlinfo.setl_id);
}, 60_000);

afterAll(async () => {
  await env?.close();
});

let first: Json;

describe('POST /api/v1/reconciliations', () => {
  it('refuses a date that is not yyyy-MM-dd, naming the field', async () => {
    const r = await env.api.post<Json>('/api/v1/reconciliations', { stmt_date: '2026-11-31' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('stmt_date');
  });

  it('finds each planted difference with its kind and a cause from the journal', async () => {
    const r = await env.api.post<Json>('/api/v1/reconciliations', { stmt_date: D });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    first = r.body;
    expect(first).toMatchObject({ stmt_date: D, state: 'unbalanced' });
    // Local figures sent in 3201: 310 = A + B + E (E's fund raised by 1.00), 390 = C.
    const g310 = first.groups.find((g: Json) => g.insutype === '310');
    expect(g310).toMatchObject({ clr_type: '11', setl_optins: '410202', count: 3, balanced: false });
    expect(first.groups.find((g: Json) => g.insutype === '390')).toMatchObject({
      count: 1,
      medfee_sumamt: '365.00',
      balanced: false,
    });
    // 390 (李, referral): (319.00 − 200 deductible) × 0.35 = 41.65 fund; a resident has no account (0.00 on both sides,
    // so it is not named). The platform holds C settled and cancelled: count 1 − 1 = 0, amounts 0.00.
    expect(first.groups.find((g: Json) => g.insutype === '390').platform_note).toBe(
      '笔数 平台0 医院1；医疗费总额 平台0.00 医院365.00；基金支付总额 平台0.00 医院41.65',
    );
    const by = (setl: string, flag: string): Json =>
      first.differences.find((d: Json) => d.setl_id === setl && d.refd_setl_flag === flag);
    expect(first.differences).toHaveLength(4);
    expect(by(ids.B, '0')).toMatchObject({
      kind: 'local_only',
      platform: null,
      local: { medfee_sumamt: '365.00', fund_pay_sumamt: '71.40', acct_pay: '0.00' },
      cause: '本地记为已结算，平台无此结算（可能已被冲正或撤销）',
      fixes: ['mark_local_cancelled', 'recheck'],
    });
    expect(by(ids.C, '1')).toMatchObject({
      kind: 'platform_only',
      local: null,
      cause: '平台已撤销此结算，本地仍记为已结算',
      fixes: ['mark_local_cancelled', 'recheck'],
    });
    expect(by(ids.C, '1').platform.medfee_sumamt).toBe('-365.00');
    const e = by(ids.E, '0');
    expect(e.kind).toBe('amount_differs');
    expect(e.cause).toMatch(/^本机记录的金额与平台不一致：基金支付 本机\d+\.\d{2} 平台\d+\.\d{2}$/);
    expect(BigInt(e.local.fund_pay_sumamt.replace('.', '')) - BigInt(e.platform.fund_pay_sumamt.replace('.', ''))).toBe(
      100n,
    );
    expect(by(ids.F, '0')).toMatchObject({
      kind: 'platform_only',
      local: null,
      platform: { medfee_sumamt: '20.00' },
      cause: '平台有此结算，本机无记录',
      fixes: ['cancel_at_platform', 'adopt'],
    });
    expect(by(ids.A, '0')).toBeUndefined();
    // The run is readable again by id.
    const again = await env.api.get<Json>(`/api/v1/reconciliations/${first.recon_id}`);
    expect(again.body.differences).toEqual(first.differences);
  });

  it('answers 202 running when the platform is slow, and the run finishes in the queue', async () => {
    const arm = await fetch(`${env.sandboxUrl}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ infno: '3201', action: 'delay', ms: 1800, count: 2 }] }),
    });
    expect(arm.status).toBe(200);
    const r = await env.api.post<Json>('/api/v1/reconciliations', { stmt_date: D });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ state: 'running', stmt_date: D, differences: [] });
    let v = r.body;
    for (let i = 0; i < 100 && v.state === 'running'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      v = (await env.api.get<Json>(`/api/v1/reconciliations/${r.body.recon_id}`)).body;
    }
    expect(v.state).toBe('unbalanced');
    expect(v.differences).toHaveLength(4);
  });

  it('a run the platform refuses ends failed with a plain reason', async () => {
    await fetch(`${env.sandboxUrl}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ infno: '3201', action: 'http_error', status: 500 }] }),
    });
    const r = await env.api.post<Json>('/api/v1/reconciliations', { stmt_date: D });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('failed');
    expect(r.body.error).toEqual(expect.any(String));
    expect(r.body.error.length).toBeGreaterThan(0);
  });

  it('shows the unbalanced day on the health view', async () => {
    const h = await env.api.get<Json>('/api/v1/health');
    expect(h.body.reconciliation.unbalanced_days).toContain(D);
  });
});

describe('fixes', () => {
  const fix = (diff: Json, action: string) =>
    env.api.post<Json>(`/api/v1/reconciliations/${first.recon_id}/differences/${diff.diff_id}/fix`, {
      action,
      reason: '对账核实后处理',
    });
  const diffOf = (setl: string, flag: string): Json =>
    first.differences.find((d: Json) => d.setl_id === setl && d.refd_setl_flag === flag);

  it('refuses a fix the difference does not offer', async () => {
    const r = await fix(diffOf(ids.B, '0'), 'cancel_at_platform');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('RECON_FIX_NOT_ALLOWED');
  });

  it('applies each fix; the local settlements follow; a second fix of the same difference is refused', async () => {
    const b = await fix(diffOf(ids.B, '0'), 'mark_local_cancelled');
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    expect(b.body.difference.fixed.action).toBe('mark_local_cancelled');
    expect((await fix(diffOf(ids.B, '0'), 'mark_local_cancelled')).status).toBe(409);
    expect((await fix(diffOf(ids.C, '1'), 'mark_local_cancelled')).status).toBe(200);
    expect((await fix(diffOf(ids.E, '0'), 'adopt')).status).toBe(200);
    const f = await fix(diffOf(ids.F, '0'), 'cancel_at_platform');
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    // The platform now holds F cancelled.
    const ledger = (await (await fetch(`${env.sandboxUrl}/__admin/settlements?psn_no=${ZHANG.psn}`)).json()) as Json[];
    expect(ledger.find((s) => s.setl_id === ids.F)?.state).toBe('cancelled');
    for (const id of [settlementB, settlementC])
      expect((await env.api.get<Json>(`/api/v1/settlements/${id}`)).body.state).toBe('cancelled');
  });

  it('the next run balances; the day-close report totals equal the groups sent', async () => {
    const r = await env.api.post<Json>('/api/v1/reconciliations', { stmt_date: D });
    expect(r.status).toBe(200);
    expect(r.body.state, JSON.stringify(r.body)).toBe('balanced');
    expect(r.body.differences).toEqual([]);
    expect(r.body.groups.every((g: Json) => g.balanced && g.platform_note === '平')).toBe(true);
    const h = await env.api.get<Json>('/api/v1/health');
    expect(h.body.reconciliation.unbalanced_days).not.toContain(D);

    const sumOf = (k: string): bigint =>
      r.body.groups.reduce((s: bigint, g: Json) => s + BigInt(String(g[k]).replace('.', '')), 0n);
    const csv = await fetch(`${env.serve.found.api ?? ''}/api/v1/reports/day-close?stmt_date=${D}&format=csv`, {
      headers: { Authorization: 'Bearer test-token-0123456789abcdef' },
    });
    expect(csv.status).toBe(200);
    const total =
      (await csv.text())
        .split('\r\n')
        .find((l) => l.startsWith('合计'))
        ?.split(',') ?? [];
    expect(BigInt(total[7]!.replace('.', ''))).toBe(sumOf('medfee_sumamt'));
    expect(BigInt(total[8]!.replace('.', ''))).toBe(sumOf('fund_pay_sumamt'));
    expect(Number(total[2])).toBe(r.body.groups.reduce((s: number, g: Json) => s + g.count, 0));

    const x = await fetch(`${env.serve.found.api ?? ''}/api/v1/reports/day-close?stmt_date=${D}&format=xlsx`, {
      headers: { Authorization: 'Bearer test-token-0123456789abcdef' },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const sheet = wb.getWorksheet('汇总');
    const last = sheet?.getRow(sheet.rowCount);
    expect(last?.getCell(1).value).toBe('合计');
    // The cell holds the number of the exact 2-decimal string; read back exactly, it is the sum in fen.
    expect(BigInt(toFen(String(last?.getCell(5).value)))).toBe(sumOf('medfee_sumamt'));
    const html = await (
      await fetch(`${env.serve.found.api ?? ''}/api/v1/reports/day-close?stmt_date=${D}`, {
        headers: { Authorization: 'Bearer test-token-0123456789abcdef' },
      })
    ).text();
    expect(html).toContain('<b id="recon-state">已平</b>');
  });

  it('the day-close exports (CSV, XLSX, print) mask every person number and ID number; settlement numbers stay', async () => {
    const get = (format: string) =>
      fetch(`${env.serve.found.api ?? ''}/api/v1/reports/day-close?stmt_date=${D}&format=${format}`, {
        headers: { Authorization: 'Bearer test-token-0123456789abcdef' },
      });
    const csv = await (await get('csv')).text();
    const html = await (await get('html')).text();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await get('xlsx')).arrayBuffer());
    const cells: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value)))));
    const xlsx = cells.join('\n');
    const canaries = [...Object.values(PATIENTS).flatMap((p) => [p.psn_no, p.certno]), ZHANG.psn, LI.psn];
    for (const [name, text] of [
      ['csv', csv],
      ['xlsx', xlsx],
      ['html', html],
    ] as const) {
      for (const c of canaries) expect(text.includes(c), `${name} holds ${c.slice(0, 4)}…`).toBe(false);
      expect(text, name).toContain(ids.A);
      expect(text, name).toContain('***');
    }
    // The psn_no column is there, masked on every detail row.
    const header = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',');
    const col = header.indexOf('psn_no');
    expect(col).toBeGreaterThan(-1);
    const detail = csv
      .split('\r\n')
      .slice(1)
      .filter((l) => l.startsWith(ids.A) || l.startsWith(ids.E));
    expect(detail.length).toBeGreaterThan(0);
    for (const l of detail) expect(l.split(',')[col]).toBe('***');
  });
});

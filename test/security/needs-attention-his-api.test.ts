/**
 * A settlement in needs_attention over the HIS API (docs/his-api.md "Operators": resolving or rechecking
 * one is a supervisor's; docs/reliability.md §2: NEEDS_ATTENTION blocks the visit until a supervisor
 * clears it, audited). The adapter's real `serve` process and the real sandbox; the roster is made
 * with the admin command. Three settlements made through the HIS API are put into NEEDS_ATTENTION
 * underneath (test-only store edit): K and L keep their setl_id (a cancel never confirmed), M loses
 * it (a settle never confirmed). A cashier is refused both routes with 403 ROLE_REQUIRED naming the
 * supervisor role; the supervisor resolves K as settled and L as cancelled, rechecks M (it goes back
 * to its reversal); a resolution that contradicts the record, a missing reason and a settlement not
 * in needs_attention are refused and change nothing. Each step is in the audit trail, which verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  ctAndLiverBill,
  openVisit,
  PATIENTS,
  startSettlementEnv,
  type SettlementEnv,
} from '../integration/settlement-env';
import { forgetLocalOutcome, markNeedsAttention } from '../support/adapter-store-edit';
import { runAdminCommand } from '../support/admin-command';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let env: SettlementEnv;
const ids: Record<'K' | 'L' | 'M', string> = { K: '', L: '', M: '' };
const CASHIER = { opter: 'NA-C01', opter_name: '收费员乙' };
const SUPERVISOR = { opter: 'NA-S01', opter_name: '主管甲' };

async function settle(p: { psn_no: string; certno: string; insutype: string }, no: string): Promise<string> {
  const v = await openVisit(env.api, p, no);
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  expect((await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) })).status).toBe(
    200,
  );
  const s = await env.api.post<Json>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return String(s.body.settlement_id);
}

function auditRows(): { opter: string; role: string | null; action: string; target: string; detail: string }[] {
  const db = new Database(path.join(env.dataDir, 'adapter.db'), { readonly: true, fileMustExist: true });
  try {
    const q = `SELECT opter, role, action, target, detail FROM audit_log
      WHERE action IN ('settlement.recheck', 'settlement.resolve') ORDER BY seq`;
    return db.prepare(q).all() as never;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  env = await startSettlementEnv();
  ids.K = await settle(PATIENTS.longTerm, 'NA-K');
  ids.L = await settle(PATIENTS.referral, 'NA-L');
  ids.M = await settle(PATIENTS.otherTemporary, 'NA-M');
  markNeedsAttention(env.dataDir, ids.K);
  markNeedsAttention(env.dataDir, ids.L);
  forgetLocalOutcome(env.dataDir, ids.M, 'NEEDS_ATTENTION');
  for (const [op, role] of [
    [CASHIER, 'cashier'],
    [SUPERVISOR, 'supervisor'],
  ] as const) {
    const args = [
      'operator',
      'add',
      '--opter',
      op.opter,
      '--name',
      op.opter_name,
      '--role',
      role,
      '--data',
      env.dataDir,
    ];
    const r = await runAdminCommand(args, 'a-long-password-1\n');
    expect(r.code, r.stderr).toBe(0);
  }
}, 90_000);

afterAll(async () => {
  await env?.close();
});

const resolve = (id: string, body: Record<string, unknown>) =>
  env.api.post<Json>(`/api/v1/settlements/${id}/resolve`, body);
const state = async (id: string): Promise<string> =>
  String(
    (await env.api.call<Json>('GET', `/api/v1/settlements/${id}`, undefined, { 'X-Opter': SUPERVISOR.opter })).body
      .state,
  );

describe('needs_attention over the HIS API', () => {
  it('refuses a cashier both routes with 403 ROLE_REQUIRED naming the supervisor role; nothing changes', async () => {
    const recheck = await env.api.post<Json>(`/api/v1/settlements/${ids.M}/recheck`, { ...CASHIER });
    const resolved = await resolve(ids.K, { ...CASHIER, resolution: 'settled', reason: '已与经办机构核实' });
    for (const r of [recheck, resolved]) {
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.error.code).toBe('ROLE_REQUIRED');
      expect(r.body.error.role_needed ?? r.body.error.detail?.role_needed).toBe('supervisor');
    }
    // Without an operator at all: 401, as every request once a roster exists.
    expect((await resolve(ids.K, { resolution: 'settled', reason: '已核实' })).status).toBe(401);
    for (const id of [ids.K, ids.M]) expect(await state(id)).toBe('needs_attention');
    expect(auditRows()).toEqual([]);
  });

  it('refuses a resolution that contradicts the record, a missing reason, and a settlement not in needs_attention', async () => {
    const contra = await resolve(ids.K, { ...SUPERVISOR, resolution: 'not_settled', reason: '已核实' });
    expect(contra.status).toBe(409);
    expect(contra.body.error.code).toBe('VISIT_STATE_CONFLICT');
    const never = await resolve(ids.M, { ...SUPERVISOR, resolution: 'settled', reason: '已核实' });
    expect(never.status).toBe(409);
    const noReason = await resolve(ids.K, { ...SUPERVISOR, resolution: 'settled' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    const badWord = await resolve(ids.K, { ...SUPERVISOR, resolution: 'whatever', reason: '已核实' });
    expect(badWord.status).toBe(400);
    expect(JSON.stringify(badWord.body)).toContain('resolution');
    expect(await state(ids.K)).toBe('needs_attention');
    expect(auditRows()).toEqual([]);
  });

  it('a supervisor resolves (settled, cancelled) with a reason kept in the history, and rechecks; each step audited', async () => {
    const k = await resolve(ids.K, { ...SUPERVISOR, resolution: 'settled', reason: '已与经办机构核实，平台结算有效' });
    expect(k.status, JSON.stringify(k.body)).toBe(200);
    expect(k.body.state).toBe('settled');
    expect(JSON.stringify(k.body)).toContain('已与经办机构核实，平台结算有效');
    const l = await resolve(ids.L, { ...SUPERVISOR, resolution: 'cancelled', reason: '平台已撤销，经办机构确认' });
    expect(l.status, JSON.stringify(l.body)).toBe(200);
    expect(l.body.state).toBe('cancelled');
    // Not in needs_attention any more: a second resolve is refused.
    expect((await resolve(ids.K, { ...SUPERVISOR, resolution: 'settled', reason: '再次' })).status).toBe(409);

    const m = await env.api.post<Json>(`/api/v1/settlements/${ids.M}/recheck`, { ...SUPERVISOR });
    expect(m.status, JSON.stringify(m.body)).toBe(200);
    expect(m.body.state).not.toBe('needs_attention');

    const rows = auditRows();
    expect(rows.map((r) => [r.action, r.target, r.opter, r.role])).toEqual([
      ['settlement.resolve', ids.K, SUPERVISOR.opter, 'supervisor'],
      ['settlement.resolve', ids.L, SUPERVISOR.opter, 'supervisor'],
      ['settlement.recheck', ids.M, SUPERVISOR.opter, 'supervisor'],
    ]);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({
      resolution: 'settled',
      from_state: 'NEEDS_ATTENTION',
      to_state: 'SETTLED',
    });
    expect(JSON.parse(rows[2]!.detail)).toMatchObject({ from_state: 'NEEDS_ATTENTION' });
    const verify = await runAdminCommand(['audit', 'verify', '--data', env.dataDir]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});

/**
 * `adopt` takes the platform's settlement for a local one whose outcome was never learnt (issue 18):
 * the adapter's real `serve` process and the real sandbox, business date 2026-11-20. Two visits are
 * settled through the HIS API; then the local records are put back to NEEDS_ATTENTION (G) and
 * UNKNOWN (H) with no setl_id and no figures (a lost reply), while the platform keeps both. The
 * reconciliation finds each as platform_only with the local state in its cause; `adopt` asks 5203
 * and moves the local record to SETTLED with the platform's figures (journaled, audited), and the
 * next run balances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ctAndLiverBill, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';
import { forgetLocalOutcome } from '../support/adapter-store-edit';

const D = '2026-11-20';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let env: SettlementEnv;
const made: Record<'G' | 'H', Json> = { G: {}, H: {} };

async function settle(p: { psn_no: string; certno: string; insutype: string }, no: string): Promise<Json> {
  const v = await openVisit(env.api, p, no);
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  expect((await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) })).status).toBe(
    200,
  );
  const s = await env.api.post<Json>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return { ...s.body, visit_id: v.body.visit_id };
}

beforeAll(async () => {
  env = await startSettlementEnv();
  made.G = await settle(PATIENTS.longTerm, 'AD-G');
  made.H = await settle(PATIENTS.referral, 'AD-H');
  forgetLocalOutcome(env.dataDir, made.G.settlement_id, 'NEEDS_ATTENTION');
  forgetLocalOutcome(env.dataDir, made.H.settlement_id, 'UNKNOWN');
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe('adopt of a settlement the platform holds and the adapter never learnt', () => {
  it('moves the local record to SETTLED with the platform figures, journaled and audited; the next run balances', async () => {
    for (const k of ['G', 'H'] as const) {
      expect((await env.api.get<Json>(`/api/v1/settlements/${made[k].settlement_id}`)).body).toMatchObject({
        setlinfo: null,
      });
    }
    const run = await env.api.post<Json>('/api/v1/reconciliations', { stmt_date: D });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.state).toBe('unbalanced');
    const diffOf = (k: 'G' | 'H'): Json =>
      run.body.differences.find((d: Json) => d.setl_id === made[k].setlinfo.setl_id);
    expect(diffOf('G')).toMatchObject({
      kind: 'platform_only',
      refd_setl_flag: '0',
      local: null,
      cause: '本地记录为待主管处理，平台却有此结算',
    });
    expect(diffOf('H')).toMatchObject({ kind: 'platform_only', cause: '本地记录为结算结果不明，平台却有此结算' });
    expect(diffOf('G').fixes).toContain('adopt');

    for (const k of ['G', 'H'] as const) {
      const f = await env.api.post<Json>(
        `/api/v1/reconciliations/${run.body.recon_id}/differences/${diffOf(k).diff_id}/fix`,
        {
          action: 'adopt',
          reason: '平台已结算，以平台为准',
        },
      );
      expect(f.status, JSON.stringify(f.body)).toBe(200);
      expect(f.body.note).toContain('已按平台的结算记为已结算');
      const s = (await env.api.get<Json>(`/api/v1/settlements/${made[k].settlement_id}`)).body;
      expect(s.state).toBe('settled');
      // The platform's figures, as it reported them at the settle.
      expect(s.setlinfo).toMatchObject({
        setl_id: made[k].setlinfo.setl_id,
        medfee_sumamt: made[k].setlinfo.medfee_sumamt,
        fund_pay_sumamt: made[k].setlinfo.fund_pay_sumamt,
        psn_cash_pay: made[k].setlinfo.psn_cash_pay,
      });
      // Journaled: a 5203 of this visit after the settle.
      expect(env.journal(made[k].visit_id).map((j) => j.infno)).toContain('5203');
    }
    expect(made.G.setlinfo.medfee_sumamt).toBe('365.00');
    expect(made.G.setlinfo.fund_pay_sumamt).toBe('71.40');

    // Audited: one settlement.adopt row per adopted settlement, naming it and its previous state.
    const db = new Database(path.join(env.dataDir, 'adapter.db'), { readonly: true, fileMustExist: true });
    const rows = db
      .prepare("SELECT target, detail FROM audit_log WHERE action = 'settlement.adopt' ORDER BY seq")
      .all() as { target: string; detail: string }[];
    db.close();
    expect(rows.map((r) => [r.target, JSON.parse(r.detail).from_state])).toEqual([
      [made.G.settlement_id, 'NEEDS_ATTENTION'],
      [made.H.settlement_id, 'UNKNOWN'],
    ]);

    const again = await env.api.post<Json>('/api/v1/reconciliations', { stmt_date: D });
    expect(again.body.state, JSON.stringify(again.body.differences)).toBe('balanced');
  });
});

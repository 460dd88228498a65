/**
 * Settle replies that do not add up (docs/his-api.md "A settled reply whose figures do not add up",
 * which overrides the sentence): the fault proxy rewrites the platform's 2207 reply.
 * - infcode 0 with setl_id → settled, figures exactly as reported; a broken complete identity adds
 *   the flag `figures_inconsistent`; the cashier collects psn_cash_pay as reported;
 * - a total different from the uploaded bill → NEEDS_ATTENTION (the platform settled another bill);
 * - an unreadable settlement (3-decimal amount, no setl_id) → unknown, then reversed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteBody } from '../support/fault-proxy';
import { ctAndLiverBill, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';

interface SettleBody {
  settlement_id: string;
  state: string;
  flags: string[];
  setlinfo: Record<string, string | null> | null;
  error?: { code: string };
}

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv({ viaProxy: true, timeout_ms: 2000 });
});
afterAll(async () => {
  await env?.close();
});

/** Rewrites only the settlement reply (the one carrying a setl_id); other replies pass. */
function rewriteSettle(edit: (body: string) => string): void {
  env.proxy?.setMode({
    kind: 'rewrite',
    rewrite: rewriteBody((b) =>
      b.includes('"setl_id"') && b.includes('"hifp_pay"') && !b.includes('"setl_type"') ? edit(b) : b,
    ),
  });
}

async function billedVisit(no: string) {
  env.proxy?.setMode({ kind: 'pass' });
  const v = await openVisit(env.api, PATIENTS.longTerm, no);
  expect(v.status).toBe(201);
  await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) });
  return v.body;
}

async function waitFor(id: string, done: (s: string) => boolean): Promise<SettleBody> {
  for (let i = 0; i < 100; i++) {
    const s = (await env.api.get<SettleBody>(`/api/v1/settlements/${id}`)).body;
    if (done(s.state)) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('not resolved');
}

describe('settled replies whose figures do not add up', () => {
  it('keeps the reported figures and flags figures_inconsistent when psn_cash_pay breaks psn_part_amt = acct_pay + psn_cash_pay', async () => {
    const v = await billedVisit('MZ-RW-1');
    rewriteSettle((b) => b.replace(/"psn_cash_pay":\s*293\.60/, '"psn_cash_pay": 290.00'));
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(200);
    expect(s.body.state).toBe('settled');
    expect(s.body.flags).toEqual(['figures_inconsistent']);
    expect(s.body.setlinfo?.psn_cash_pay).toBe('290.00'); // as reported, never recomputed
    expect(s.body.setlinfo?.psn_part_amt).toBe('293.60');
  });

  it('a regional reply leaving terms out is settled without a flag (identities checked only when complete)', async () => {
    const v = await billedVisit('MZ-RW-2');
    rewriteSettle((b) =>
      b
        .replace(/"hifp_pay":\s*[\d.]+/, '"hifp_pay": ""')
        .replace(/"fund_pay_sumamt":\s*[\d.]+/, '"fund_pay_sumamt": null'),
    );
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.body.state).toBe('settled');
    expect(s.body.flags).toEqual([]);
    expect(s.body.setlinfo?.hifp_pay).toBeNull();
  });

  it('a total that differs from the uploaded bill needs a supervisor', async () => {
    const v = await billedVisit('MZ-RW-3');
    rewriteSettle((b) => b.replace(/"medfee_sumamt":\s*365\.00/, '"medfee_sumamt": 400.00'));
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(202);
    expect(s.body.state).toBe('needs_attention');
    env.proxy?.setMode({ kind: 'pass' });
    const again = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('NEEDS_ATTENTION');
  });

  it('an amount with three decimals makes the reply unreadable: unknown, then reversed at the platform', async () => {
    const v = await billedVisit('MZ-RW-4');
    rewriteSettle((b) => b.replace(/"psn_cash_pay":\s*(\d+\.\d\d)/, '"psn_cash_pay": $15'));
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(202);
    expect(s.body.state).toBe('unknown');
    env.proxy?.setMode({ kind: 'pass' });
    expect((await waitFor(s.body.settlement_id, (x) => x === 'reversed')).state).toBe('reversed');
    const ledger = (await (await fetch(`${env.sandboxUrl}/__admin/settlements?mdtrt_id=${v.mdtrt_id}`)).json()) as {
      state: string;
    }[];
    expect(ledger.map((r) => r.state)).toEqual(['reversed']);
  });
});

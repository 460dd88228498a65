/**
 * Unknown outcomes end to end (docs/reliability.md §2): a settle whose outcome is unknown is never
 * re-sent; the queue reverses it with 2601 and the visit may settle again. Real processes: the
 * sandbox is killed mid-settle, the platform "processes then drops" the reply, and so on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctAndLiverBill, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';
import { startSandboxOn } from '../support/managed-process';

interface SettleBody {
  settlement_id: string;
  state: string;
  history: { state: string; note: string }[];
}

let env: SettlementEnv;
beforeEach(async () => {
  env = await startSettlementEnv({ timeout_ms: 2000 });
});
afterEach(async () => {
  await env?.close();
});

async function fault(rule: object): Promise<void> {
  const res = await fetch(`${env.sandboxUrl}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults: [rule] }),
  });
  expect(res.status).toBe(200);
}

async function ledgerStates(mdtrt_id: string): Promise<string[]> {
  const res = await fetch(`${env.sandboxUrl}/__admin/settlements?mdtrt_id=${mdtrt_id}`);
  return ((await res.json()) as { state: string }[]).map((r) => r.state);
}

/** Polls the settlement until `done` holds (the queue works in the background); bounded. */
async function waitForState(id: string, done: (s: string) => boolean, rounds = 100): Promise<SettleBody> {
  let last: SettleBody | null = null;
  for (let i = 0; i < rounds; i++) {
    last = (await env.api.get<SettleBody>(`/api/v1/settlements/${id}`)).body;
    if (done(last.state)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`settlement ${id} stayed ${last?.state}`);
}

async function visitWithBill(no: string) {
  const v = await openVisit(env.api, PATIENTS.longTerm, no);
  expect(v.status).toBe(201);
  await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) });
  return v.body;
}

describe('a settle whose reply is lost', () => {
  it('process then drop: answers 202 unknown, reverses with 2601, never re-sends the 2207; the visit settles again', async () => {
    const v = await visitWithBill('MZ-UK-1');
    await fault({ infno: '2207', action: 'process_then_drop' });
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(202);
    expect(s.body.state).toBe('unknown');
    const final = await waitForState(s.body.settlement_id, (x) => x === 'reversed');
    expect(final.history.map((h) => h.state)).toEqual(['sending', 'unknown', 'reversing', 'reversed']);
    // The platform had settled; the reversal undid it: nothing live remains there.
    expect(await ledgerStates(v.mdtrt_id)).toEqual(['reversed']);
    expect(env.journal(v.visit_id).filter((j) => j.infno === '2207')).toHaveLength(1);
    const again = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(again.body.state).toBe('settled');
    expect(await ledgerStates(v.mdtrt_id)).toEqual(['reversed', 'settled']);
  });

  it('sandbox killed mid-settle: the visit ends unknown (not failed, not re-sent), then not_settled once the platform is back', async () => {
    const v = await visitWithBill('MZ-UK-2');
    await fault({ infno: '2207', action: 'delay', ms: 5000 });
    const port = new URL(env.sandboxUrl).port;
    const settling = env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    await new Promise((r) => setTimeout(r, 400));
    await env.sandbox.kill();
    const s = await settling;
    expect(s.status).toBe(202);
    expect(s.body.state).toBe('unknown');
    // While the platform is down the reversal waits (offline): still unknown or reversing, never failed.
    const meanwhile = await env.api.get<SettleBody>(`/api/v1/settlements/${s.body.settlement_id}`);
    expect(['unknown', 'reversing']).toContain(meanwhile.body.state);
    env.sandbox = await startSandboxOn(env.sandboxDir, env.scenario, Number(port));
    const final = await waitForState(s.body.settlement_id, (x) => x === 'not_settled' || x === 'reversed');
    // Killed before the delayed 2207 was processed: the platform never settled it.
    expect(final.state).toBe('not_settled');
    expect(await ledgerStates(v.mdtrt_id)).toEqual([]);
    expect(env.journal(v.visit_id).filter((j) => j.infno === '2207')).toHaveLength(1);
  });

  it('HTTP 502 on the settle is unknown too, and a broken JSON reply as well', async () => {
    for (const [i, rule] of [
      { infno: '2207', action: 'http_error', status: 502 },
      { infno: '2207', action: 'broken_json' },
    ].entries()) {
      const v = await visitWithBill(`MZ-UK-3${i}`);
      await fault(rule);
      const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
      expect(s.body.state).toBe('unknown');
      const final = await waitForState(s.body.settlement_id, (x) => x === 'reversed' || x === 'not_settled');
      // 502 was not processed (nothing to reverse); broken JSON was processed (reversed).
      expect(final.state).toBe(i === 0 ? 'not_settled' : 'reversed');
      expect(await ledgerStates(v.mdtrt_id)).toEqual(i === 0 ? [] : ['reversed']);
    }
  });
});

describe('an unreachable platform', () => {
  it('answers 503 UPSTREAM_UNREACHABLE at once and sends nothing', async () => {
    const v = await visitWithBill('MZ-OFF-1');
    await env.sandbox.stop();
    const s = await env.api.post<{ error: { code: string; message: string } }>(`/api/v1/visits/${v.visit_id}/settle`, {
      acct_used_flag: '0',
    });
    expect(s.status).toBe(503);
    expect(s.body.error.code).toBe('UPSTREAM_UNREACHABLE');
    const health = await env.api.get<{ status: string; upstream: { reachable: boolean } }>('/api/v1/health');
    expect(health.body.upstream.reachable).toBe(false);
    expect(health.body.status).toBe('offline');
  });
});

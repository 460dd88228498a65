/**
 * Graceful shutdown (cashier's window issue, "finishes or journals in-flight work"): a SIGTERM while
 * a settle is with the platform lets it finish — the HIS gets its answer and the journal its
 * outcome — instead of leaving the call SENDING for start-up recovery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctAndLiverBill, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv({ timeout_ms: 4000 });
});
afterAll(async () => {
  await env?.close();
});

describe('shutdown with a settle in flight', () => {
  it('waits for the settle to finish and journal its outcome', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-GS-1');
    await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill('GS') });
    await fetch(`${env.sandboxUrl}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ infno: '2207', action: 'delay', ms: 1500 }] }),
    });
    const settling = env.api.post<{ state: string }>(`/api/v1/visits/${v.body.visit_id}/settle`, {
      acct_used_flag: '0',
    });
    await new Promise((r) => setTimeout(r, 300));
    const stopping = env.serve.stop();
    const answer = await settling;
    await stopping;
    expect(answer.status).toBe(200);
    expect(answer.body.state).toBe('settled');
    expect(
      env
        .journal(v.body.visit_id)
        .filter((j) => j.infno === '2207')
        .map((j) => j.state),
    ).toEqual(['SUCCESS']);
  });
});

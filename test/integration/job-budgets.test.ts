/**
 * Every job a service enqueues carries its type's budget from the job registry (issue 13 item 7):
 * the real adapter process, driven through the HIS API against the real sandbox with faults, makes
 * a job of each type; the test then reads `max_attempts` and `money` back from the adapter's
 * database file. Before the fix, the services built job rows by hand and a reversal got 10.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOLUTION_MAX_ATTEMPTS } from '../../main/app/resolution-jobs';
import { CHECK_CANCEL, CONFIRM_REVERSAL, REVERSE_ADMISSION, REVERSE_SETTLEMENT } from '../../main/services/job-names';
import { ctAndLiverBill, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';

interface JobRow {
  type: string;
  key: string;
  money: number;
  max_attempts: number;
}
interface SettleBody {
  settlement_id: string;
  state: string;
}

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv({ timeout_ms: 1500 });
});
afterAll(async () => {
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

/** Runs `fn` on a read-only connection to the adapter's real database file. */
function adapterDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(env.dataDir, 'adapter.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function jobsOf(visit_id: string): JobRow[] {
  return adapterDb(
    (db) =>
      db
        .prepare('SELECT type, key, money, max_attempts FROM jobs WHERE key = ? ORDER BY seq')
        .all(visit_id) as JobRow[],
  );
}

/** Polls (bounded) until the visit has a job of `type`. */
async function jobOfType(visit_id: string, type: string): Promise<JobRow> {
  for (let i = 0; i < 100; i++) {
    const found = jobsOf(visit_id).find((j) => j.type === type);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${type} job for ${visit_id}: ${JSON.stringify(jobsOf(visit_id))}`);
}

async function visitWithBill(no: string): Promise<{ visit_id: string; mdtrt_id: string }> {
  const v = await openVisit(env.api, PATIENTS.longTerm, no);
  expect(v.status).toBe(201);
  const f = await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) });
  expect(f.status).toBe(200);
  return v.body;
}

describe('job budgets come from the job registry, through the real service paths', () => {
  it('an unknown settle: reverse-settlement with the resolution budget, and its confirming 2601 too', async () => {
    const v = await visitWithBill('MZ-JB-1');
    // Not processed: the 2601 finds nothing, so a confirming 2601 is scheduled as well.
    await fault({ infno: '2207', action: 'drop_before' });
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(202);
    expect(await jobOfType(v.visit_id, REVERSE_SETTLEMENT)).toMatchObject({
      money: 1,
      max_attempts: RESOLUTION_MAX_ATTEMPTS,
    });
    expect(await jobOfType(v.visit_id, CONFIRM_REVERSAL)).toMatchObject({
      money: 1,
      max_attempts: RESOLUTION_MAX_ATTEMPTS,
    });
    expect(RESOLUTION_MAX_ATTEMPTS).toBe(20);
  });

  it('an unknown cancel: check-cancel with the resolution budget', async () => {
    const v = await visitWithBill('MZ-JB-2');
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.body.state).toBe('settled');
    await fault({ infno: '2208', action: 'process_then_drop' });
    const c = await env.api.post<SettleBody>(`/api/v1/settlements/${s.body.settlement_id}/cancel`, {
      reason: '患者要求退费',
    });
    expect(c.status).toBe(202);
    expect(await jobOfType(v.visit_id, CHECK_CANCEL)).toMatchObject({
      money: 1,
      max_attempts: RESOLUTION_MAX_ATTEMPTS,
    });
  });

  it('an admission whose outcome is unknown: reverse-admission with its registered budget', async () => {
    await fault({ infno: '2401', action: 'process_then_drop' });
    const v = await openVisit(env.api, PATIENTS.inpatient, 'ZY-JB-1', 'inpatient', {
      dise_codg: 'K80.100',
      dise_name: '胆囊结石',
    });
    expect(v.status).toBeGreaterThanOrEqual(400);
    const visit = adapterDb((db) =>
      db.prepare('SELECT visit_id, state FROM visits WHERE ipt_otp_no = ?').get('ZY-JB-1'),
    ) as { visit_id: string; state: string };
    expect(visit.state).toBe('failed');
    expect(await jobOfType(visit.visit_id, REVERSE_ADMISSION)).toMatchObject({
      money: 0,
      max_attempts: RESOLUTION_MAX_ATTEMPTS,
    });
  });
});

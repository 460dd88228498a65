/**
 * Fee uploads within the platform's limits (issue 13 item 5), end to end: the real adapter and the
 * real sandbox (which refuses an `input` over 40,000 characters, docs/sandbox-policy.md §8). A 2,000-line
 * bill is uploaded in journaled batches and settles with the hand-computed figures; a batch in the
 * middle whose outcome is lost is cleared and the retry sends only the lines not confirmed.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFen } from '../../shared/money';
import { line, openVisit, PATIENTS, startSettlementEnv, type SettlementEnv } from './settlement-env';

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv({ timeout_ms: 3000 });
});
afterAll(async () => {
  await env?.close();
});

async function faults(rules: object[]): Promise<void> {
  const res = await fetch(`${env.sandboxUrl}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults: rules }),
  });
  expect(res.status).toBe(200);
}

/** The platform's side, read from the sandbox's own ledger file. */
function platform<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(env.sandboxDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** `pairs` × (CT 280.00 over its cap + liver panel 85.00): 365.00 billed, 319.00 in scope per pair. */
function bill(prefix: string, pairs: number, time = '2026-11-20 09:10:00') {
  const out = [];
  for (let i = 1; i <= pairs; i++) {
    out.push({
      ...line(`${prefix}-${i}-CT`, '002104000010000', '64排CT平扫', '280.00', '1', '280.00'),
      fee_ocur_time: time,
    });
    out.push({
      ...line(`${prefix}-${i}-LV`, '002202000030000', '肝功能全套', '85.00', '1', '85.00'),
      fee_ocur_time: time,
    });
  }
  return out;
}

interface Setl {
  medfee_sumamt: string;
  fulamt_ownpay_amt: string;
  overlmt_selfpay: string;
  preselfpay_amt: string;
  inscp_scp_amt: string;
  fund_pay_sumamt: string;
  psn_part_amt: string;
}

describe('a 2,000-line outpatient bill', () => {
  it('uploads in batches of at most 50 lines within 40,000 characters, and settles with the right figures', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-BIG-1');
    expect(v.status).toBe(201);
    const up = await env.api.post<{ result: unknown[] }>(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: bill('B', 1000),
    });
    expect(up.status).toBe(200);
    expect(up.body.result).toHaveLength(2000);
    const calls = env.journal(v.body.visit_id).filter((j) => j.infno === '2204');
    expect(calls).toHaveLength(40);
    // Each call the platform processed held at most 50 lines, and all 2,000 arrived once.
    const perCall = platform<{ n: number }>(
      'SELECT count(*) AS n FROM fee_lines WHERE mdtrt_id = ? GROUP BY upload_msgid',
      v.body.mdtrt_id,
    );
    expect(perCall).toHaveLength(40);
    expect(Math.max(...perCall.map((r) => r.n))).toBe(50);
    expect(platform('SELECT feedetl_sn FROM fee_lines WHERE mdtrt_id = ?', v.body.mdtrt_id)).toHaveLength(2000);

    const s = await env.api.post<{ state: string; setlinfo: Setl }>(`/api/v1/visits/${v.body.visit_id}/settle`, {
      acct_used_flag: '0',
    });
    expect(s.status).toBe(200);
    // 1,000 × (365.00 billed; CT 20.00 over the 260 cap, 乙 10 % of 260 = 26.00 self-paid first; 319.00 in scope).
    expect(s.body.setlinfo).toMatchObject({
      medfee_sumamt: '365000.00',
      fulamt_ownpay_amt: '0.00',
      overlmt_selfpay: '20000.00',
      preselfpay_amt: '26000.00',
      inscp_scp_amt: '319000.00',
    });
    expect(toFen(s.body.setlinfo.fund_pay_sumamt) + toFen(s.body.setlinfo.psn_part_amt)).toBe(36_500_000);
  });
});

describe('a batch in the middle whose outcome is lost', () => {
  it('inpatient: the retry clears that batch (2302) and sends only the lines not confirmed', async () => {
    const v = await openVisit(env.api, PATIENTS.inpatient, 'ZY-BIG-1', 'inpatient', {
      dise_codg: 'K80.100',
      dise_name: '胆囊结石',
      begntime: '2026-11-15 08:00:00',
    });
    expect(v.status).toBe(201);
    const lines = bill('Z', 250);
    // Calls 1–3 pass; call 4 is processed by the platform, then its reply is lost.
    await faults([
      { infno: '2301', action: 'delay', ms: 0, count: 3 },
      { infno: '2301', action: 'process_then_drop', count: 1 },
    ]);
    const first = await env.api.post<{ error: { code: string } }>(`/api/v1/visits/${v.body.visit_id}/fees`, { lines });
    expect(first.status).toBeGreaterThanOrEqual(500);
    const confirmed = platform<{ feedetl_sn: string; upload_msgid: string }>(
      'SELECT feedetl_sn, upload_msgid FROM fee_lines WHERE mdtrt_id = ? ORDER BY id',
      v.body.mdtrt_id,
    ).slice(0, 150);
    expect(confirmed.map((l) => l.feedetl_sn)).toEqual(lines.slice(0, 150).map((l) => l.feedetl_sn));

    // The HIS retries the same request: the adapter clears batch 4 and resumes there.
    const again = await env.api.post<{ result: unknown[] }>(`/api/v1/visits/${v.body.visit_id}/fees`, { lines });
    expect(again.status).toBe(200);
    expect(again.body.result).toHaveLength(500);
    const after = platform<{ feedetl_sn: string; upload_msgid: string }>(
      "SELECT feedetl_sn, upload_msgid FROM fee_lines WHERE mdtrt_id = ? AND state <> 'deleted' ORDER BY id",
      v.body.mdtrt_id,
    );
    expect(after.map((l) => l.feedetl_sn).sort()).toEqual(lines.map((l) => l.feedetl_sn).sort());
    // The 150 confirmed lines were never sent again: same rows, same uploading call. Batch 4's
    // lines, which the platform had processed, were withdrawn (2302) and sent once more.
    expect(after.slice(0, 150)).toEqual(confirmed);
    expect(platform("SELECT id FROM fee_lines WHERE mdtrt_id = ? AND state = 'deleted'", v.body.mdtrt_id)).toHaveLength(
      50,
    );
    const journal = env.journal(v.body.visit_id).map((j) => j.infno);
    expect(journal.filter((x) => x === '2302')).toHaveLength(1);
    // 3 confirmed + 1 unknown, then 7 for lines 151–500 (batch 4 again and the 6 never sent).
    expect(journal.filter((x) => x === '2301')).toHaveLength(11);
  });

  it('outpatient: the batch number is withdrawn (2205) and the bill is sent again under a new one, never doubled', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-BIG-2');
    const lines = bill('M', 150);
    await faults([
      { infno: '2204', action: 'delay', ms: 0, count: 2 },
      { infno: '2204', action: 'drop_before', count: 1 },
    ]);
    const first = await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines });
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(platform('SELECT id FROM fee_lines WHERE mdtrt_id = ?', v.body.mdtrt_id)).toHaveLength(100);
    const again = await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines });
    expect(again.status).toBe(200);
    const live = platform<{ chrg_bchno: string }>(
      "SELECT chrg_bchno FROM fee_lines WHERE mdtrt_id = ? AND state <> 'deleted'",
      v.body.mdtrt_id,
    );
    expect(live).toHaveLength(300);
    expect(new Set(live.map((l) => l.chrg_bchno))).toEqual(new Set(['B0002']));
    const s = await env.api.post<{ setlinfo: Setl }>(`/api/v1/visits/${v.body.visit_id}/settle`, {
      acct_used_flag: '0',
    });
    expect(s.status).toBe(200);
    expect(s.body.setlinfo).toMatchObject({ medfee_sumamt: '54750.00', inscp_scp_amt: '47850.00' });
  });

  it('a retry after a definite refusal of a line changes nothing already confirmed (same content is a repeat, other content a duplicate)', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-BIG-3');
    const lines = bill('R', 2);
    expect((await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines })).status).toBe(200);
    const repeat = await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines });
    expect(repeat.status).toBe(200);
    expect(env.journal(v.body.visit_id).filter((j) => j.infno === '2204')).toHaveLength(1);
    const changed = await env.api.post<{ error: { code: string; detail: { field: string } } }>(
      `/api/v1/visits/${v.body.visit_id}/fees`,
      {
        lines: [{ ...lines[0], pric: '281.00', det_item_fee_sumamt: '281.00' }],
      },
    );
    expect(changed.status).toBe(400);
    expect(changed.body.error.detail.field).toBe('lines[0].feedetl_sn');
  });
});

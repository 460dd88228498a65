/**
 * Retail pharmacy flow (issue 16 item 5, docs/sandbox-policy.md §9) through the HIS API against the real
 * sandbox: with `institution.pharmacy_flow: "retail"` a `kind: "pharmacy"` sale looks the same to
 * the HIS, but opens nothing at the platform, keeps its lines locally, pre-settles with 2101,
 * settles with 2102 and cancels with 2103. A dropped 2102 reply is reversed with 2601 (oinfno 2102)
 * and never re-sent; an unknown 2103 is checked with 5203. The figures equal those of the same
 * sale through the outpatient flow (2201 + 2203 + 2204 + 2207) at the same pharmacy P41020200105 of
 * the same scenario.
 *
 * The bill (demo scenario, pharmacy level 1, insured place 430100, pharmacy ratio 0.00):
 * 阿莫西林 15.20 × 2 = 30.40 (甲: in scope 30.40) + 黄芪饮片 3.60 × 10 = 36.00 (乙 0.10: pre 3.60,
 * in scope 32.40) = 66.40; no fund; without the account the patient pays 66.40 in cash.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PHARMACY,
  HIS_TOKEN,
  line,
  openVisit,
  PATIENTS,
  startSettlementEnv,
  writeConfig,
  type SettlementEnv,
} from './settlement-env';
import { startSandboxOn, startServe, type ManagedProcess } from '../support/managed-process';
import { hisApi, type HisApi } from '../support/his-api-client';

interface SettleBody {
  settlement_id: string;
  state: string;
  setlinfo: Record<string, string>;
  setldetail: Record<string, string>[];
  history: { state: string; note: string }[];
  error?: { code: string };
}

let env: SettlementEnv;
let retail: HisApi;
let retailServe: ManagedProcess;
let outpatient: HisApi;
let retailDir = '';
let retailSandbox: ManagedProcess;
let retailSandboxUrl = '';

/**
 * Each adapter of the pharmacy numbers its msgids from its own store, so two adapters of one
 * institution on one platform would collide ([DUPLICATE_MSGID]); the retail adapter gets its own
 * sandbox process, started from the same scenario file (same business date, same persons).
 */
beforeAll(async () => {
  env = await startSettlementEnv({ timeout_ms: 2000 });
  outpatient = await env.adapterFor(DEMO_PHARMACY);
  retailDir = path.join(env.dataDir, '..', '..', 'retail');
  retailSandbox = await startSandboxOn(path.join(retailDir, 'sandbox'), env.scenario);
  retailSandboxUrl = retailSandbox.found.url ?? '';
  retailServe = await startServe(
    writeConfig(
      retailDir,
      { ...DEMO_PHARMACY, pharmacy_flow: 'retail' } as typeof DEMO_PHARMACY,
      retailSandboxUrl,
      2000,
    ),
  );
  retail = hisApi(retailServe.found.api ?? '', HIS_TOKEN);
});
afterAll(async () => {
  await retailServe?.stop();
  await retailSandbox?.stop();
  await env?.close();
});

const BILL = (p: string) => [
  line(`${p}-1`, 'XJ01CRA137A001010100788', '阿莫西林胶囊', '15.20', '2', '30.40'),
  line(`${p}-2`, 'T000100234', '黄芪饮片', '3.60', '10', '36.00'),
];

/** The money and classification fields of a settlement (ids and times differ between flows). */
const FIGURES = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'pool_prop_selfpay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'balc',
  'clr_type',
  'med_type',
  'insutype',
] as const;
const figures = (s: Record<string, string>) => Object.fromEntries(FIGURES.map((k) => [k, s[k]]));

async function sale(api: HisApi, no: string) {
  const v = await openVisit(api, PATIENTS.pharmacyAccount, no, 'pharmacy');
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const up = await api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: BILL(no) });
  expect(up.status, JSON.stringify(up.body)).toBe(200);
  return v.body;
}

async function fault(rule: object): Promise<void> {
  const res = await fetch(`${retailSandboxUrl}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults: [rule] }),
  });
  expect(res.status).toBe(200);
}

async function ledger(psn_no: string): Promise<{ infno: string; state: string; msgid: string; setl_id: string }[]> {
  return (await (await fetch(`${retailSandboxUrl}/__admin/settlements?psn_no=${psn_no}`)).json()) as {
    infno: string;
    state: string;
    msgid: string;
    setl_id: string;
  }[];
}

async function waitForState(api: HisApi, id: string, done: (s: string) => boolean, rounds = 100): Promise<SettleBody> {
  let last: SettleBody | null = null;
  for (let i = 0; i < rounds; i++) {
    last = (await api.get<SettleBody>(`/api/v1/settlements/${id}`)).body;
    if (done(last.state)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`settlement ${id} stayed ${last?.state}`);
}

function retailJournal(visit_id: string): string[] {
  return journalOf(path.join(retailDir, 'data'), visit_id).map((j) => j.infno);
}

describe('retail pharmacy flow (2101 / 2102 / 2103)', () => {
  it('a sale settles with the same figures as through the outpatient flow; the HIS sees the same API', async () => {
    const o = await sale(outpatient, 'YF-OP-1');
    const oPre = await outpatient.post<SettleBody>(`/api/v1/visits/${o.visit_id}/presettle`, { acct_used_flag: '0' });
    const oSet = await outpatient.post<SettleBody>(`/api/v1/visits/${o.visit_id}/settle`, { acct_used_flag: '0' });
    expect(oSet.status).toBe(200);

    const r = await sale(retail, 'YF-RT-1');
    expect(r.mdtrt_id).toBe('');
    const rPre = await retail.post<SettleBody>(`/api/v1/visits/${r.visit_id}/presettle`, { acct_used_flag: '0' });
    expect(rPre.status, JSON.stringify(rPre.body)).toBe(200);
    expect(rPre.body.state).toBe('presettled');
    const rSet = await retail.post<SettleBody>(`/api/v1/visits/${r.visit_id}/settle`, { acct_used_flag: '0' });
    expect(rSet.status, JSON.stringify(rSet.body)).toBe(200);
    expect(rSet.body.state).toBe('settled');

    expect(figures(rSet.body.setlinfo)).toEqual(figures(oSet.body.setlinfo));
    expect(figures(rPre.body.setlinfo)).toEqual(figures(oPre.body.setlinfo));
    expect(rSet.body.setldetail).toEqual(oSet.body.setldetail);
    expect(figures(rSet.body.setlinfo)).toMatchObject({
      medfee_sumamt: '66.40',
      preselfpay_amt: '3.60',
      inscp_scp_amt: '62.80',
      fund_pay_sumamt: '0.00',
      psn_cash_pay: '66.40',
      clr_type: '41',
      med_type: '41',
    });

    // Nothing was registered or uploaded: eligibility, pre-settle, settle.
    expect(retailJournal(r.visit_id)).toEqual(['2101', '2102']);
    const visit = await retail.get<{
      mdtrt_id: string;
      fees: { feedetl_sn: string; platform: Record<string, string> | null }[];
    }>(`/api/v1/visits/${r.visit_id}`);
    expect(visit.body.mdtrt_id).toBe(rSet.body.setlinfo.mdtrt_id);
    expect(visit.body.fees.map((f) => f.platform?.preselfpay_amt)).toEqual(['0.00', '3.60']);
    const rows = await ledger(PATIENTS.pharmacyAccount.psn_no);
    expect(rows.filter((x) => x.setl_id === rSet.body.setlinfo.setl_id).map((x) => [x.infno, x.state])).toEqual([
      ['2102', 'settled'],
    ]);
  });

  it('cancel sends 2103 and cancels the local sale; a second cancel is refused', async () => {
    const r = await sale(retail, 'YF-RT-2');
    const s = await retail.post<SettleBody>(`/api/v1/visits/${r.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.body.state).toBe('settled');
    const c = await retail.post<SettleBody>(`/api/v1/settlements/${s.body.settlement_id}/cancel`, {
      reason: '顾客退货',
    });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.state).toBe('cancelled');
    expect(retailJournal(r.visit_id)).toEqual(['2102', '2103']);
    const rows = await ledger(PATIENTS.pharmacyAccount.psn_no);
    expect(rows.find((x) => x.setl_id === s.body.setlinfo.setl_id)?.state).toBe('cancelled');
    const again = await retail.post<SettleBody>(`/api/v1/settlements/${s.body.settlement_id}/cancel`, {
      reason: '再次撤销',
    });
    expect(again.body.error?.code).toBe('ALREADY_CANCELLED');
  });

  it('a dropped 2102 reply: 202 unknown, reversed with 2601 (oinfno 2102), never re-sent; the sale settles again', async () => {
    const r = await sale(retail, 'YF-RT-3');
    await fault({ infno: '2102', action: 'process_then_drop' });
    const s = await retail.post<SettleBody>(`/api/v1/visits/${r.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(202);
    expect(s.body.state).toBe('unknown');
    const final = await waitForState(retail, s.body.settlement_id, (x) => x === 'reversed');
    expect(final.history.map((h) => h.state)).toEqual(['sending', 'unknown', 'reversing', 'reversed']);
    const journal = journalOf(path.join(retailDir, 'data'), r.visit_id);
    expect(journal.filter((j) => j.infno === '2102')).toHaveLength(1);
    expect(journal.map((j) => j.infno)).toContain('2601');
    const before = (await ledger(PATIENTS.pharmacyAccount.psn_no)).filter(
      (x) => x.msgid === journal.find((j) => j.infno === '2102')?.msgid,
    );
    expect(before.map((x) => x.state)).toEqual(['reversed']);
    const again = await retail.post<SettleBody>(`/api/v1/visits/${r.visit_id}/settle`, { acct_used_flag: '0' });
    expect(again.body.state).toBe('settled');
    expect(again.body.setlinfo.medfee_sumamt).toBe('66.40');
  });

  it('the day reconciles: the 2102 settlements and 2103 cancels balance in clr_type 41 (3201)', async () => {
    const r = await retail.post<{
      state: string;
      groups: { insutype: string; clr_type: string; count: number; balanced: boolean }[];
    }>('/api/v1/reconciliations', { stmt_date: '2026-11-20' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state, JSON.stringify(r.body)).toBe('balanced');
    // Settled and still in effect: the sale of the first test and the re-settled one after the reversal.
    expect(r.body.groups.find((g) => g.insutype === '310' && g.clr_type === '41')).toMatchObject({
      count: 2,
      balanced: true,
    });
  });

  it('a dropped 2103 reply: the cancel is checked with 5203 and ends cancelled', async () => {
    const r = await sale(retail, 'YF-RT-4');
    const s = await retail.post<SettleBody>(`/api/v1/visits/${r.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.body.state).toBe('settled');
    await fault({ infno: '2103', action: 'process_then_drop' });
    const c = await retail.post<SettleBody>(`/api/v1/settlements/${s.body.settlement_id}/cancel`, {
      reason: '顾客退货',
    });
    expect(c.status).toBe(202);
    const final = await waitForState(retail, s.body.settlement_id, (x) => x === 'cancelled');
    expect(final.state).toBe('cancelled');
    expect(retailJournal(r.visit_id)).toEqual(expect.arrayContaining(['2102', '2103', '5203']));
    expect(retailJournal(r.visit_id).filter((x) => x === '2103')).toHaveLength(1);
  });
});

function journalOf(dataDir: string, visit_id: string): { infno: string; msgid: string }[] {
  return readJournal(path.join(dataDir, 'adapter.db'), visit_id);
}

function readJournal(file: string, visit_id: string): { infno: string; msgid: string }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT infno, msgid FROM journal WHERE visit_id = ? ORDER BY created_at, rowid')
      .all(visit_id) as { infno: string; msgid: string }[];
  } finally {
    db.close();
  }
}

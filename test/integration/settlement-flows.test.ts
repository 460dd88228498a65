/**
 * The settlement core end to end through the HIS API against the real sandbox process
 * (settlement-core issue, "What it must show"). Expected figures are computed by hand from the
 * demo policies (docs/sandbox-policy.md §3–§4) and must also equal the sandbox's ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ctAndLiverBill,
  DEMO_PHARMACY,
  line,
  openVisit,
  PATIENTS,
  startSettlementEnv,
  type SettlementEnv,
} from './settlement-env';

type Setl = Record<string, string | null>;
interface SettleBody {
  settlement_id: string;
  state: string;
  setlinfo: Setl;
  setldetail: { fund_pay_type: string; fund_payamt: string }[];
  error?: { code: string };
}

let env: SettlementEnv;

beforeAll(async () => {
  env = await startSettlementEnv();
});
afterAll(async () => {
  await env?.close();
});

async function ledger(
  query: string,
): Promise<{ setl_id: string; state: string; infno: string; medfee_sumamt: number }[]> {
  const res = await fetch(`${env.sandboxUrl}/__admin/settlements?${query}`);
  return (await res.json()) as { setl_id: string; state: string; infno: string; medfee_sumamt: number }[];
}

/** Opens, uploads the CT + liver bill, settles; returns the settle answer. */
async function settleCtBill(
  p: { psn_no: string; certno: string; insutype: string },
  no: string,
  acct: '0' | '1',
  kind: 'outpatient' | 'pharmacy' = 'outpatient',
  extra: Record<string, unknown> = {},
) {
  const v = await openVisit(env.api, p, no, kind, extra);
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const up = await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) });
  expect(up.status, JSON.stringify(up.body)).toBe(200);
  const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: acct });
  return { visit: v.body, settle: s };
}

describe('outpatient flows (D-11 … D-13, docs/sandbox-policy.md §4)', () => {
  it('other temporary visitor, cross-province: ratio 0.55 − 0.20, deductible 200, account pays the personal part', async () => {
    const { visit, settle } = await settleCtBill(PATIENTS.otherTemporary, 'MZ-OT-1', '1');
    expect(settle.status).toBe(200);
    expect(settle.body.state).toBe('settled');
    const s = settle.body.setlinfo;
    // CT 280 over cap 260 → 20 over limit; base 260 × 10 % = 26 self-pay share; in scope 234 + 85 = 319.
    expect(s).toMatchObject({
      medfee_sumamt: '365.00',
      fulamt_ownpay_amt: '0.00',
      overlmt_selfpay: '20.00',
      preselfpay_amt: '26.00',
      inscp_scp_amt: '319.00',
      act_pay_dedc: '200.00',
      hifp_pay: '41.65',
      pool_prop_selfpay: '0.3500',
      fund_pay_sumamt: '41.65',
      psn_part_amt: '323.35',
      acct_pay: '323.35',
      psn_cash_pay: '0.00',
      balc: '318.83',
    });
    const rows = await ledger(`mdtrt_id=${visit.mdtrt_id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ setl_id: s.setl_id, state: 'settled', infno: '2207' });
    expect(rows[0]?.medfee_sumamt).toBe(365);
  });

  it('long-term resident, cross-province, retired: local rates + retired bonus (D-12)', async () => {
    const { settle } = await settleCtBill(PATIENTS.longTerm, 'MZ-LT-1', '0');
    expect(settle.body.setlinfo).toMatchObject({
      hifp_pay: '71.40',
      pool_prop_selfpay: '0.6000',
      psn_part_amt: '293.60',
      acct_pay: '0.00',
      psn_cash_pay: '293.60',
    });
  });

  it('referral (registration filed for the whole province 410000): ratio 0.45 − 0.10 (D-13)', async () => {
    const { settle } = await settleCtBill(PATIENTS.referral, 'MZ-RF-1', '1');
    // Resident insurance (390) has no personal account: the flag changes nothing.
    expect(settle.body.setlinfo).toMatchObject({
      hifp_pay: '41.65',
      pool_prop_selfpay: '0.3500',
      acct_pay: '0.00',
      psn_cash_pay: '323.35',
    });
  });

  it('return home: a local visit of a long-term resident elsewhere loses 10 points (D-12)', async () => {
    const home = { psn_no: 'TEST0001HOME01', certno: '410202197001011230', insutype: '310' };
    const id = await env.api.post<{ regions: { kind: string }[]; certno: string }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '01',
      mdtrt_cert_no: 'ectest-home-0001',
    });
    expect(id.status).toBe(200);
    expect(id.body.regions[0]?.kind).toBe('local');
    const { settle } = await settleCtBill({ ...home, certno: id.body.certno }, 'MZ-RH-1', '0');
    expect(settle.body.setlinfo).toMatchObject({ hifp_pay: '47.60', pool_prop_selfpay: '0.4000' });
  });

  it('emergency visitor with an assistance identity: medical assistance pays 70 % of the rest (D-17)', async () => {
    const { settle } = await settleCtBill(PATIENTS.emergencyAssisted, 'MZ-EM-1', '0', 'outpatient', { med_type: '13' });
    // basic 41.65; own = 319 − 41.65 = 277.35; maf = round2(277.35 × 0.70) = 194.15 (half up).
    expect(settle.body.setlinfo).toMatchObject({
      hifp_pay: '41.65',
      maf_pay: '194.15',
      fund_pay_sumamt: '235.80',
      psn_part_amt: '129.20',
      psn_cash_pay: '129.20',
    });
    expect(settle.body.setldetail.map((d) => [d.fund_pay_type, d.fund_payamt])).toEqual(
      expect.arrayContaining([
        ['390100', '41.65'],
        ['610100', '194.15'],
      ]),
    );
  });
});

describe('pharmacy with the personal account', () => {
  it('settles with med_type 41 at a pharmacy and pays from the account (310200 listed, not in the fund total)', async () => {
    const pharmacy = await env.adapterFor(DEMO_PHARMACY);
    const v = await openVisit(pharmacy, PATIENTS.pharmacyAccount, 'YF-1', 'pharmacy');
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    await pharmacy.post(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: [
        line('YF-1-1', 'XJ01CRA137A001010100788', '阿莫西林胶囊', '15.20', '2', '30.40'),
        line('YF-1-2', 'T000100234', '黄芪饮片', '3.60', '10', '36.00'),
      ],
    });
    const s = await pharmacy.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '1' });
    expect(s.body.setlinfo).toMatchObject({
      medfee_sumamt: '66.40',
      preselfpay_amt: '3.60',
      inscp_scp_amt: '62.80',
      hifp_pay: '0.00',
      fund_pay_sumamt: '0.00',
      acct_pay: '66.40',
      psn_cash_pay: '0.00',
      balc: '5133.60',
      clr_type: '41',
    });
    expect(s.body.setldetail).toEqual([expect.objectContaining({ fund_pay_type: '310200', fund_payamt: '66.40' })]);
  });
});

describe('inpatient with discharge', () => {
  it('refuses to settle before discharge, then settles every unsettled line (admission date rule, D-6)', async () => {
    const v = await openVisit(env.api, PATIENTS.inpatient, 'ZY-1', 'inpatient', {
      dise_codg: 'K80.100',
      dise_name: '胆囊结石',
      begntime: '2026-11-15 08:00:00',
    });
    expect(v.status).toBe(201);
    const up = await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: [
        line('ZY-1-1', '003315000010000', '腹腔镜胆囊切除术', '3200.00', '1', '3200.00'),
        line('ZY-1-2', '001101000010000', '床位费(三人间)', '40.00', '5', '200.00'),
      ],
    });
    expect(up.status).toBe(200);
    const early = await env.api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe('VISIT_STATE_CONFLICT');
    const d = await env.api.post(`/api/v1/visits/${v.body.visit_id}/discharge`, {
      endtime: '2026-11-20 10:00:00',
      dscg_way: '1',
    });
    expect(d.status).toBe(200);
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status).toBe(200);
    // Over cap: surgery 400 + bed 5 × 5 = 425; in scope 2975; deductible 800; ratio 0.80 + 0.05 retired.
    expect(s.body.setlinfo).toMatchObject({
      medfee_sumamt: '3400.00',
      overlmt_selfpay: '425.00',
      inscp_scp_amt: '2975.00',
      act_pay_dedc: '800.00',
      hifp_pay: '1848.75',
      psn_cash_pay: '1551.25',
      clr_type: '21',
    });
  });
});

describe('refusals carry the platform code (D-3, D-4, D-22)', () => {
  it('no registration → 422 NO_REGISTRATION with the raw text for IT; nothing left open', async () => {
    const v = await openVisit(env.api, PATIENTS.noRegistration, 'MZ-NR-1');
    expect(v.status).toBe(422);
    const e = v.body as unknown as { error: { code: string; message: string; hint: string; upstream_err_msg: string } };
    expect(e.error.code).toBe('NO_REGISTRATION');
    expect(e.error.message).toMatch(/备案/);
    expect(e.error.hint.length).toBeGreaterThan(0);
    expect(e.error.upstream_err_msg).toMatch(/^\[NO_REGISTRATION\]/);
  });

  it('suspended → 422 SUSPENDED', async () => {
    const v = await openVisit(env.api, PATIENTS.suspended, 'MZ-SU-1');
    expect(v.status).toBe(422);
    expect((v.body as unknown as { error: { code: string } }).error.code).toBe('SUSPENDED');
  });
});

describe('cancel', () => {
  it('cancels a settlement and the visit; the account balance is restored; a second cancel is refused', async () => {
    const before = await env.api.post<{ insuinfo: { balc: string }[] }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.local.certno,
    });
    const { visit, settle } = await settleCtBill(PATIENTS.local, 'MZ-CX-1', '1');
    expect(settle.body.state).toBe('settled');
    const after = await env.api.post<{ insuinfo: { balc: string }[] }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.local.certno,
    });
    expect(after.body.insuinfo[0]?.balc).not.toBe(before.body.insuinfo[0]?.balc);
    const c = await env.api.post<SettleBody & { cancel_setlinfo: Setl }>(
      `/api/v1/settlements/${settle.body.settlement_id}/cancel`,
      { reason: '患者要求退费' },
    );
    expect(c.status).toBe(200);
    expect(c.body.state).toBe('cancelled');
    expect(c.body.cancel_setlinfo?.medfee_sumamt).toBe('-365.00');
    const restored = await env.api.post<{ insuinfo: { balc: string }[] }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.local.certno,
    });
    expect(restored.body.insuinfo[0]?.balc).toBe(before.body.insuinfo[0]?.balc);
    expect((await ledger(`mdtrt_id=${visit.mdtrt_id}`)).map((r) => r.state)).toEqual(['cancelled']);
    const again = await env.api.post<SettleBody>(`/api/v1/settlements/${settle.body.settlement_id}/cancel`, {
      reason: '重复',
    });
    expect(again.status).toBe(422);
    expect(again.body.error?.code).toBe('ALREADY_CANCELLED');
    const got = await env.api.get<SettleBody>(`/api/v1/settlements/${settle.body.settlement_id}`);
    expect(got.body.state).toBe('cancelled');
    expect(env.journal(visit.visit_id).map((j) => j.infno)).toEqual(expect.arrayContaining(['2208', '2205', '2202']));
  });

  it('scope "settlement" keeps the visit open so it can be settled again', async () => {
    const { visit, settle } = await settleCtBill(PATIENTS.longTerm, 'MZ-CX-2', '0');
    const c = await env.api.post<SettleBody>(`/api/v1/settlements/${settle.body.settlement_id}/cancel`, {
      reason: '费用有误',
      scope: 'settlement',
    });
    expect(c.body.state).toBe('cancelled');
    const again = await env.api.post<SettleBody>(`/api/v1/visits/${visit.visit_id}/settle`, { acct_used_flag: '0' });
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('settled');
    expect(again.body.settlement_id).not.toBe(settle.body.settlement_id);
  });

  it('a second settle of a settled visit answers the same settlement and sends nothing', async () => {
    const { visit, settle } = await settleCtBill(PATIENTS.longTerm, 'MZ-DBL-1', '0');
    const second = await env.api.post<SettleBody>(`/api/v1/visits/${visit.visit_id}/settle`, { acct_used_flag: '0' });
    expect(second.body.settlement_id).toBe(settle.body.settlement_id);
    expect(env.journal(visit.visit_id).filter((j) => j.infno === '2207')).toHaveLength(1);
  });
});

/**
 * Full self-pay with upload (D-21, issue 18 item 5) through the HIS API against the real sandbox:
 * a patient the platform refuses (NO_REGISTRATION) is opened and settled as self-pay — the fees
 * are uploaded and split, every yuan is cash, no fund pays — and gets the pack for manual
 * reimbursement (fee list, diagnosis, the hospital's receipt number). A cashier may choose
 * self-pay for an entitled patient too; it changes none of their benefit figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ctAndLiverBill,
  HIS_TOKEN,
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
  setldetail: unknown[];
}

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv();
});
afterAll(async () => {
  await env?.close();
});

const DIAG = {
  diagnoses: [{ diag_type: '1', diag_code: 'J06.900', diag_name: '急性上呼吸道感染' }],
  dise_codg: 'J06.900',
  dise_name: '急性上呼吸道感染',
};

describe('full self-pay with upload', () => {
  it('a patient refused direct settlement is settled as self-pay: fees uploaded, all cash, a pack for manual reimbursement', async () => {
    const refused = await openVisit(env.api, PATIENTS.noRegistration, 'MZ-SP-0');
    expect(refused.status).toBe(422);
    expect((refused.body as unknown as { error: { code: string } }).error.code).toBe('NO_REGISTRATION');

    const v = await openVisit(env.api, PATIENTS.noRegistration, 'MZ-SP-1', 'outpatient', { ...DIAG, self_pay: true });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    const up = await env.api.post<{
      lines: { feedetl_sn: string; fulamt_ownpay_amt: string; inscp_scp_amt: string }[];
    }>(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill('SP1') });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, {
      acct_used_flag: '1',
      invono: 'RCPT20261205001',
    });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.state).toBe('settled');
    // 365.00 billed (CT 280 + liver panel 85): the patient pays it all; the platform's split parts are kept.
    expect(s.body.setlinfo).toMatchObject({
      medfee_sumamt: '365.00',
      overlmt_selfpay: '20.00',
      preselfpay_amt: '26.00',
      inscp_scp_amt: '319.00',
      hifp_pay: '0.00',
      fund_pay_sumamt: '0.00',
      acct_pay: '0.00',
      psn_part_amt: '365.00',
      psn_cash_pay: '365.00',
    });
    expect(s.body.setldetail).toEqual([]);
    const journal = env.journal(v.body.visit_id).map((j) => `${j.infno}:${j.state}`);
    expect(journal).toEqual(['2201:SUCCESS', '2203:SUCCESS', '2204:SUCCESS', '2207:SUCCESS']);
    const ledger = (await (
      await fetch(`${env.sandboxUrl}/__admin/settlements?mdtrt_id=${v.body.mdtrt_id}`)
    ).json()) as { state: string; medfee_sumamt: number }[];
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ state: 'settled', medfee_sumamt: 365 });

    const pack = await env.api.get<{
      receipt_no: string;
      setl_id: string;
      psn_name: string;
      certno: string;
      diagnoses: { code: string }[];
      psn_cash_pay: string;
      lines: { name: string; amount: string }[];
    }>(`/api/v1/visits/${v.body.visit_id}/self-pay-pack`);
    expect(pack.status, JSON.stringify(pack.body)).toBe(200);
    expect(pack.body).toMatchObject({
      receipt_no: 'RCPT20261205001',
      setl_id: s.body.setlinfo.setl_id,
      psn_cash_pay: '365.00',
      diagnoses: [{ code: 'J06.900' }],
    });
    expect(pack.body.lines.map((l) => [l.name, l.amount])).toEqual([
      ['64排CT平扫', '280.00'],
      ['肝功能全套', '85.00'],
    ]);
    expect(pack.body.certno).toBe('4301**********0487');
    const html = await (
      await fetch(`${env.serve.found.api ?? ''}/api/v1/visits/${v.body.visit_id}/self-pay-pack?format=html`, {
        headers: { Authorization: `Bearer ${HIS_TOKEN}` },
      })
    ).text();
    for (const text of ['RCPT20261205001', 'J06.900', '64排CT平扫', '365.00', '手工报销']) expect(html).toContain(text);
    expect(html).not.toContain(PATIENTS.noRegistration.certno);
    expect(html).not.toMatch(/<script/i);
  });

  it('the cashier may choose self-pay for an entitled patient; the benefit figures are untouched for the next visit', async () => {
    const v = await openVisit(env.api, PATIENTS.longTerm, 'MZ-SP-2');
    await env.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill('SP2') });
    const s = await env.api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, {
      acct_used_flag: '0',
      self_pay: true,
    });
    expect(s.body.setlinfo).toMatchObject({ fund_pay_sumamt: '0.00', psn_cash_pay: '365.00' });
    // A self-pay settlement cancels like any other: the whole cash is refunded.
    const c = await env.api.post<SettleBody & { cancel_setlinfo: Setl }>(
      `/api/v1/settlements/${s.body.settlement_id}/cancel`,
      { reason: '患者要求退费' },
    );
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.state).toBe('cancelled');
    expect(c.body.cancel_setlinfo).toMatchObject({ psn_cash_pay: '-365.00', fund_pay_sumamt: '0.00' });
    // The next ordinary visit settles exactly as in settlement-flows (deductible not consumed by the self-pay one).
    const n = await openVisit(env.api, PATIENTS.longTerm, 'MZ-SP-3');
    await env.api.post(`/api/v1/visits/${n.body.visit_id}/fees`, { lines: ctAndLiverBill('SP3') });
    const ns = await env.api.post<SettleBody>(`/api/v1/visits/${n.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(ns.body.setlinfo).toMatchObject({ hifp_pay: '71.40', psn_cash_pay: '293.60' });
    const notSelfPay = await env.api.get<{ error: { code: string } }>(
      `/api/v1/visits/${n.body.visit_id}/self-pay-pack`,
    );
    expect(notSelfPay.status).toBe(409);
    expect(notSelfPay.body.error.code).toBe('VISIT_STATE_CONFLICT');
  });

  it("at the window (bridge): a refused patient's inbox bill opens and settles as self-pay; the pack prints from the bridge", async () => {
    const ui = new URL(env.serve.found.ui ?? '');
    const token = new URLSearchParams(ui.hash.slice(1)).get('token') ?? '';
    const bridge = async <T>(
      method: string,
      arg: unknown,
    ): Promise<{ ok: boolean; value: T; error?: { code: string } }> =>
      (await (
        await fetch(`${ui.origin}/bridge/${method}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(arg),
        })
      ).json()) as never;
    const p = PATIENTS.noRegistration;
    const pushed = await env.api.post<{ inbox_id: string }>('/api/v1/inbox', {
      kind: 'outpatient',
      certno: p.certno,
      med_type: '11',
      ipt_otp_no: 'MZ-SP-W1',
      begntime: '2026-11-20 09:00:00',
      dise_codg: 'J06.900',
      dise_name: '急性上呼吸道感染',
      lines: ctAndLiverBill('SPW'),
    });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(201);
    const base = {
      inbox_id: pushed.body.inbox_id,
      insutype: p.insutype,
      mdtrt_cert_type: '02',
      mdtrt_cert_no: p.certno,
      psn_no: p.psn_no,
    };
    const refused = await bridge('openVisit', base);
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('NO_REGISTRATION');
    const opened = await bridge<{ visit_id: string }>('openVisit', { ...base, self_pay: true });
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    const settled = await bridge<{ state: string; setlinfo: Setl }>('settle', {
      visit_id: opened.value.visit_id,
      invono: 'RCPT-W1',
    });
    expect(settled.value).toMatchObject({
      state: 'settled',
      setlinfo: { fund_pay_sumamt: '0.00', psn_cash_pay: '365.00' },
    });
    const pack = await bridge<{ html: string; receipt_no: string }>('selfPayPack', { visit_id: opened.value.visit_id });
    expect(pack.value.receipt_no).toBe('RCPT-W1');
    expect(pack.value.html).toContain('急性上呼吸道感染');
  });

  it('inpatient self-pay is refused with SELF_PAY_NOT_ALLOWED and nothing is sent', async () => {
    const r = await openVisit(env.api, PATIENTS.inpatient, 'ZY-SP-1', 'inpatient', { ...DIAG, self_pay: true });
    expect(r.status).toBe(409);
    expect((r.body as unknown as { error: { code: string; detail: { field: string } } }).error).toMatchObject({
      code: 'SELF_PAY_NOT_ALLOWED',
      detail: { field: 'self_pay' },
    });
  });
});

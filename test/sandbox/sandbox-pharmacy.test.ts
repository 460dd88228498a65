/**
 * Integration: retail pharmacy transactions 2101 / 2102 / 2103 (docs/sandbox-policy.md §9) against the
 * REAL sandbox process, demo scenario (business date 2026-11-20), pharmacy P41020200105.
 * The figures are those of the same sale through 2201 + 2204 + 2207 (sandbox-flows.test.ts, 王):
 * 25.00 甲 + 9.99 乙 (pre 0.50) + 15.80 乙 (pre 0.79) = 50.79; pharmacy ratio 0.00, so no fund;
 * with the account: acct_pay 50.79, balance 642.18 → 591.39.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, codeOf, literals, PlatformClient, type CallResult } from './support/platform-client';
import { startSandboxProcess, tempDir, writeScenario, type SandboxProcess } from './support/sandbox-process';
import { ITEM, ok, WANG } from './support/flows';

let sbx: SandboxProcess;
let dir = '';
let shop: PlatformClient;
let hosp: PlatformClient;

beforeAll(async () => {
  dir = tempDir();
  sbx = await startSandboxProcess(['--scenario', writeScenario(dir), '--data', join(dir, 'data')]);
  shop = new PlatformClient(sbx.url, 'P41020200105', '410202');
  hosp = new PlatformClient(sbx.url);
  await shop.signIn();
  await hosp.signIn();
});

afterAll(async () => {
  expect(await sbx.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

const KEYS = [
  'medfee_sumamt',
  'preselfpay_amt',
  'inscp_scp_amt',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'balc',
  'clr_type',
  'med_type',
] as const;

function sale(medfee: string, acct: '0' | '1' = '1'): Record<string, unknown> {
  const line = (sn: string, code: string, pric: string, cnt: string, amt: string) => ({
    feedetl_sn: sn,
    psn_no: WANG.psn,
    fee_ocur_time: '2026-11-20 09:10:00',
    med_list_codg: code,
    medins_list_codg: `HIS-${code}`,
    det_item_fee_sumamt: amt,
    cnt,
    pric,
    bilg_dept_codg: 'D01',
    bilg_dept_name: '药房',
    rx_circ_flag: '0',
  });
  return {
    data: {
      psn_no: WANG.psn,
      mdtrt_cert_type: WANG.certType,
      mdtrt_cert_no: WANG.certNo,
      begntime: '2026-11-20 09:05:00',
      medfee_sumamt: medfee,
      psn_setlway: '01',
      insutype: WANG.insutype,
      acct_used_flag: acct,
    },
    feedetail: [
      line('1', ITEM.amoxicillin, '12.50', '2', '25.00'),
      line('2', ITEM.paracetamol, '3.33', '3', '9.99'),
      line('3', ITEM.lianhua, '15.8', '1', '15.80'),
    ],
  };
}

async function balance(): Promise<string> {
  const r = ok(
    await shop.call('1101', {
      data: { mdtrt_cert_type: '03', mdtrt_cert_no: WANG.certNo, card_sn: '220102D1560000000003ABCDEF012345' },
    }),
  );
  return String(r.output.insuinfo.find((i: { insutype: string }) => i.insutype === WANG.insutype).balc);
}

const call = (infno: string, input: unknown, c = shop): Promise<CallResult> =>
  c.call(infno, input, { insuplc: WANG.insuplc });

describe('2101 / 2102 / 2103 (docs/sandbox-policy.md §9)', () => {
  it('2101 prices the sale as 2207 would and changes nothing', async () => {
    const before = await balance();
    const r = ok(await call('2101', sale('50.79')));
    expect(literals(r.output.setlinfo, KEYS)).toEqual({
      medfee_sumamt: '50.79',
      preselfpay_amt: '1.29',
      inscp_scp_amt: '49.50',
      fund_pay_sumamt: '0.00',
      psn_part_amt: '50.79',
      acct_pay: '50.79',
      psn_cash_pay: '0.00',
      balc: '591.39',
      clr_type: '41',
      med_type: '41',
    });
    expect(r.output.setlinfo.setl_id).toBeUndefined();
    expect(await balance()).toBe(before);
  });

  it('refuses a hospital with [INSTITUTION_KIND] and a wrong total with [AMOUNT_MISMATCH]', async () => {
    expect(codeOf(await call('2101', sale('50.79'), hosp))).toBe('INSTITUTION_KIND');
    expect(codeOf(await call('2102', sale('50.79'), hosp))).toBe('INSTITUTION_KIND');
    expect(codeOf(await call('2103', { data: { setl_id: 'ST1', psn_no: WANG.psn } }, hosp))).toBe('INSTITUTION_KIND');
    expect(codeOf(await call('2102', sale('50.80')))).toBe('AMOUNT_MISMATCH');
  });

  it('2102 settles in one call (visit, settlement, result[]); 5203 and the admin list see it; 2103 cancels it', async () => {
    const r = ok(await call('2102', sale('50.79')));
    const setlId = String(r.output.setlinfo.setl_id);
    const mdtrtId = String(r.output.setlinfo.mdtrt_id);
    expect(mdtrtId).toMatch(/^MD/);
    expect(String(r.output.setlinfo.medins_setl_id)).toBe(r.msgid);
    expect(literals(r.output.setlinfo, KEYS)).toMatchObject({
      medfee_sumamt: '50.79',
      acct_pay: '50.79',
      balc: '591.39',
      clr_type: '41',
    });
    expect(
      r.output.result.map((x: Record<string, unknown>) =>
        literals(x, ['feedetl_sn', 'preselfpay_amt', 'inscp_scp_amt']),
      ),
    ).toEqual([
      { feedetl_sn: '1', preselfpay_amt: '0.00', inscp_scp_amt: '25.00' },
      { feedetl_sn: '2', preselfpay_amt: '0.50', inscp_scp_amt: '9.49' },
      { feedetl_sn: '3', preselfpay_amt: '0.79', inscp_scp_amt: '15.01' },
    ]);
    expect(await balance()).toBe('591.39');
    const q = ok(await call('5203', { data: { psn_no: WANG.psn, setl_id: setlId, mdtrt_id: '' } }));
    expect(String(q.output.setlinfo.setl_type)).toBe('settled');
    expect(String(q.output.setlinfo.msgid)).toBe(r.msgid);
    const listed = await admin(sbx.url, 'GET', `/__admin/settlements?mdtrt_id=${mdtrtId}`);
    const rows = (listed.json.settlements ?? listed.json) as Record<string, unknown>[];
    expect(rows).toEqual([expect.objectContaining({ setl_id: setlId, infno: '2102', state: 'settled' })]);
    expect(String(rows[0]?.medfee_sumamt)).toBe('50.79');

    const c = ok(await call('2103', { data: { setl_id: setlId, psn_no: WANG.psn } }));
    expect(literals(c.output.setlinfo, ['medfee_sumamt', 'acct_pay', 'balc'])).toEqual({
      medfee_sumamt: '-50.79',
      acct_pay: '-50.79',
      balc: '642.18',
    });
    expect(await balance()).toBe('642.18');
    expect(codeOf(await call('2103', { data: { setl_id: setlId, psn_no: WANG.psn } }))).toBe('ALREADY_CANCELLED');
    // 2601 of the 2103 reinstates the settlement (§5)
    ok(await call('2601', { data: { psn_no: WANG.psn, omsgid: c.msgid, oinfno: '2103' } }));
    expect(await balance()).toBe('591.39');
    ok(await call('2103', { data: { setl_id: setlId, psn_no: WANG.psn } }));
    expect(await balance()).toBe('642.18');
  });

  it('2601 of a 2102 undoes it as a cancel would; a second 2601 is [ALREADY_REVERSED]', async () => {
    const r = ok(await call('2102', sale('50.79')));
    expect(await balance()).toBe('591.39');
    ok(await call('2601', { data: { psn_no: WANG.psn, omsgid: r.msgid, oinfno: '2102' } }));
    expect(await balance()).toBe('642.18');
    const q = ok(
      await call('5203', { data: { psn_no: WANG.psn, setl_id: String(r.output.setlinfo.setl_id), mdtrt_id: '' } }),
    );
    expect(String(q.output.setlinfo.setl_type)).toBe('reversed');
    expect(codeOf(await call('2601', { data: { psn_no: WANG.psn, omsgid: r.msgid, oinfno: '2102' } }))).toBe(
      'ALREADY_REVERSED',
    );
  });
});

/**
 * Integration: the REAL sandbox process over HTTP, demo scenario with business date
 * 2026-11-20. Every amount is hand-computed from docs/sandbox-policy.md §3–§4 in the comments.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, codeOf, literals, PlatformClient, rawPost, type CallResult } from './support/platform-client';
import { startSandboxProcess, tempDir, writeScenario, type SandboxProcess } from './support/sandbox-process';
import {
  CHEN,
  feedetail,
  ITEM,
  LI,
  ok,
  openOutpatient,
  settleInput,
  SUN,
  visitInfo,
  WANG,
  WU,
  ZHANG,
  ZHAO,
  ZHOU,
  type Who,
} from './support/flows';

let sbx: SandboxProcess;
let dir = '';
let hosp: PlatformClient;

beforeAll(async () => {
  dir = tempDir();
  sbx = await startSandboxProcess(['--scenario', writeScenario(dir), '--data', join(dir, 'data')]);
  hosp = new PlatformClient(sbx.url);
  await hosp.signIn();
});

afterAll(async () => {
  expect(await sbx.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

const SETL_KEYS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'pool_prop_selfpay',
  'hifob_pay',
  'hifmi_pay',
  'maf_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'balc',
  'clr_type',
] as const;

async function balance(c: PlatformClient, w: Who): Promise<string> {
  const r = ok(
    await c.call('1101', {
      data: {
        mdtrt_cert_type: w.certType,
        mdtrt_cert_no: w.certNo,
        card_sn: w.certType === '03' ? '220102D1560000000003ABCDEF012345' : '',
        psn_cert_type: '01',
      },
    }),
  );
  return String(r.output.insuinfo.find((i: { insutype: string }) => i.insutype === w.insutype).balc);
}

async function upload(
  c: PlatformClient,
  w: Who,
  mdtrtId: string,
  batch: string,
  lines: Parameters<typeof feedetail>[3],
): Promise<CallResult> {
  return c.call('2204', { feedetail: feedetail(mdtrtId, w.psn, batch, lines) }, { insuplc: w.insuplc });
}

describe('outpatient (张建国: 310, retired, long_term, level-3 hospital)', () => {
  let mdtrtId = '';
  let setlId = '';

  it('§3 + §4 outpatient flow with exact amounts (9001 → 1101 → 2201 → 2203 → 2204 → 2206 → 2207)', async () => {
    // 1101 by ID number with a lowercase x
    const p = ok(
      await hosp.call('1101', {
        data: { mdtrt_cert_type: '02', mdtrt_cert_no: '43010219560302031x', psn_cert_type: '01' },
      }),
    );
    expect(p.output.baseinfo.psn_no).toBe(ZHANG.psn);
    expect(String(p.output.baseinfo.age)).toBe('70');
    expect(p.text).toContain('"balc":1850.40');
    expect(p.output.rgstinfo).toEqual([
      {
        rgst_type: 'long_term',
        insutype: '310',
        mdtrtarea_admdvs: '410200',
        begndate: '2025-05-10',
        enddate: null,
        dise_codg: null,
        vali_flag: '1',
      },
    ]);

    mdtrtId = await openOutpatient(hosp, ZHANG, '11');
    const up = ok(
      await upload(hosp, ZHANG, mdtrtId, 'B1', [
        { sn: '1', code: ITEM.consultChief, pric: '30', cnt: '1', amt: '30.00' }, // 乙 0.20, cap 25: over 5, pre 5, in 20
        { sn: '2', code: ITEM.ct, pric: '300', cnt: '1', amt: '300.00' }, // 乙 0.10, cap 260: over 40, pre 26, in 234
        { sn: '3', code: ITEM.amoxicillin, pric: '8.5', cnt: '3', amt: '25.50' }, // 甲: in 25.50
        { sn: '4', code: ITEM.registrationFee, pric: '5', cnt: '1', amt: '5.00' }, // 丙: own 5
      ]),
    );
    expect(
      up.output.result.map((r: Record<string, unknown>) =>
        literals(r, [
          'feedetl_sn',
          'fulamt_ownpay_amt',
          'overlmt_amt',
          'preselfpay_amt',
          'inscp_scp_amt',
          'chrgitm_lv',
          'pric_uplmt_amt',
          'selfpay_prop',
        ]),
      ),
    ).toEqual([
      {
        feedetl_sn: '1',
        fulamt_ownpay_amt: '0.00',
        overlmt_amt: '5.00',
        preselfpay_amt: '5.00',
        inscp_scp_amt: '20.00',
        chrgitm_lv: '02',
        pric_uplmt_amt: '25.000000',
        selfpay_prop: '0.2000',
      },
      {
        feedetl_sn: '2',
        fulamt_ownpay_amt: '0.00',
        overlmt_amt: '40.00',
        preselfpay_amt: '26.00',
        inscp_scp_amt: '234.00',
        chrgitm_lv: '02',
        pric_uplmt_amt: '260.000000',
        selfpay_prop: '0.1000',
      },
      {
        feedetl_sn: '3',
        fulamt_ownpay_amt: '0.00',
        overlmt_amt: '0.00',
        preselfpay_amt: '0.00',
        inscp_scp_amt: '25.50',
        chrgitm_lv: '01',
        pric_uplmt_amt: '999999',
        selfpay_prop: '0.0000',
      },
      {
        feedetl_sn: '4',
        fulamt_ownpay_amt: '5.00',
        overlmt_amt: '0.00',
        preselfpay_amt: '0.00',
        inscp_scp_amt: '0.00',
        chrgitm_lv: '03',
        pric_uplmt_amt: '999999',
        selfpay_prop: '0.0000',
      },
    ]);
    // r = 0.50 + 0.10 (retired) − 0 (long_term) = 0.60; deductible 200; basic = round2(79.50 × 0.60) = 47.70
    // psn_part = 360.50 − 47.70 = 312.80, all from the account (1850.40 → 1537.60)
    const expected = {
      medfee_sumamt: '360.50',
      fulamt_ownpay_amt: '5.00',
      overlmt_selfpay: '45.00',
      preselfpay_amt: '31.00',
      inscp_scp_amt: '279.50',
      act_pay_dedc: '200.00',
      hifp_pay: '47.70',
      pool_prop_selfpay: '0.6000',
      hifob_pay: '0.00',
      hifmi_pay: '0.00',
      maf_pay: '0.00',
      fund_pay_sumamt: '47.70',
      psn_part_amt: '312.80',
      acct_pay: '312.80',
      psn_cash_pay: '0.00',
      balc: '1537.60',
      clr_type: '11',
    };
    const pre = ok(
      await hosp.call('2206', settleInput(ZHANG, mdtrtId, 'B1', '11', '360.50', '1'), { insuplc: ZHANG.insuplc }),
    );
    expect(literals(pre.output.setlinfo, SETL_KEYS)).toEqual(expected);
    expect(pre.output.setlinfo.setl_id).toBeUndefined();
    // pre-settlement changes nothing
    expect(await balance(hosp, ZHANG)).toBe('1850.40');
    const setl = ok(
      await hosp.call('2207', settleInput(ZHANG, mdtrtId, 'B1', '11', '360.50', '1'), { insuplc: ZHANG.insuplc }),
    );
    expect(literals(setl.output.setlinfo, SETL_KEYS)).toEqual(expected);
    expect(setl.output.setlinfo.medins_setl_id).toBe(setl.msgid);
    expect(setl.output.setlinfo.clr_optins).toBe('410202');
    expect(setl.output.setlinfo.psn_name).toBe('张建国');
    expect(setl.text).toContain('"hifp_pay":47.70');
    expect(setl.text).toContain('"pool_prop_selfpay":0.6000');
    expect(
      setl.output.setldetail.map((r: Record<string, unknown>) => literals(r, ['fund_pay_type', 'fund_payamt'])),
    ).toEqual([
      { fund_pay_type: '310100', fund_payamt: '47.70' },
      { fund_pay_type: '310200', fund_payamt: '312.80' },
    ]);
    expect(setl.output.setldetail[0].fund_pay_type_name).toBe('职工基本医疗保险统筹基金');
    setlId = String(setl.output.setlinfo.setl_id);
    expect(await balance(hosp, ZHANG)).toBe('1537.60');
    // the same batch again
    expect(
      codeOf(
        await hosp.call('2207', settleInput(ZHANG, mdtrtId, 'B1', '11', '360.50', '1'), { insuplc: ZHANG.insuplc }),
      ),
    ).toBe('ALREADY_SETTLED');
  });

  it('§4 cancel (2208) negates the record and restores the balance and cumulative figures; a second cancel is refused', async () => {
    ok(
      await upload(hosp, ZHANG, mdtrtId, 'B2', [
        { sn: '5', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
      ]),
    );
    // deductible already used by B1: basic = 20 × 0.60 = 12.00
    const before = ok(
      await hosp.call('2206', settleInput(ZHANG, mdtrtId, 'B2', '11', '20.00', '0'), { insuplc: ZHANG.insuplc }),
    );
    expect(literals(before.output.setlinfo, ['act_pay_dedc', 'hifp_pay'])).toEqual({
      act_pay_dedc: '0.00',
      hifp_pay: '12.00',
    });

    const cancel = ok(
      await hosp.call(
        '2208',
        { data: { setl_id: setlId, mdtrt_id: mdtrtId, psn_no: ZHANG.psn } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect(
      literals(cancel.output.setlinfo, [
        'medfee_sumamt',
        'inscp_scp_amt',
        'act_pay_dedc',
        'hifp_pay',
        'fund_pay_sumamt',
        'psn_part_amt',
        'acct_pay',
        'psn_cash_pay',
        'pool_prop_selfpay',
        'balc',
      ]),
    ).toEqual({
      medfee_sumamt: '-360.50',
      inscp_scp_amt: '-279.50',
      act_pay_dedc: '-200.00',
      hifp_pay: '-47.70',
      fund_pay_sumamt: '-47.70',
      psn_part_amt: '-312.80',
      acct_pay: '-312.80',
      psn_cash_pay: '0.00',
      pool_prop_selfpay: '0.6000',
      balc: '1850.40',
    });
    expect(cancel.output.setlinfo.setl_id).toBe(setlId);
    expect(cancel.text).toContain('"medfee_sumamt":-360.50');
    expect(await balance(hosp, ZHANG)).toBe('1850.40');
    // cumulative deductible restored: B2 now pays the deductible itself, min(20, 200) = 20
    const after = ok(
      await hosp.call('2206', settleInput(ZHANG, mdtrtId, 'B2', '11', '20.00', '0'), { insuplc: ZHANG.insuplc }),
    );
    expect(literals(after.output.setlinfo, ['act_pay_dedc', 'hifp_pay'])).toEqual({
      act_pay_dedc: '20.00',
      hifp_pay: '0.00',
    });
    expect(
      codeOf(
        await hosp.call(
          '2208',
          { data: { setl_id: setlId, mdtrt_id: mdtrtId, psn_no: ZHANG.psn } },
          { insuplc: ZHANG.insuplc },
        ),
      ),
    ).toBe('ALREADY_CANCELLED');
    const list = await admin(sbx.url, 'GET', `/__admin/settlements?mdtrt_id=${mdtrtId}`);
    expect(
      list.json.map((s: Record<string, unknown>) => literals(s, ['setl_id', 'infno', 'state', 'medfee_sumamt'])),
    ).toEqual([{ setl_id: setlId, infno: '2207', state: 'cancelled', medfee_sumamt: '360.50' }]);
    expect(Object.keys(list.json[0]).sort()).toEqual([
      'infno',
      'mdtrt_id',
      'medfee_sumamt',
      'msgid',
      'psn_no',
      'setl_id',
      'state',
    ]);
  });

  it('§5 2601 reverses a settle and a cancel; a second reversal and unknown msgids are refused', async () => {
    const s1 = ok(
      await hosp.call('2207', settleInput(ZHANG, mdtrtId, 'B1', '11', '360.50', '1'), { insuplc: ZHANG.insuplc }),
    );
    expect(await balance(hosp, ZHANG)).toBe('1537.60');
    const rev = await hosp.call(
      '2601',
      { data: { psn_no: ZHANG.psn, omsgid: s1.msgid, oinfno: '2207' } },
      { insuplc: ZHANG.insuplc },
    );
    expect(rev.infcode).toBe(0);
    expect(await balance(hosp, ZHANG)).toBe('1850.40');
    const again = await hosp.call(
      '2601',
      { data: { psn_no: ZHANG.psn, omsgid: s1.msgid, oinfno: '2207' } },
      { insuplc: ZHANG.insuplc },
    );
    expect(codeOf(again)).toBe('ALREADY_REVERSED');

    const s2 = ok(
      await hosp.call('2207', settleInput(ZHANG, mdtrtId, 'B1', '11', '360.50', '1'), { insuplc: ZHANG.insuplc }),
    );
    const s2id = String(s2.output.setlinfo.setl_id);
    const c2 = ok(
      await hosp.call(
        '2208',
        { data: { setl_id: s2id, mdtrt_id: mdtrtId, psn_no: ZHANG.psn } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect(await balance(hosp, ZHANG)).toBe('1850.40');
    // reversing the cancel reinstates the settlement
    ok(
      await hosp.call(
        '2601',
        { data: { psn_no: ZHANG.psn, omsgid: c2.msgid, oinfno: '2208' } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect(await balance(hosp, ZHANG)).toBe('1537.60');
    const states = (await admin(sbx.url, 'GET', `/__admin/settlements?psn_no=${ZHANG.psn}`)).json.map(
      (s: Record<string, unknown>) => [s.msgid, s.state],
    );
    expect(states.slice(-2)).toEqual([
      [s1.msgid, 'reversed'],
      [s2.msgid, 'settled'],
    ]);
    // 5203 by mdtrt_id answers the live one, with setl_type and the settle's msgid
    const q = ok(
      await hosp.call('5203', { data: { psn_no: ZHANG.psn, mdtrt_id: mdtrtId } }, { insuplc: ZHANG.insuplc }),
    );
    expect(q.output.setlinfo.setl_id).toBe(s2id);
    expect(q.output.setlinfo.setl_type).toBe('settled');
    expect(q.output.setlinfo.msgid).toBe(s2.msgid);
    expect(String(q.output.setlinfo.hifp_pay)).toBe('47.70');
    const q1 = ok(
      await hosp.call(
        '5203',
        { data: { psn_no: ZHANG.psn, setl_id: String(s1.output.setlinfo.setl_id) } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect(q1.output.setlinfo.setl_type).toBe('reversed');

    const unknown = await hosp.call(
      '2601',
      { data: { psn_no: ZHANG.psn, omsgid: 'H41020200011209901010000000001', oinfno: '2207' } },
      { insuplc: ZHANG.insuplc },
    );
    expect(unknown.err_msg).toBe('[NOT_FOUND] 原交易不存在');
    // a refused original is not in effect either
    const refused = await hosp.call('2207', settleInput(ZHANG, mdtrtId, 'B1', '11', '360.50', '1'), {
      insuplc: ZHANG.insuplc,
    });
    expect(codeOf(refused)).toBe('ALREADY_SETTLED');
    expect(
      (
        await hosp.call(
          '2601',
          { data: { psn_no: ZHANG.psn, omsgid: refused.msgid, oinfno: '2207' } },
          { insuplc: ZHANG.insuplc },
        )
      ).err_msg,
    ).toBe('[NOT_FOUND] 原交易不存在');
  });
});

describe('pharmacy, chronic, assistance', () => {
  it('§4.1 + §4.7 pharmacy flow (med_type 41) paid from the personal account', async () => {
    const shop = new PlatformClient(sbx.url, 'P41020200105', '410202');
    await shop.signIn();
    const mdtrtId = await openOutpatient(shop, WANG, '41');
    const up = ok(
      await upload(shop, WANG, mdtrtId, 'S1', [
        { sn: '1', code: ITEM.amoxicillin, pric: '12.50', cnt: '2', amt: '25.00' }, // 甲: in 25.00
        { sn: '2', code: ITEM.paracetamol, pric: '3.33', cnt: '3', amt: '9.99' }, // 乙 0.05: pre round2(0.4995) = 0.50, in 9.49
        { sn: '3', code: ITEM.lianhua, pric: '15.8', cnt: '1', amt: '15.80' }, // 乙 0.05: pre 0.79, in 15.01
      ]),
    );
    expect(String(up.output.result[1].preselfpay_amt)).toBe('0.50');
    // pharmacy ratio 0.00: no fund; 50.79 all from the account (642.18 → 591.39)
    const r = ok(
      await shop.call('2207', settleInput(WANG, mdtrtId, 'S1', '41', '50.79', '1'), { insuplc: WANG.insuplc }),
    );
    expect(literals(r.output.setlinfo, SETL_KEYS)).toEqual({
      medfee_sumamt: '50.79',
      fulamt_ownpay_amt: '0.00',
      overlmt_selfpay: '0.00',
      preselfpay_amt: '1.29',
      inscp_scp_amt: '49.50',
      act_pay_dedc: '0.00',
      hifp_pay: '0.00',
      pool_prop_selfpay: '0.0000',
      hifob_pay: '0.00',
      hifmi_pay: '0.00',
      maf_pay: '0.00',
      fund_pay_sumamt: '0.00',
      psn_part_amt: '50.79',
      acct_pay: '50.79',
      psn_cash_pay: '0.00',
      balc: '591.39',
      clr_type: '41',
    });
    expect(
      r.output.setldetail.map((x: Record<string, unknown>) => literals(x, ['fund_pay_type', 'fund_payamt'])),
    ).toEqual([{ fund_pay_type: '310200', fund_payamt: '50.79' }]);
  });

  it('§2 chronic rule at 2203 (CHRONIC_NOT_COVERED) and a chronic settlement (390: no account)', async () => {
    const r = ok(
      await hosp.call(
        '2201',
        {
          data: {
            psn_no: CHEN.psn,
            insutype: '390',
            begntime: '2026-11-20 09:00:00',
            mdtrt_cert_type: '02',
            mdtrt_cert_no: CHEN.certNo,
            ipt_otp_no: 'OP-CHEN',
          },
        },
        { insuplc: CHEN.insuplc },
      ),
    );
    const mdtrtId = String(r.output.data.mdtrt_id);
    const bad = await hosp.call('2203', visitInfo(mdtrtId, CHEN.psn, '14', 'M01600'), { insuplc: CHEN.insuplc });
    expect(codeOf(bad)).toBe('CHRONIC_NOT_COVERED');
    ok(await hosp.call('2203', visitInfo(mdtrtId, CHEN.psn, '14', 'M03900'), { insuplc: CHEN.insuplc }));
    ok(
      await upload(hosp, CHEN, mdtrtId, 'C1', [
        { sn: '1', code: ITEM.irbesartan, pric: '28.60', cnt: '4', amt: '114.40' },
      ]),
    );
    // chronic: deductible 0, r 0.70 (long_term reduction 0): 114.40 × 0.70 = 80.08; 390 has no account
    const s = ok(
      await hosp.call('2207', settleInput(CHEN, mdtrtId, 'C1', '14', '114.40', '1'), { insuplc: CHEN.insuplc }),
    );
    expect(
      literals(s.output.setlinfo, [
        'hifp_pay',
        'pool_prop_selfpay',
        'fund_pay_sumamt',
        'psn_part_amt',
        'acct_pay',
        'psn_cash_pay',
        'clr_type',
      ]),
    ).toEqual({
      hifp_pay: '80.08',
      pool_prop_selfpay: '0.7000',
      fund_pay_sumamt: '80.08',
      psn_part_amt: '34.32',
      acct_pay: '0.00',
      psn_cash_pay: '34.32',
      clr_type: '11',
    });
    expect(s.output.setldetail.map((x: Record<string, unknown>) => x.fund_pay_type)).toEqual(['390100']);
  });

  it('§4.1 emergency reduction + §4.5 assistance at a level-1 institution (周丽, 390, identity 1201)', async () => {
    const clinic = new PlatformClient(sbx.url, 'H41020300027', '410203');
    await clinic.signIn();
    const mdtrtId = await openOutpatient(clinic, ZHOU, '11');
    ok(
      await upload(clinic, ZHOU, mdtrtId, 'E1', [
        { sn: '1', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
        { sn: '2', code: ITEM.generalTreatment, pric: '10', cnt: '1', amt: '10.00' },
      ]),
    );
    // r = 0.55 − 0.10 = 0.45: 30 × 0.45 = 13.50; own 16.50; maf = 16.50 × 0.70 = 11.55
    const s = ok(
      await clinic.call('2207', settleInput(ZHOU, mdtrtId, 'E1', '11', '30.00', '0'), { insuplc: ZHOU.insuplc }),
    );
    expect(
      literals(s.output.setlinfo, [
        'hifp_pay',
        'pool_prop_selfpay',
        'maf_pay',
        'fund_pay_sumamt',
        'psn_part_amt',
        'psn_cash_pay',
      ]),
    ).toEqual({
      hifp_pay: '13.50',
      pool_prop_selfpay: '0.4500',
      maf_pay: '11.55',
      fund_pay_sumamt: '25.05',
      psn_part_amt: '4.95',
      psn_cash_pay: '4.95',
    });
    expect(
      s.output.setldetail.map((x: Record<string, unknown>) => literals(x, ['fund_pay_type', 'fund_payamt'])),
    ).toEqual([
      { fund_pay_type: '390100', fund_payamt: '13.50' },
      { fund_pay_type: '610100', fund_payamt: '11.55' },
    ]);
  });
});

describe('inpatient (孙伟: 310, retired, long_term)', () => {
  it('§3 + §4 inpatient flow with a refund line, discharge required, exact amounts, cancel', async () => {
    const adm = ok(
      await hosp.call(
        '2401',
        {
          mdtrtinfo: {
            psn_no: SUN.psn,
            insutype: '310',
            begntime: '2026-11-10 08:00:00',
            mdtrt_cert_type: '02',
            mdtrt_cert_no: SUN.certNo,
            med_type: '21',
            ipt_no: 'ZY-001',
            dise_codg: 'K80.1',
            dise_name: '胆囊结石',
          },
          diseinfo: [],
        },
        { insuplc: SUN.insuplc },
      ),
    );
    const mdtrtId = String(adm.output.result.mdtrt_id);
    const lines = feedetail(mdtrtId, SUN.psn, null, [
      { sn: 'F1', code: ITEM.bed, pric: '40', cnt: '10', amt: '400.00' }, // cap 35: over 50, in 350
      { sn: 'F2', code: ITEM.cholecystectomy, pric: '2600', cnt: '1', amt: '2600.00' }, // in 2600
      { sn: 'F3', code: ITEM.lens, pric: '3500', cnt: '1', amt: '3500.00' }, // cap 3000: over 500; 乙 0.30: pre 900, in 2100
      { sn: 'F4', code: ITEM.ambroxol, pric: '45.6', cnt: '2', amt: '91.20' }, // 丙: own 91.20
      { sn: 'F5', code: ITEM.infusionSet, pric: '12.35', cnt: '3', amt: '37.05' }, // 乙 0.20: pre 7.41, in 29.64
      { sn: 'F6', code: ITEM.infusionSet, pric: '12.35', cnt: '-1', amt: '-12.35', init: 'F5' }, // refund: pre −2.47, in −9.88
    ]);
    const up = ok(await hosp.call('2301', { feedetail: lines }, { insuplc: SUN.insuplc }));
    expect(literals(up.output.result[5], ['det_item_fee_sumamt', 'cnt', 'preselfpay_amt', 'inscp_scp_amt'])).toEqual({
      det_item_fee_sumamt: '-12.35',
      cnt: '-1.0000',
      preselfpay_amt: '-2.47',
      inscp_scp_amt: '-9.88',
    });
    // refunding more than was charged is refused
    const over = await hosp.call(
      '2301',
      {
        feedetail: feedetail(mdtrtId, SUN.psn, null, [
          { sn: 'F7', code: ITEM.infusionSet, pric: '12.35', cnt: '-3', amt: '-37.05', init: 'F5' },
        ]),
      },
      { insuplc: SUN.insuplc },
    );
    expect(codeOf(over)).toBe('BAD_INPUT');

    const settle = (infno: string, mid: '0' | '1') =>
      hosp.call(
        infno,
        {
          data: {
            psn_no: SUN.psn,
            mdtrt_id: mdtrtId,
            mdtrt_cert_type: '02',
            mdtrt_cert_no: SUN.certNo,
            medfee_sumamt: '6615.90',
            psn_setlway: '01',
            insutype: '310',
            acct_used_flag: '1',
            mid_setl_flag: mid,
          },
        },
        { insuplc: SUN.insuplc },
      );
    expect((await settle('2303', '0')).err_msg).toBe('[BAD_INPUT] 尚未办理出院');
    ok(
      await hosp.call(
        '2402',
        {
          dscginfo: {
            mdtrt_id: mdtrtId,
            psn_no: SUN.psn,
            insutype: '310',
            endtime: '2026-11-19 10:00:00',
            dise_codg: 'K80.1',
            dise_name: '胆囊结石',
            dscg_way: '1',
          },
          diseinfo: [],
        },
        { insuplc: SUN.insuplc },
      ),
    );
    // r = 0.80 + 0.05 = 0.85; deductible 800; basic = round2(4269.76 × 0.85 = 3629.296) = 3629.30
    // psn_part = 6615.90 − 3629.30 = 2986.60; account 980.00 → 0.00; cash 2006.60
    const expected = {
      medfee_sumamt: '6615.90',
      fulamt_ownpay_amt: '91.20',
      overlmt_selfpay: '550.00',
      preselfpay_amt: '904.94',
      inscp_scp_amt: '5069.76',
      act_pay_dedc: '800.00',
      hifp_pay: '3629.30',
      pool_prop_selfpay: '0.8500',
      hifob_pay: '0.00',
      hifmi_pay: '0.00',
      maf_pay: '0.00',
      fund_pay_sumamt: '3629.30',
      psn_part_amt: '2986.60',
      acct_pay: '980.00',
      psn_cash_pay: '2006.60',
      balc: '0.00',
      clr_type: '21',
    };
    expect(literals(ok(await settle('2303', '0')).output.setlinfo, SETL_KEYS)).toEqual(expected);
    const s = ok(await settle('2304', '0'));
    expect(literals(s.output.setlinfo, SETL_KEYS)).toEqual(expected);
    expect(codeOf(await settle('2304', '0'))).toBe('ALREADY_SETTLED');
    const c = ok(
      await hosp.call(
        '2305',
        { data: { mdtrt_id: mdtrtId, setl_id: String(s.output.setlinfo.setl_id), psn_no: SUN.psn } },
        { insuplc: SUN.insuplc },
      ),
    );
    expect(literals(c.output.setlinfo, ['medfee_sumamt', 'hifp_pay', 'acct_pay', 'psn_cash_pay', 'balc'])).toEqual({
      medfee_sumamt: '-6615.90',
      hifp_pay: '-3629.30',
      acct_pay: '-980.00',
      psn_cash_pay: '-2006.60',
      balc: '980.00',
    });
  });

  it('§2 D-6 inpatient keeps its admission-date eligibility; an outpatient lapses (clock moved)', async () => {
    // 李秀英: referral from 2026-10-08, valid until 2027-04-07
    try {
      await admin(sbx.url, 'POST', '/__admin/clock', { business_date: '2027-04-05' });
      const adm = ok(
        await hosp.call(
          '2401',
          {
            mdtrtinfo: {
              psn_no: LI.psn,
              insutype: '390',
              begntime: '2027-04-05 08:00:00',
              mdtrt_cert_type: '01',
              mdtrt_cert_no: LI.certNo,
              med_type: '21',
              ipt_no: 'ZY-002',
              dise_codg: '',
              dise_name: '',
            },
          },
          { insuplc: LI.insuplc },
        ),
      );
      const inpatient = String(adm.output.result.mdtrt_id);
      ok(
        await hosp.call(
          '2301',
          {
            feedetail: feedetail(inpatient, LI.psn, null, [
              {
                sn: 'L1',
                code: ITEM.cholecystectomy,
                pric: '2600',
                cnt: '1',
                amt: '2600.00',
                time: '2027-04-06 10:00:00',
              },
            ]),
          },
          { insuplc: LI.insuplc },
        ),
      );
      const outpatient = await openOutpatient(hosp, LI, '11', null, '2027-04-05 09:00:00');
      ok(
        await upload(hosp, LI, outpatient, 'L1', [
          { sn: '1', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00', time: '2027-04-05 09:10:00' },
        ]),
      );

      await admin(sbx.url, 'POST', '/__admin/clock', { business_date: '2027-04-12' });
      const info = ok(await hosp.call('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: LI.certNo } }));
      expect(info.output.rgstinfo[0]).toMatchObject({ rgst_type: 'referral', enddate: '2027-04-07', vali_flag: '0' });
      ok(
        await hosp.call(
          '2402',
          { dscginfo: { mdtrt_id: inpatient, psn_no: LI.psn, insutype: '390', endtime: '2027-04-12 10:00:00' } },
          { insuplc: LI.insuplc },
        ),
      );
      // 390 inpatient level 3: r = 0.60 − 0.10 = 0.50; deductible 800; (2600 − 800) × 0.50 = 900.00
      const s = ok(
        await hosp.call(
          '2304',
          {
            data: {
              psn_no: LI.psn,
              mdtrt_id: inpatient,
              medfee_sumamt: '2600.00',
              insutype: '390',
              acct_used_flag: '0',
              mid_setl_flag: '0',
            },
          },
          { insuplc: LI.insuplc },
        ),
      );
      expect(literals(s.output.setlinfo, ['hifp_pay', 'pool_prop_selfpay', 'psn_part_amt'])).toEqual({
        hifp_pay: '900.00',
        pool_prop_selfpay: '0.5000',
        psn_part_amt: '1700.00',
      });
      const lapsed = await hosp.call('2206', settleInput(LI, outpatient, 'L1', '11', '20.00', '0'), {
        insuplc: LI.insuplc,
      });
      expect(codeOf(lapsed)).toBe('NO_REGISTRATION');
    } finally {
      await admin(sbx.url, 'POST', '/__admin/clock', { business_date: null });
    }
    expect((await admin(sbx.url, 'GET', '/__admin/clock')).json.business_date).toBe('2026-11-20');
  });
});

describe('refusals', () => {
  const register = (c: PlatformClient, w: Who, insutype = w.insutype) =>
    c.call(
      '2201',
      {
        data: {
          psn_no: w.psn,
          insutype,
          begntime: '2026-11-20 09:00:00',
          mdtrt_cert_type: w.certType,
          mdtrt_cert_no: w.certNo,
          ipt_otp_no: 'OP-X',
        },
      },
      { insuplc: w.insuplc },
    );

  it('[NO_REGISTRATION] cross-province without registration; 2001 reports it instead of failing', async () => {
    expect(codeOf(await register(hosp, ZHAO))).toBe('NO_REGISTRATION');
    const chk = ok(
      await hosp.call(
        '2001',
        {
          data: {
            psn_no: ZHAO.psn,
            insutype: '310',
            fixmedins_code: 'H41020200011',
            med_type: '11',
            begntime: '2026-11-20 09:00:00',
          },
        },
        { insuplc: ZHAO.insuplc },
      ),
    );
    expect(chk.output.trtinfo[0].trt_enjymnt_flag).toBe('0');
    expect(chk.output.trtinfo[0].trt_chk_rslt).toMatch(/^\[NO_REGISTRATION\] /);
    const good = ok(
      await hosp.call(
        '2001',
        { data: { psn_no: ZHANG.psn, insutype: '310', med_type: '21' } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect(good.output.trtinfo[0].trt_enjymnt_flag).toBe('1');
  });

  it('[SUSPENDED] and [INSURANCE_INACTIVE]', async () => {
    expect(codeOf(await register(hosp, WU))).toBe('SUSPENDED');
    expect(codeOf(await register(hosp, ZHANG, '390'))).toBe('INSURANCE_INACTIVE');
  });

  it('[NOT_FOUND] unknown person, wrong card_sn', async () => {
    expect(
      codeOf(await hosp.call('1101', { data: { mdtrt_cert_type: '02', mdtrt_cert_no: '11010519491231002X' } })),
    ).toBe('NOT_FOUND');
    const card = { mdtrt_cert_type: '03', mdtrt_cert_no: 'A00000003' };
    expect(codeOf(await hosp.call('1101', { data: { ...card, card_sn: 'WRONG' } }))).toBe('NOT_FOUND');
    expect(
      ok(await hosp.call('1101', { data: { ...card, card_sn: '220102D1560000000003ABCDEF012345' } })).output.baseinfo
        .psn_no,
    ).toBe(WANG.psn);
  });

  it('[DUPLICATE_MSGID] a msgid seen before', async () => {
    const first = ok(await hosp.call('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: LI.certNo } }));
    expect(
      codeOf(
        await hosp.call('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: LI.certNo } }, { msgid: first.msgid }),
      ),
    ).toBe('DUPLICATE_MSGID');
  });

  it('[AMOUNT_MISMATCH] a line ≠ round2(pric × cnt) fails the whole upload naming feedetl_sn; a wrong total fails the settle', async () => {
    const mdtrtId = await openOutpatient(hosp, ZHANG, '11');
    const bad = await upload(hosp, ZHANG, mdtrtId, 'M1', [
      { sn: 'OK1', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
      { sn: 'BAD7', code: ITEM.bloodRoutine, pric: '3.333', cnt: '3', amt: '9.99' }, // round2(9.999) = 10.00
    ]);
    expect(codeOf(bad)).toBe('AMOUNT_MISMATCH');
    expect(bad.err_msg).toContain('BAD7');
    // nothing was stored
    expect(
      codeOf(
        await hosp.call(
          '2205',
          { data: { mdtrt_id: mdtrtId, chrg_bchno: 'M1', psn_no: ZHANG.psn } },
          { insuplc: ZHANG.insuplc },
        ),
      ),
    ).toBe('NOT_FOUND');
    ok(
      await upload(hosp, ZHANG, mdtrtId, 'M1', [
        { sn: 'OK1', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
      ]),
    );
    expect(
      codeOf(
        await hosp.call('2207', settleInput(ZHANG, mdtrtId, 'M1', '11', '20.01', '0'), { insuplc: ZHANG.insuplc }),
      ),
    ).toBe('AMOUNT_MISMATCH');
    // a duplicate feedetl_sn in the visit
    expect(
      codeOf(
        await upload(hosp, ZHANG, mdtrtId, 'M2', [
          { sn: 'OK1', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
        ]),
      ),
    ).toBe('BAD_INPUT');
  });

  it('[BAD_INPUT] names the field; malformed JSON; unknown transaction', async () => {
    const r = await hosp.call('2201', {
      data: { insutype: '310', begntime: '2026-11-20 09:00:00', mdtrt_cert_type: '02', ipt_otp_no: 'X' },
    });
    expect(codeOf(r)).toBe('BAD_INPUT');
    expect(r.err_msg).toContain('data.psn_no');
    const bad = await rawPost(`${sbx.url}/fsi/api/rsfComIfsService/callService`, '{"infno":"1101",');
    expect(bad.text).toContain('"infcode":-1');
    expect(bad.text).toContain('[BAD_INPUT]');
    expect(codeOf(await hosp.call('9999', { data: {} }))).toBe('BAD_INPUT');
    // amounts with 3 decimals are malformed
    const mdtrtId = await openOutpatient(hosp, ZHANG, '11');
    expect(
      codeOf(await hosp.call('2206', settleInput(ZHANG, mdtrtId, 'X', '11', '1.005', '0'), { insuplc: ZHANG.insuplc })),
    ).toBe('BAD_INPUT');
  });

  it('[SIGN_NO_INVALID] missing, signed out, or invalidated by DELETE /__admin/signins; re-sign-in works', async () => {
    const c = new PlatformClient(sbx.url);
    const q = { data: { mdtrt_cert_type: '01', mdtrt_cert_no: LI.certNo } };
    expect(codeOf(await c.call('1101', q))).toBe('SIGN_NO_INVALID');
    const sign = await c.signIn();
    ok(await c.call('1101', q));
    ok(await c.call('9002', { signOut: { sign_no: sign, opter_no: 'T001' } }));
    expect(codeOf(await c.call('1101', q))).toBe('SIGN_NO_INVALID');
    await c.signIn();
    ok(await c.call('1101', q));
    expect(Number((await admin(sbx.url, 'DELETE', '/__admin/signins')).json.invalidated)).toBeGreaterThanOrEqual(1);
    expect(codeOf(await c.call('1101', q))).toBe('SIGN_NO_INVALID');
    expect(codeOf(await hosp.call('1101', q))).toBe('SIGN_NO_INVALID');
    await c.signIn();
    await hosp.signIn();
    ok(await c.call('1101', q));
  });

  it('[INSTITUTION_UNKNOWN] a fixmedins_code not in the scenario', async () => {
    expect(
      codeOf(
        await hosp.call(
          '1101',
          { data: { mdtrt_cert_type: '01', mdtrt_cert_no: LI.certNo } },
          { code: 'H99999999999' },
        ),
      ),
    ).toBe('INSTITUTION_UNKNOWN');
  });

  it('every answer carries the envelope fields (docs/protocol.md §1.2)', async () => {
    const r = ok(await hosp.call('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: LI.certNo } }));
    expect(r.json.inf_refmsgid).toMatch(/^41020220261120\d{6}\d{10}$/);
    expect(r.json.refmsg_time).toMatch(/^20261120\d{9}$/);
    expect(r.json.respond_time).toMatch(/^20261120\d{9}$/);
    expect(r.json.err_msg).toBeNull();
    expect(r.json.warn_msg).toBeNull();
    expect(r.text).toMatch(/^\{"infcode":0,/);
  });
});

describe('catalogues and e-voucher', () => {
  it('1312 / 1318 / 1319 paged over the catalogs covering the institution; admin upsert gets a fresh updt_time', async () => {
    const q = (infno: string, data: Record<string, unknown>) => hosp.call(infno, { data });
    const p1 = ok(await q('1312', { updt_time: '2000-01-01 00:00:00', page_num: 1, page_size: 10 }));
    expect(literals(p1.output, ['pageNum', 'pageSize', 'size', 'startRow', 'recordCounts', 'pages'])).toEqual({
      pageNum: '1',
      pageSize: '10',
      size: '10',
      startRow: '1',
      recordCounts: '24',
      pages: '3',
    });
    expect(p1.output.data[0]).toMatchObject({ insu_admdvs: '410200', vali_flag: '1' });
    const p3 = ok(await q('1312', { updt_time: '2000-01-01 00:00:00', page_num: '3', page_size: '10' }));
    expect(literals(p3.output, ['size', 'startRow'])).toEqual({ size: '4', startRow: '21' });
    expect(
      String(ok(await q('1318', { updt_time: '2000-01-01', page_num: 1, page_size: 100 })).output.recordCounts),
    ).toBe('6');
    const sp = ok(await q('1319', { updt_time: '2000-01-01', page_num: 1, page_size: 100 }));
    expect(String(sp.output.recordCounts)).toBe('9');
    expect(sp.text).toContain('"selfpay_prop":0.2000');

    const up = await admin(sbx.url, 'POST', '/__admin/catalog', {
      admdvs: '410203',
      items: [
        {
          med_list_codg: ITEM.amoxicillin,
          name: '阿莫西林胶囊(区)',
          med_chrgitm_type: '09',
          chrgitm_lv: '02',
          selfpay_prop: '0.10',
          pric_uplmt_amt: null,
          begndate: '2020-01-01',
          enddate: null,
        },
      ],
    });
    expect(up.status).toBe(200);
    const clinic = new PlatformClient(sbx.url, 'H41020300027', '410203');
    await clinic.signIn();
    const fresh = ok(await clinic.call('1312', { data: { updt_time: up.json.updt_time, page_num: 1, page_size: 50 } }));
    expect(fresh.output.data.map((r: Record<string, unknown>) => [r.hilist_code, r.insu_admdvs, r.chrgitm_lv])).toEqual(
      [[ITEM.amoxicillin, '410203', '02']],
    );
    // the county entry is more specific than the city one for 410203 only
    const mdtrtId = await openOutpatient(clinic, ZHANG, '11');
    const r = ok(
      await upload(clinic, ZHANG, mdtrtId, 'A1', [
        { sn: '1', code: ITEM.amoxicillin, pric: '10', cnt: '1', amt: '10.00' },
      ]),
    );
    expect(literals(r.output.result[0], ['chrgitm_lv', 'preselfpay_amt', 'inscp_scp_amt'])).toEqual({
      chrgitm_lv: '02',
      preselfpay_amt: '1.00',
      inscp_scp_amt: '9.00',
    });
    const bad = await admin(sbx.url, 'POST', '/__admin/catalog', {
      admdvs: '410203',
      items: [{ med_list_codg: 'X', name: 'x', med_chrgitm_type: '15' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('items[0].med_chrgitm_type');
  });

  it('e-voucher decode (localQrCodeQuery) returns the token that 1101 accepts', async () => {
    const body = {
      data: {
        orgId: 'H41020200011',
        businessType: '01101',
        operatorId: 'T001',
        operatorName: '收款员',
        officeId: 'K01',
        officeName: '收费处',
        deviceType: '',
        ecQrCode: LI.certNo,
      },
      transType: 'ec.query',
      orgId: 'H41020200011',
    };
    const r = await rawPost(`${sbx.url}/localcfc/api/hsecfc/localQrCodeQuery`, JSON.stringify(body));
    const json = JSON.parse(r.text) as { code: number; message: string; data: Record<string, string> };
    expect(json.code).toBe(0);
    expect(json.message).toBe('成功');
    expect(json.data).toMatchObject({
      idNo: '430104197111200228',
      userName: '李秀英',
      idType: '01',
      ecToken: LI.certNo,
      insuOrg: '430100',
      gender: '2',
      birthday: '1971-11-20',
    });
    const p = ok(await hosp.call('1101', { data: { mdtrt_cert_type: '01', mdtrt_cert_no: json.data.ecToken } }));
    expect(p.output.baseinfo.psn_no).toBe(LI.psn);
    const unknown = JSON.parse(
      (
        await rawPost(
          `${sbx.url}/localcfc/api/hsecfc/localQrCodeQuery`,
          JSON.stringify({ ...body, data: { ...body.data, ecQrCode: 'nope' } }),
        )
      ).text,
    ) as { code: number };
    expect(unknown.code).not.toBe(0);
  });
});

describe('undo transactions (2202, 2205, 2302, 2404, 2405, 2601 of 2401, mid-settlement)', () => {
  const adm = (w: Who, iptNo: string) =>
    hosp.call(
      '2401',
      {
        mdtrtinfo: {
          psn_no: w.psn,
          insutype: w.insutype,
          begntime: '2026-11-18 08:00:00',
          mdtrt_cert_type: w.certType,
          mdtrt_cert_no: w.certNo,
          med_type: '21',
          ipt_no: iptNo,
        },
      },
      { insuplc: w.insuplc },
    );
  const inpatientSettle = (mdtrtId: string, medfee: string, mid: '0' | '1') =>
    hosp.call(
      '2304',
      {
        data: {
          psn_no: ZHANG.psn,
          mdtrt_id: mdtrtId,
          medfee_sumamt: medfee,
          insutype: '310',
          acct_used_flag: '0',
          mid_setl_flag: mid,
        },
      },
      { insuplc: ZHANG.insuplc },
    );

  it('mid-settlement before discharge, 2302 deletes unsettled lines only, 2405/2404 guard the order', async () => {
    const mdtrtId = String(ok(await adm(ZHANG, 'ZY-Z1')).output.result.mdtrt_id);
    const put = (sn: string, code: string, pric: string, cnt: string, amt: string) =>
      hosp.call(
        '2301',
        { feedetail: feedetail(mdtrtId, ZHANG.psn, null, [{ sn, code, pric, cnt, amt }]) },
        { insuplc: ZHANG.insuplc },
      );
    ok(await put('N1', ITEM.cholecystectomy, '2600', '1', '2600.00'));
    // mid-settlement: r = 0.80 + 0.05; deductible 800; (2600 − 800) × 0.85 = 1530.00
    const mid = ok(await inpatientSettle(mdtrtId, '2600.00', '1'));
    expect(String(mid.output.setlinfo.hifp_pay)).toBe('1530.00');
    ok(await put('N2', ITEM.nursing, '30', '2', '60.00'));
    ok(
      await hosp.call(
        '2302',
        { data: [{ feedetl_sn: 'N2', mdtrt_id: mdtrtId, psn_no: ZHANG.psn }] },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect(
      codeOf(
        await hosp.call(
          '2302',
          { data: [{ feedetl_sn: 'N1', mdtrt_id: mdtrtId, psn_no: ZHANG.psn }] },
          { insuplc: ZHANG.insuplc },
        ),
      ),
    ).toBe('ALREADY_SETTLED');
    expect(
      codeOf(
        await hosp.call(
          '2302',
          { data: { feedetl_sn: 'N9', mdtrt_id: mdtrtId, psn_no: ZHANG.psn } },
          { insuplc: ZHANG.insuplc },
        ),
      ),
    ).toBe('NOT_FOUND');
    const dscg = {
      dscginfo: { mdtrt_id: mdtrtId, psn_no: ZHANG.psn, insutype: '310', endtime: '2026-11-20 09:00:00' },
    };
    ok(await hosp.call('2402', dscg, { insuplc: ZHANG.insuplc }));
    ok(await hosp.call('2405', { data: { mdtrt_id: mdtrtId, psn_no: ZHANG.psn } }, { insuplc: ZHANG.insuplc }));
    ok(await hosp.call('2402', dscg, { insuplc: ZHANG.insuplc }));
    // nothing left to settle, and a live settlement exists
    expect(codeOf(await inpatientSettle(mdtrtId, '0.00', '0'))).toBe('ALREADY_SETTLED');
    // N2 may be uploaded again after its deletion; the deductible is used up: 60 × 0.85 = 51.00
    ok(await put('N2', ITEM.nursing, '30', '2', '60.00'));
    const fin = ok(await inpatientSettle(mdtrtId, '60.00', '0'));
    expect([String(fin.output.setlinfo.act_pay_dedc), String(fin.output.setlinfo.hifp_pay)]).toEqual(['0.00', '51.00']);
    expect(
      codeOf(await hosp.call('2405', { data: { mdtrt_id: mdtrtId, psn_no: ZHANG.psn } }, { insuplc: ZHANG.insuplc })),
    ).toBe('ALREADY_SETTLED');
    expect(
      codeOf(await hosp.call('2404', { data: { mdtrt_id: mdtrtId, psn_no: ZHANG.psn } }, { insuplc: ZHANG.insuplc })),
    ).toBe('BAD_INPUT');
  });

  it('§5 2601 of a 2401 cancels the admission; 2404 cancels one without settlement', async () => {
    const a = ok(await adm(ZHANG, 'ZY-Z2'));
    const mdtrtId = String(a.output.result.mdtrt_id);
    ok(
      await hosp.call(
        '2601',
        { data: { psn_no: ZHANG.psn, omsgid: a.msgid, oinfno: '2401' } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    const late = await hosp.call(
      '2301',
      {
        feedetail: feedetail(mdtrtId, ZHANG.psn, null, [
          { sn: 'X1', code: ITEM.nursing, pric: '30', cnt: '1', amt: '30.00' },
        ]),
      },
      { insuplc: ZHANG.insuplc },
    );
    expect(late.err_msg).toBe('[BAD_INPUT] 该就诊已撤销');
    expect(
      codeOf(
        await hosp.call(
          '2601',
          { data: { psn_no: ZHANG.psn, omsgid: a.msgid, oinfno: '2401' } },
          { insuplc: ZHANG.insuplc },
        ),
      ),
    ).toBe('ALREADY_REVERSED');
    const b = String(ok(await adm(ZHANG, 'ZY-Z3')).output.result.mdtrt_id);
    ok(await hosp.call('2404', { data: { mdtrt_id: b, psn_no: ZHANG.psn } }, { insuplc: ZHANG.insuplc }));
    expect(
      codeOf(await hosp.call('2404', { data: { mdtrt_id: b, psn_no: ZHANG.psn } }, { insuplc: ZHANG.insuplc })),
    ).toBe('ALREADY_CANCELLED');
  });

  it('2205 "0000" deletes every unsettled line; 2202 cancels a visit only without a live settlement', async () => {
    const mdtrtId = await openOutpatient(hosp, ZHANG, '11');
    const up = (batch: string, sn: string) =>
      hosp.call(
        '2204',
        {
          feedetail: feedetail(mdtrtId, ZHANG.psn, batch, [
            { sn, code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
          ]),
        },
        { insuplc: ZHANG.insuplc },
      );
    ok(await up('H1', 'h1'));
    ok(await up('H2', 'h2'));
    ok(await hosp.call('2207', settleInput(ZHANG, mdtrtId, 'H1', '11', '20.00', '0'), { insuplc: ZHANG.insuplc }));
    ok(
      await hosp.call(
        '2205',
        { data: { mdtrt_id: mdtrtId, chrg_bchno: '0000', psn_no: ZHANG.psn } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect(
      codeOf(
        await hosp.call('2206', settleInput(ZHANG, mdtrtId, 'H2', '11', '20.00', '0'), { insuplc: ZHANG.insuplc }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await hosp.call(
          '2205',
          { data: { mdtrt_id: mdtrtId, chrg_bchno: 'H1', psn_no: ZHANG.psn } },
          { insuplc: ZHANG.insuplc },
        ),
      ),
    ).toBe('ALREADY_SETTLED');
    const cancelVisit = () =>
      hosp.call(
        '2202',
        { data: { psn_no: ZHANG.psn, mdtrt_id: mdtrtId, ipt_otp_no: 'x' } },
        { insuplc: ZHANG.insuplc },
      );
    expect(codeOf(await cancelVisit())).toBe('ALREADY_SETTLED');

    const other = await openOutpatient(hosp, ZHANG, '11');
    ok(
      await hosp.call(
        '2204',
        {
          feedetail: feedetail(other, ZHANG.psn, 'K1', [
            { sn: 'k1', code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
          ]),
        },
        { insuplc: ZHANG.insuplc },
      ),
    );
    const cancel = () =>
      hosp.call('2202', { data: { psn_no: ZHANG.psn, mdtrt_id: other, ipt_otp_no: 'x' } }, { insuplc: ZHANG.insuplc });
    ok(await cancel());
    expect(codeOf(await cancel())).toBe('ALREADY_CANCELLED');
    expect(
      codeOf(await hosp.call('2206', settleInput(ZHANG, other, 'K1', '11', '20.00', '0'), { insuplc: ZHANG.insuplc })),
    ).toBe('BAD_INPUT');
  });
});

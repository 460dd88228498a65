// Output schemas of the trades on realistic replies (docs/protocol.md §1.2a, §2): amounts as
// strings, numbers and lossless numbers; "" / null → null; exact long ids; extra keys dropped.
import { describe, expect, it } from 'vitest';
import { parse as losslessParse } from 'lossless-json';
import { ResponseEnvelopeSchema } from '../../shared/protocol/envelope';
import {
  INFNOS,
  NUMERIC_REQUEST_FIELDS,
  Output1101Schema,
  Output1312Schema,
  Output1318Schema,
  Output1319Schema,
  Output2001Schema,
  Output2201Schema,
  Output2204Schema,
  Output2207Schema,
  Output2208Schema,
  Output2401Schema,
  Output5203Schema,
  Output9001Schema,
  TRANSACTIONS,
  isInfno,
  parseOutput,
} from '../../shared/protocol/transactions';
import type { Input2204, Input2207, Input2304 } from '../../shared/protocol/transactions';

const REPLY_2207 = `{
  "infcode": "0", "inf_refmsgid": "410000202611201030000000012345", "refmsg_time": "20261120103000123",
  "respond_time": "20261120103000456", "err_msg": null, "warn_msg": "", "appname": "fsi", "output": {
    "setlinfo": {
      "mdtrt_id": "410200G0000000001", "setl_id": 4102002026112000123, "psn_no": 43000000000000000000000001,
      "psn_name": "测试患者", "psn_cert_type": "01", "certno": "11010519491231002X", "gend": 1, "naty": "01",
      "brdy": "1949-12-31 00:00:00", "age": 76.0, "insutype": 310, "psn_type": "1201", "cvlserv_flag": "0",
      "setl_time": "2026-11-20 10:30:00", "mdtrt_cert_type": "02", "med_type": "11",
      "medfee_sumamt": 1000.00, "fulamt_ownpay_amt": "100.00", "overlmt_selfpay": 20, "preselfpay_amt": 30.0,
      "inscp_scp_amt": "850", "act_pay_dedc": 0, "hifp_pay": 680.00, "pool_prop_selfpay": 0.8,
      "cvlserv_pay": 0, "hifes_pay": "", "hifmi_pay": null, "hifob_pay": 0.0, "maf_pay": 0, "oth_pay": 0,
      "fund_pay_sumamt": 680.00, "psn_part_amt": 320.00, "acct_pay": 120.00, "psn_cash_pay": 200.00,
      "balc": 1680.00, "acct_mulaid_pay": 0, "medins_setl_id": "H41020200011202611201030000001",
      "clr_optins": "410202", "clr_way": "01", "clr_type": "11", "exp_content": "{\\"x\\":1}", "unknown_key": 1
    },
    "setldetail": [
      { "fund_pay_type": "310100", "inscp_scp_amt": 850.00, "crt_payb_lmt_amt": null, "fund_payamt": 680.00,
        "fund_pay_type_name": "职工基本医疗保险统筹基金", "setl_proc_info": "" },
      { "fund_pay_type": 310200, "fund_payamt": "120.00", "extra": "x" }
    ]
  }
}`;

describe('2207 settlement reply', () => {
  it('reads amounts to fen, ratios to text, ids exactly; missing terms stay null', () => {
    const env = ResponseEnvelopeSchema.parse(losslessParse(REPLY_2207));
    const r = parseOutput('2207', env.output);
    expect(r.success).toBe(true);
    if (!r.success) return;
    const s = r.data.setlinfo;
    expect(s.setl_id).toBe('4102002026112000123');
    expect(s.psn_no).toBe('43000000000000000000000001');
    expect(s).toMatchObject({
      medfee_sumamt: 100000,
      fulamt_ownpay_amt: 10000,
      overlmt_selfpay: 2000,
      preselfpay_amt: 3000,
      inscp_scp_amt: 85000,
      act_pay_dedc: 0,
      hifp_pay: 68000,
      pool_prop_selfpay: '0.8000',
      hifes_pay: null,
      hifmi_pay: null,
      hifob_pay: 0,
      fund_pay_sumamt: 68000,
      psn_part_amt: 32000,
      acct_pay: 12000,
      psn_cash_pay: 20000,
      hosp_part_amt: null,
      balc: 168000,
      gend: '1',
      insutype: '310',
      age: '76.0',
      brdy: '1949-12-31 00:00:00',
      medins_setl_id: 'H41020200011202611201030000001',
    });
    expect('unknown_key' in s).toBe(false);
    expect(r.data.setldetail).toEqual([
      {
        fund_pay_type: '310100',
        inscp_scp_amt: 85000,
        crt_payb_lmt_amt: null,
        fund_payamt: 68000,
        fund_pay_type_name: '职工基本医疗保险统筹基金',
        setl_proc_info: null,
      },
      {
        fund_pay_type: '310200',
        inscp_scp_amt: null,
        crt_payb_lmt_amt: null,
        fund_payamt: 12000,
        fund_pay_type_name: null,
        setl_proc_info: null,
      },
    ]);
  });

  it('reads the same reply parsed by plain JSON (numbers as JS numbers) where ids are short', () => {
    const plain = JSON.parse(
      REPLY_2207.replace('4102002026112000123', '"4102002026112000123"').replace(
        '43000000000000000000000001',
        '"43000000000000000000000001"',
      ),
    ) as { output: unknown };
    const r = Output2207Schema.safeParse(plain.output);
    expect(r.success && r.data.setlinfo.medfee_sumamt).toBe(100000);
  });

  it('fails on a 3-decimal amount, a missing setl_id or a non-number amount', () => {
    const base = (losslessParse(REPLY_2207) as { output: { setlinfo: Record<string, unknown> } }).output;
    const variant = (patch: Record<string, unknown>) => ({ ...base, setlinfo: { ...base.setlinfo, ...patch } });
    const bad = Output2207Schema.safeParse(variant({ medfee_sumamt: '1000.001' }));
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.error.issues[0]?.path).toEqual(['setlinfo', 'medfee_sumamt']);
    expect(Output2207Schema.safeParse(variant({ setl_id: undefined })).success).toBe(false);
    expect(Output2207Schema.safeParse(variant({ setl_id: '' })).success).toBe(false);
    expect(Output2207Schema.safeParse(variant({ psn_cash_pay: 'abc' })).success).toBe(false);
    expect(Output2207Schema.safeParse(variant({ acct_pay: 1e12 })).success).toBe(false);
    const issues = parseOutput('2207', variant({ setl_id: null }));
    expect(!issues.success && issues.issues).toEqual([
      { path: 'setlinfo.setl_id', message: 'required value not provided' },
    ]);
  });

  it('a cancel (2208) answers negative amounts and may omit setl_id', () => {
    const out = {
      setlinfo: { mdtrt_id: 'M1', medfee_sumamt: -25.1, acct_pay: '-25.10', psn_cash_pay: 0 },
      setldetail: null,
    };
    const r = Output2208Schema.parse(out);
    expect(r.setlinfo).toMatchObject({ setl_id: null, medfee_sumamt: -2510, acct_pay: -2510, psn_cash_pay: 0 });
    expect(r.setldetail).toEqual([]);
  });

  it('5203 adds setl_type and msgid', () => {
    const out = {
      setlinfo: {
        setl_id: 'S1',
        setl_type: 'cancelled',
        msgid: 'H41020200011202611201030000001',
        medfee_sumamt: '-1.00',
        begndate: '2026-11-20',
      },
      setldetail: [],
    };
    expect(Output5203Schema.parse(out).setlinfo).toMatchObject({
      setl_id: 'S1',
      setl_type: 'cancelled',
      msgid: 'H41020200011202611201030000001',
      medfee_sumamt: -100,
      enddate: null,
    });
  });
});

describe('other outputs', () => {
  it('1101: several insurance rows, a lone identity object, the sandbox rgstinfo, a 26-digit psn_no', () => {
    const text = `{"baseinfo":{"psn_no":43010000000000000000000001,"psn_cert_type":"01","certno":"11010519491231002X",
      "psn_name":"测试患者","gend":"2","naty":"01","brdy":"1983-02-27 00:00:00","age":43.0,"exp_content":null},
      "insuinfo":[{"balc":1800.00,"insutype":"310","psn_type":"1201","psn_insu_stas":"1","psn_insu_date":"2000-01-01",
        "paus_insu_date":null,"cvlserv_flag":"0","insuplc_admdvs":"430100","emp_name":"某单位"},
        {"balc":"","insutype":390,"psn_type":"1560","psn_insu_stas":"4","paus_insu_date":"2020-01-01","insuplc_admdvs":"431199"}],
      "idetinfo":{"psn_idet_type":"2301","begntime":"2020-01-01 00:00:00","endtime":null},
      "rgstinfo":[{"rgst_type":"long_term","insutype":"310","mdtrtarea_admdvs":"410200","begndate":"2026-06-01","enddate":null,"dise_codg":null,"vali_flag":"1"}]}`;
    const r = Output1101Schema.parse(losslessParse(text));
    expect(r.baseinfo.psn_no).toBe('43010000000000000000000001');
    expect(r.insuinfo.map((i) => [i.insutype, i.insuplc_admdvs, i.balc, i.psn_insu_stas])).toEqual([
      ['310', '430100', 180000, '1'],
      ['390', '431199', null, '4'],
    ]);
    expect(r.idetinfo).toHaveLength(1);
    expect(r.rgstinfo[0]).toMatchObject({ rgst_type: 'long_term', mdtrtarea_admdvs: '410200', enddate: null });
    expect(r.cardecinfo).toBeNull();
    expect(Output1101Schema.parse({ baseinfo: { psn_no: 'P1' } })).toMatchObject({
      insuinfo: [],
      idetinfo: [],
      rgstinfo: [],
    });
    expect(Output1101Schema.safeParse({ insuinfo: [] }).success).toBe(false);
  });

  it('2204: per-line split with a 19-digit feedetl_sn, 999999 cap and chrgitm_lv "2"', () => {
    const text = `{"result":[{"feedetl_sn":1234567890123456789,"det_item_fee_sumamt":4.52,"cnt":1,"pric":4.52,
      "pric_uplmt_amt":999999,"selfpay_prop":0.05,"fulamt_ownpay_amt":0,"overlmt_amt":0.0,"preselfpay_amt":0.23,
      "inscp_scp_amt":4.29,"chrgitm_lv":"2","med_chrgitm_type":"09","lmt_used_flag":"0","memo":null,"x":1}]}`;
    const [line] = Output2204Schema.parse(losslessParse(text)).result;
    expect(line).toMatchObject({
      feedetl_sn: '1234567890123456789',
      det_item_fee_sumamt: 452,
      cnt: '1.0000',
      pric: '4.520000',
      pric_uplmt_amt: '999999.000000',
      selfpay_prop: '0.0500',
      fulamt_ownpay_amt: 0,
      overlmt_amt: 0,
      preselfpay_amt: 23,
      inscp_scp_amt: 429,
      chrgitm_lv: '02',
      med_chrgitm_type: '09',
      memo: null,
    });
  });

  it('9001, 2001, 2201, 2401', () => {
    expect(
      Output9001Schema.parse({ signinoutb: { sign_time: '2026-11-20 08:00:00', sign_no: 4102000001 } }).signinoutb
        .sign_no,
    ).toBe('4102000001');
    expect(Output9001Schema.safeParse({ signinoutb: { sign_time: '2026-11-20 08:00:00' } }).success).toBe(false);
    expect(
      Output2001Schema.parse({
        trtinfo: [{ psn_no: 'P1', trt_enjymnt_flag: 0, trt_chk_rslt: '[NO_REGISTRATION] 无有效备案' }],
      }).trtinfo[0],
    ).toMatchObject({ trt_enjymnt_flag: '0', trt_chk_rslt: '[NO_REGISTRATION] 无有效备案', fund_pay_type: null });
    expect(Output2201Schema.parse({ data: { mdtrt_id: 'M1', psn_no: 'P1', ipt_otp_no: 'MZ001' } }).data.mdtrt_id).toBe(
      'M1',
    );
    expect(Output2401Schema.parse({ result: { mdtrt_id: 'M2' } })).toEqual({ result: { mdtrt_id: 'M2' } });
    expect(Output2401Schema.parse({ data: { mdtrt_id: 'M3' }, extra: 1 })).toEqual({ result: { mdtrt_id: 'M3' } });
    expect(Output2401Schema.safeParse({}).success).toBe(false);
  });

  it('paged catalog queries 1312 / 1318 / 1319', () => {
    const page = (row: object) => ({
      pageNum: '1',
      pageSize: 2,
      size: 1,
      startRow: 0,
      recordCounts: ' 1 ',
      pages: 1,
      firstPage: 1,
      lastPage: 1,
      data: [row],
    });
    const p1312 = Output1312Schema.parse(
      page({
        hilist_code: 'XA01',
        hilist_name: '阿莫西林胶囊',
        insu_admdvs: '410200',
        begndate: '2020-01-01',
        med_chrgitm_type: '09',
        chrgitm_lv: 1,
        vali_flag: '1',
        updt_time: '2026-01-01 00:00:00',
      }),
    );
    expect(p1312).toMatchObject({
      pageNum: 1,
      recordCounts: 1,
      data: [{ hilist_code: 'XA01', chrgitm_lv: '01', enddate: null }],
    });
    expect(
      Output1318Schema.parse(page({ hilist_code: 'XA01', hilist_pric_uplmt_amt: '25' })).data[0]?.hilist_pric_uplmt_amt,
    ).toBe('25.000000');
    expect(Output1319Schema.parse(page({ hilist_code: 'XA01', selfpay_prop: '0.1' })).data[0]?.selfpay_prop).toBe(
      '0.1000',
    );
    expect(Output1312Schema.parse({}).data).toEqual([]);
  });

  it('trades without an output node accept anything', () => {
    for (const infno of ['2202', '2203', '2205', '2302', '2402', '2404', '2405', '2601', '9002'] as const) {
      expect(parseOutput(infno, null)).toEqual({ success: true, data: null });
      expect(parseOutput(infno, { anything: 1 })).toEqual({ success: true, data: null });
    }
  });
});

describe('transaction index', () => {
  it('holds the 33 trades of the adapter, each with a Chinese name', () => {
    expect([...INFNOS].sort()).toEqual([
      '1101',
      '1312',
      '1318',
      '1319',
      '2001',
      '2101',
      '2102',
      '2103',
      '2201',
      '2202',
      '2203',
      '2204',
      '2205',
      '2206',
      '2207',
      '2208',
      '2301',
      '2302',
      '2303',
      '2304',
      '2305',
      '2401',
      '2402',
      '2404',
      '2405',
      '2601',
      '3201',
      '3202',
      '5203',
      '9001',
      '9002',
      '9101',
      '9102',
    ]);
    for (const k of INFNOS) expect(TRANSACTIONS[k].name).toMatch(/[\u4e00-\u9fa5]/);
    expect(isInfno('2207')).toBe(true);
    expect(isInfno('3203')).toBe(false);
    expect(isInfno('constructor')).toBe(false);
  });

  it('numeric request fields name real decimal-string fields of the inputs', () => {
    const d2207: Input2207 = {
      data: {
        psn_no: 'P1',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: 'x',
        med_type: '11',
        medfee_sumamt: '60.00',
        psn_setlway: '01',
        mdtrt_id: 'M1',
        chrg_bchno: 'B1',
        acct_used_flag: '1',
        insutype: '310',
        fulamt_ownpay_amt: '0.00',
        overlmt_selfpay: '10.00',
        preselfpay_amt: '5.00',
        inscp_scp_amt: '45.00',
      },
    };
    const d2304: Input2304 = { data: { ...d2207.data, mid_setl_flag: '0' } };
    const d2204: Input2204 = {
      feedetail: [
        {
          feedetl_sn: '1',
          mdtrt_id: 'M1',
          psn_no: 'P1',
          chrg_bchno: 'B1',
          rx_circ_flag: '0',
          fee_ocur_time: '2026-11-20 10:00:00',
          med_list_codg: 'XA01',
          medins_list_codg: 'H-1',
          det_item_fee_sumamt: '60.00',
          cnt: '2',
          pric: '30',
          prd_days: '1.5',
          bilg_dept_codg: 'D1',
          bilg_dept_name: '内科',
          bilg_dr_codg: 'DR1',
          bilg_dr_name: '医生甲',
        },
      ],
    };
    const DECIMAL = /^-?\d+(\.\d+)?$/;
    const check = (fields: readonly string[], row: object) => {
      for (const f of fields) expect(String((row as Record<string, unknown>)[f])).toMatch(DECIMAL);
    };
    check(NUMERIC_REQUEST_FIELDS['2207'], d2207.data);
    check(NUMERIC_REQUEST_FIELDS['2304'], d2304.data);
    check(NUMERIC_REQUEST_FIELDS['2204'], d2204.feedetail[0]!);
    expect(NUMERIC_REQUEST_FIELDS['2206']).toEqual(['medfee_sumamt']);
    expect(NUMERIC_REQUEST_FIELDS['2301']).toEqual(['det_item_fee_sumamt', 'cnt', 'pric']);
    expect(NUMERIC_REQUEST_FIELDS['1101']).toEqual([]);
    expect(Object.keys(NUMERIC_REQUEST_FIELDS).sort()).toEqual([...INFNOS].sort());
  });
});

describe('retail pharmacy trades (2101 / 2102 / 2103, docs/sandbox-policy.md §9)', () => {
  const env = () =>
    ResponseEnvelopeSchema.parse(losslessParse(REPLY_2207)).output as {
      setlinfo: Record<string, unknown>;
      setldetail: unknown[];
    };
  const line = {
    feedetl_sn: '1',
    det_item_fee_sumamt: 30.4,
    cnt: 2,
    pric: 15.2,
    pric_uplmt_amt: 999999,
    selfpay_prop: 0,
    fulamt_ownpay_amt: 0,
    overlmt_amt: 0,
    preselfpay_amt: 0,
    inscp_scp_amt: 30.4,
    chrgitm_lv: '01',
    med_chrgitm_type: '09',
  };

  it("2102 reads the settlement with setl_id, its funds and each line's split; without setl_id it is unreadable", () => {
    const out = { ...env(), result: [line] };
    const r = parseOutput('2102', out);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.setlinfo.setl_id).toBe('4102002026112000123');
    expect(r.data.result[0]).toMatchObject({
      feedetl_sn: '1',
      det_item_fee_sumamt: 3040,
      inscp_scp_amt: 3040,
      chrgitm_lv: '01',
    });
    expect(parseOutput('2102', { ...out, setlinfo: { ...out.setlinfo, setl_id: null } }).success).toBe(false);
  });

  it('2101 needs no setl_id; 2103 reads negative amounts', () => {
    const o = env();
    expect(parseOutput('2101', { ...o, setlinfo: { ...o.setlinfo, setl_id: null } }).success).toBe(true);
    const c = parseOutput('2103', { ...o, setlinfo: { ...o.setlinfo, medfee_sumamt: -1000, acct_pay: '-120.00' } });
    expect(c.success && c.data.setlinfo.medfee_sumamt).toBe(-100000);
    expect(c.success && c.data.setlinfo.acct_pay).toBe(-12000);
    expect(NUMERIC_REQUEST_FIELDS['2102']).toEqual(
      expect.arrayContaining(['medfee_sumamt', 'det_item_fee_sumamt', 'cnt', 'pric']),
    );
    expect(TRANSACTIONS['2103'].name).toBe('药店结算撤销');
  });
});

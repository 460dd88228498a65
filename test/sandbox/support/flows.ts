/** Request builders for the sandbox integration tests (docs/protocol.md §2 node and field names). */
import type { CallResult, PlatformClient } from './platform-client';

/** One fee line (2204/2301), amounts as decimal strings. */
export interface LineSpec {
  readonly sn: string;
  readonly code: string;
  readonly pric: string;
  readonly cnt: string;
  readonly amt: string;
  readonly init?: string;
  readonly time?: string;
}

/** The `feedetail` rows of a 2204/2301 upload. */
export function feedetail(
  mdtrtId: string,
  psnNo: string,
  batch: string | null,
  lines: readonly LineSpec[],
): Record<string, unknown>[] {
  return lines.map((l) => ({
    feedetl_sn: l.sn,
    ...(l.init !== undefined ? { init_feedetl_sn: l.init } : {}),
    mdtrt_id: mdtrtId,
    psn_no: psnNo,
    ...(batch !== null ? { chrg_bchno: batch } : {}),
    fee_ocur_time: l.time ?? '2026-11-20 09:10:00',
    med_list_codg: l.code,
    medins_list_codg: `HIS-${l.code}`,
    det_item_fee_sumamt: l.amt,
    cnt: l.cnt,
    pric: l.pric,
    bilg_dept_codg: 'D01',
    bilg_dept_name: '内科',
    hosp_appr_flag: '1',
  }));
}

/** Asserts success and returns the result. */
export function ok(r: CallResult): CallResult {
  if (r.infcode !== 0) throw new Error(`expected success, got ${r.err_msg ?? ''}`);
  return r;
}

/** A person as the tests call them. */
export interface Who {
  readonly psn: string;
  readonly insutype: string;
  readonly insuplc: string;
  readonly certType: '01' | '02' | '03';
  readonly certNo: string;
}

/** 2201 then 2203: an open outpatient visit with its med_type; returns mdtrt_id. */
export async function openOutpatient(
  c: PlatformClient,
  w: Who,
  medType: string,
  dise: string | null = null,
  begntime = '2026-11-20 09:00:00',
): Promise<string> {
  const r = ok(
    await c.call(
      '2201',
      {
        data: {
          psn_no: w.psn,
          insutype: w.insutype,
          begntime,
          mdtrt_cert_type: w.certType,
          mdtrt_cert_no: w.certNo,
          ipt_otp_no: `OP-${Math.random().toString(36).slice(2, 10)}`,
          atddr_no: 'D001',
          dr_name: '医生',
          dept_code: 'K01',
          dept_name: '内科',
          caty: 'A03',
        },
      },
      { insuplc: w.insuplc },
    ),
  );
  const mdtrtId = String(r.output.data.mdtrt_id);
  ok(await c.call('2203', visitInfo(mdtrtId, w.psn, medType, dise, begntime), { insuplc: w.insuplc }));
  return mdtrtId;
}

/** The 2203 input. */
export function visitInfo(
  mdtrtId: string,
  psnNo: string,
  medType: string,
  dise: string | null,
  begntime = '2026-11-20 09:00:00',
): Record<string, unknown> {
  return {
    mdtrtinfo: {
      mdtrt_id: mdtrtId,
      psn_no: psnNo,
      med_type: medType,
      begntime,
      main_cond_dscr: '',
      dise_codg: dise ?? '',
      dise_name: '',
    },
    diseinfo: [
      {
        diag_type: '1',
        diag_srt_no: '1',
        diag_code: 'I10',
        diag_name: '高血压',
        diag_dept: '内科',
        dise_dor_no: 'D001',
        dise_dor_name: '医生',
        diag_time: begntime,
        vali_flag: '1',
      },
    ],
  };
}

/** The 2206/2207 input. */
export function settleInput(
  w: Who,
  mdtrtId: string,
  batch: string,
  medType: string,
  medfee: string,
  acct: '0' | '1',
): Record<string, unknown> {
  return {
    data: {
      psn_no: w.psn,
      mdtrt_cert_type: w.certType,
      mdtrt_cert_no: w.certNo,
      med_type: medType,
      medfee_sumamt: medfee,
      psn_setlway: '01',
      mdtrt_id: mdtrtId,
      chrg_bchno: batch,
      acct_used_flag: acct,
      insutype: w.insutype,
    },
  };
}

/** The demo persons used by the tests. */
export const ZHANG: Who = {
  psn: 'DEMO000102031X',
  insutype: '310',
  insuplc: '430100',
  certType: '02',
  certNo: '43010219560302031X',
};
export const LI: Who = {
  psn: 'DEMO0002200228',
  insutype: '390',
  insuplc: '430100',
  certType: '01',
  certNo: 'ecdemo-0002-0228',
};
export const WANG: Who = {
  psn: 'DEMO0003140158',
  insutype: '310',
  insuplc: '220100',
  certType: '03',
  certNo: 'A00000003',
};
export const ZHAO: Who = {
  psn: 'DEMO0004280487',
  insutype: '310',
  insuplc: '430100',
  certType: '02',
  certNo: '430103199002280487',
};
export const CHEN: Who = {
  psn: 'DEMO0006300261',
  insutype: '390',
  insuplc: '430100',
  certType: '02',
  certNo: '430105196209300261',
};
export const SUN: Who = {
  psn: 'DEMO0007010576',
  insutype: '310',
  insuplc: '430100',
  certType: '02',
  certNo: '430111195912010576',
};
export const ZHOU: Who = {
  psn: 'DEMO0008160640',
  insutype: '390',
  insuplc: '430100',
  certType: '02',
  certNo: '430121197804160640',
};
export const WU: Who = {
  psn: 'DEMO0009080713',
  insutype: '310',
  insuplc: '430100',
  certType: '02',
  certNo: '430102196908080713',
};

/** Catalog codes of the demo scenario (410200 catalog). */
export const ITEM = {
  bed: '001101000010000',
  consultChief: '001102000020000',
  ct: '002104000010000',
  bloodRoutine: '002201000020000',
  cholecystectomy: '003315000010000',
  nursing: '001201000010000',
  infusionSet: 'C14010100100001',
  lens: 'C02030100300002',
  amoxicillin: 'XJ01CRA137A001010100788',
  irbesartan: 'XC09CAL016A001010101234',
  paracetamol: 'XN02BEA011A001010100321',
  ambroxol: 'XR05CBA189A001010100002',
  lianhua: 'ZA01BAA0071010100123',
  generalTreatment: '001103000010000',
  registrationFee: '001101000030000',
} as const;

/**
 * 1101 人员信息获取 (docs/protocol.md §2.2): who the patient is, each insurance row (pick the row of
 * the chosen insutype and take its `insuplc_admdvs`), identities, and — a sandbox extension —
 * the registrations (备案) the insured place knows.
 */
import type { MdtrtCertType } from '../../dicts/mdtrt-cert-type';
import type { DateTimeText } from '../scalars';
import { codeString, dateText, idString, listOf, moneyFen, numberText, optionalNode, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 1101. */
export interface Input1101 {
  readonly data: {
    readonly mdtrt_cert_type: MdtrtCertType;
    /** ecToken, ID number or card number (50). */
    readonly mdtrt_cert_no: string;
    /** 卡识别码 (32): required for `03`, else `""`. */
    readonly card_sn: string;
    /** 开始时间: only for historical insurance; `""` otherwise. */
    readonly begntime: DateTimeText | '';
    /** 人员证件类型, `""` when not known. */
    readonly psn_cert_type: string;
    /** 证件号码, `""` when not known. */
    readonly certno: string;
    /** 人员姓名, `""` when not known. */
    readonly psn_name: string;
  };
}

/** Request fields of 1101 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_1101 = [] as const;

/** `baseinfo`: the person. */
export const BaseinfoSchema = z.object({
  /** 人员编号: opaque, never parsed. */
  psn_no: idString,
  psn_cert_type: codeString,
  certno: textString,
  psn_name: textString,
  gend: codeString,
  naty: codeString,
  /** 出生日期. */
  brdy: dateText,
  age: numberText,
  /** Extension content; JSON text or an object in some provinces. */
  exp_content: z
    .unknown()
    .optional()
    .transform((v) => (v === undefined ? null : v)),
});

/** The person of a 1101 reply. */
export type Baseinfo = z.output<typeof BaseinfoSchema>;

/** One `insuinfo` row: one insurance of the person. */
export const InsuinfoSchema = z.object({
  /** 个人账户余额, fen. */
  balc: moneyFen,
  insutype: codeString,
  /** 人员类别: regional and opaque (docs/protocol.md §3). */
  psn_type: codeString,
  /** 参保状态: `1` normal. */
  psn_insu_stas: codeString,
  psn_insu_date: dateText,
  paus_insu_date: dateText,
  /** 公务员标志. */
  cvlserv_flag: codeString,
  /** 参保地医保区划: goes into `insuplc_admdvs` of every later envelope. */
  insuplc_admdvs: codeString,
  emp_name: textString,
});

/** One insurance row of a 1101 reply. */
export type Insuinfo = z.output<typeof InsuinfoSchema>;

/** One `idetinfo` row: a special identity (e.g. for medical assistance). */
export const IdetinfoSchema = z.object({
  psn_idet_type: codeString,
  psn_type_lv: codeString,
  memo: textString,
  begntime: dateText,
  endtime: dateText,
});

/** One identity row of a 1101 reply. */
export type Idetinfo = z.output<typeof IdetinfoSchema>;

/**
 * One `rgstinfo` row — a SANDBOX EXTENSION, optional: a registration (备案) of the person.
 * `rgst_type` is a registration kind (`long_term`, `referral`, `emergency`, `other_temporary`,
 * `chronic`; shared/dicts/registration-kind); `dise_codg` only for `chronic`.
 */
export const RgstinfoSchema = z.object({
  rgst_type: codeString,
  insutype: codeString,
  /** 就医地医保区划 the registration applies to. */
  mdtrtarea_admdvs: codeString,
  begndate: dateText,
  /** Null = open (long_term, chronic) or the 6-month default (temporary kinds). */
  enddate: dateText,
  dise_codg: codeString,
  vali_flag: codeString,
});

/** One registration row (sandbox extension). */
export type Rgstinfo = z.output<typeof RgstinfoSchema>;

/** `cardecinfo` [L] (Chongqing): card / e-voucher data echoed by some provinces. */
export const CardecinfoSchema = z.object({
  certno: textString,
  ecToken: textString,
  psn_cert_type: codeString,
  psn_name: textString,
  cardno: textString,
  card_sn: textString,
});

/** Output of 1101. */
export const Output1101Schema = z.object({
  baseinfo: BaseinfoSchema,
  insuinfo: listOf(InsuinfoSchema),
  idetinfo: listOf(IdetinfoSchema),
  /** Sandbox extension; `[]` from real platforms. */
  rgstinfo: listOf(RgstinfoSchema),
  cardecinfo: optionalNode(CardecinfoSchema),
});

/** Output of 1101. */
export type Output1101 = z.output<typeof Output1101Schema>;

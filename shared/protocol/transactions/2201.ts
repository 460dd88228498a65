/** 2201 门诊挂号 (docs/protocol.md §2.3): opens the visit; answers `mdtrt_id`. */
import type { MdtrtCertType } from '../../dicts/mdtrt-cert-type';
import type { DateTimeText } from '../scalars';
import { idString, optionalIdString, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 2201. */
export interface Input2201 {
  readonly data: {
    readonly psn_no: string;
    readonly insutype: string;
    /** 挂号时间. */
    readonly begntime: DateTimeText;
    readonly mdtrt_cert_type: MdtrtCertType;
    readonly mdtrt_cert_no: string;
    /** 院内唯一门诊号 (30). */
    readonly ipt_otp_no: string;
    /** 医师编码. */
    readonly atddr_no: string;
    readonly dr_name: string;
    readonly dept_code: string;
    readonly dept_name: string;
    /** 科别 (dict). */
    readonly caty: string;
    /** Newer versions (JL): */
    readonly psn_cert_type?: string;
    readonly certno?: string;
    readonly psn_type?: string;
    readonly psn_name?: string;
    /** Full self-pay with upload (D-21): the self-pay way (`SELF_PAY_SETLWAY`); absent otherwise. */
    readonly psn_setlway?: string;
  };
}

/** Request fields of 2201 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2201 = [] as const;

/** Output of 2201: `data {mdtrt_id, psn_no, ipt_otp_no}`. */
export const Output2201Schema = z.object({
  data: z.object({
    /** 医保就诊ID (30). */
    mdtrt_id: idString,
    psn_no: optionalIdString,
    ipt_otp_no: textString,
  }),
});

/** Output of 2201. */
export type Output2201 = z.output<typeof Output2201Schema>;

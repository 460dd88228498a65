/**
 * 2001 人员待遇享受检查 (docs/protocol.md §2.2): is the person entitled for this visit. A "not
 * entitled" answer comes as `trt_enjymnt_flag` `"0"` with the reason in `trt_chk_rslt`
 * (sandbox: the bracketed refusal code, docs/sandbox-policy.md §2), not as a failure.
 */
import type { DateTimeText } from '../scalars';
import { codeString, dateText, listOf, optionalIdString, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 2001. */
export interface Input2001 {
  readonly data: {
    readonly psn_no: string;
    readonly insutype: string;
    readonly fixmedins_code: string;
    readonly med_type: string;
    readonly begntime: DateTimeText;
    readonly endtime?: DateTimeText;
    readonly dise_codg?: string;
    readonly dise_name?: string;
    readonly oprn_oprt_code?: string;
    readonly oprn_oprt_name?: string;
    readonly matn_type?: string;
    readonly birctrl_type?: string;
  };
}

/** Request fields of 2001 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2001 = [] as const;

/** One `trtinfo` row: one check. */
export const TrtinfoSchema = z.object({
  psn_no: optionalIdString,
  /** 待遇检查类型. */
  trt_chk_type: codeString,
  fund_pay_type: codeString,
  /** `1` 享受, `0` 不享受. */
  trt_enjymnt_flag: codeString,
  begndate: dateText,
  enddate: dateText,
  /** Reason when not entitled (500). */
  trt_chk_rslt: textString,
});

/** One eligibility check row. */
export type Trtinfo = z.output<typeof TrtinfoSchema>;

/** Output of 2001. */
export const Output2001Schema = z.object({
  trtinfo: listOf(TrtinfoSchema),
});

/** Output of 2001. */
export type Output2001 = z.output<typeof Output2001Schema>;

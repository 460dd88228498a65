/** 1319 医保目录先自付比例信息查询 (docs/protocol.md §2.7): self-pay shares of 乙 items (D-15 step 4). */
import type { PagedQueryInput } from './common';
import { pagedOutput } from './common';
import { codeString, dateText, idString, ratioText, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 1319: paging plus optional filters. */
export interface Input1319 {
  readonly data: PagedQueryInput & {
    readonly hilist_code?: string;
    readonly selfpay_prop_psn_type?: string;
    readonly selfpay_prop_type?: string;
    readonly insu_admdvs?: string;
    readonly begndate?: string;
    readonly enddate?: string;
    readonly vali_flag?: string;
    readonly rid?: string;
    readonly tabname?: string;
    readonly poolarea_no?: string;
  };
}

/** Request fields of 1319 sent as JSON number literals (none are decimal strings). */
export const NUMERIC_REQUEST_FIELDS_1319 = [] as const;

/** One self-pay-share row of 1319. */
export const SelfpayPropRowSchema = z.object({
  hilist_code: idString,
  /** 医保目录自付比例人员类别. */
  selfpay_prop_psn_type: codeString,
  /** 目录自付比例类别. */
  selfpay_prop_type: codeString,
  insu_admdvs: codeString,
  begndate: dateText,
  enddate: dateText,
  /** 自付比例, `"0.1000"`. */
  selfpay_prop: ratioText,
  vali_flag: codeString,
  rid: textString,
  updt_time: dateText,
  poolarea_no: codeString,
});

/** One 1319 row. */
export type SelfpayPropRow = z.output<typeof SelfpayPropRowSchema>;

/** Output of 1319. */
export const Output1319Schema = pagedOutput(SelfpayPropRowSchema);

/** Output of 1319. */
export type Output1319 = z.output<typeof Output1319Schema>;

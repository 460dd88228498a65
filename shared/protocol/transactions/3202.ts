/**
 * 3202 医药机构费用结算对明细账 (docs/protocol.md §2.6, docs/sandbox-policy.md §7): compares a detail file
 * uploaded with 9101 for one clr_type × setl_optins and date range → `fileinfo` of the result
 * file, fetched with 9102.
 */
import { dateText, idString, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 3202. */
export interface Input3202 {
  readonly data: {
    readonly setl_optins: string;
    readonly file_qury_no: string;
    readonly stmt_begndate: string;
    readonly stmt_enddate: string;
    readonly medfee_sumamt: string;
    readonly fund_pay_sumamt: string;
    readonly cash_payamt: string;
    readonly fixmedins_setl_cnt: string;
    readonly clr_type: string;
    readonly refd_setl_flag?: string;
  };
}

/** Request fields of 3202 sent as JSON number literals. */
export const NUMERIC_REQUEST_FIELDS_3202 = [
  'medfee_sumamt',
  'fund_pay_sumamt',
  'cash_payamt',
  'fixmedins_setl_cnt',
] as const;

/** Output of 3202. */
export const Output3202Schema = z.object({
  fileinfo: z.object({
    file_qury_no: idString,
    filename: textString,
    dld_endtime: dateText.optional(),
  }),
});

/** Output of 3202. */
export type Output3202 = z.output<typeof Output3202Schema>;

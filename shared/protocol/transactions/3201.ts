/**
 * 3201 医药机构费用结算对总账 (docs/protocol.md §2.6, docs/sandbox-policy.md §7): one call per insutype ×
 * clr_type × setl_optins and date range with the institution's totals → `stmtinfo`.
 * `stmt_rslt` `0` (also `"000000"` on some gateways) is balanced.
 */
import { codeString, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 3201; amounts are 2-decimal strings sent as number literals. */
export interface Input3201 {
  readonly data: {
    readonly insutype: string;
    readonly clr_type: string;
    /** 结算经办机构 (the settlement's `clr_optins`). */
    readonly setl_optins: string;
    /** `yyyy-MM-dd`. */
    readonly stmt_begndate: string;
    readonly stmt_enddate: string;
    readonly medfee_sumamt: string;
    readonly fund_pay_sumamt: string;
    readonly acct_pay: string;
    /** 结算笔数: settles minus cancels. */
    readonly fixmedins_setl_cnt: string;
    readonly refd_setl_flag?: string;
  };
}

/** Request fields of 3201 sent as JSON number literals. */
export const NUMERIC_REQUEST_FIELDS_3201 = [
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
  'fixmedins_setl_cnt',
] as const;

/** Output of 3201. */
export const Output3201Schema = z.object({
  stmtinfo: z.object({
    setl_optins: codeString,
    stmt_rslt: codeString,
    stmt_rslt_dscr: textString,
  }),
});

/** Output of 3201. */
export type Output3201 = z.output<typeof Output3201Schema>;

/** True when a `stmt_rslt` reads as balanced (`0`, `"0"` or `"000000"`, docs/protocol.md §2.6). */
export function isBalancedStmtRslt(v: string | null): boolean {
  return v === '0' || v === '000000';
}

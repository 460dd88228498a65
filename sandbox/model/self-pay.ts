/**
 * Full self-pay with upload (D-21, issue 18 item 5) in the sandbox. A settle (2206/2207) whose
 * `psn_setlway` is the self-pay way is settled without the eligibility checks and without any
 * benefit: the lines are uploaded and split as usual (docs/sandbox-policy.md §3), but every fund pays 0, the account
 * pays 0, and `psn_cash_pay = psn_part_amt = medfee_sumamt`. The person's cumulative figures and
 * balance do not change, `setldetail` is empty. A 2201 carrying the same way opens the visit
 * without the registration checks, so a patient refused direct settlement (`[NO_REGISTRATION]`)
 * can still have the fees uploaded for online manual reimbursement.
 */
import type { Fen } from '../../shared/money';
import { clrTypeOf, type BenefitLine } from './benefit-line';
import type { SetlAmountField, SettlementEffects, SettlementRecord } from './settlement-record';

/** The sandbox's self-pay settlement way (psn_setlway). A region profile may name another code. */
export const SELF_PAY_SETLWAY = '02';

/** True when a request's `psn_setlway` asks for full self-pay. */
export function isSelfPayWay(psnSetlway: string | null): boolean {
  return psnSetlway === SELF_PAY_SETLWAY;
}

/** The self-pay record of totals (fen) on a benefit line: all cash, no fund, no account. */
export function selfPayRecord(
  totals: { medfee_sumamt: Fen; fulamt_ownpay_amt: Fen; overlmt_selfpay: Fen; preselfpay_amt: Fen; inscp_scp_amt: Fen },
  ctx: { line: BenefitLine; insutype: string; med_type: string; clr_optins: string; balc: Fen },
): { record: SettlementRecord; effects: SettlementEffects } {
  const amounts: Record<SetlAmountField, Fen> = {
    ...totals,
    act_pay_dedc: 0,
    hifp_pay: 0,
    cvlserv_pay: 0,
    hifes_pay: 0,
    hifmi_pay: 0,
    hifob_pay: 0,
    maf_pay: 0,
    oth_pay: 0,
    fund_pay_sumamt: 0,
    psn_part_amt: totals.medfee_sumamt,
    acct_pay: 0,
    psn_cash_pay: totals.medfee_sumamt,
    hosp_part_amt: 0,
    acct_mulaid_pay: 0,
  };
  return {
    record: {
      line: ctx.line,
      insutype: ctx.insutype,
      med_type: ctx.med_type,
      amounts,
      pool_prop_selfpay: '0.0000',
      balc: ctx.balc,
      clr_type: clrTypeOf(ctx.line),
      clr_way: '01',
      clr_optins: ctx.clr_optins,
      details: [],
    },
    effects: { line: ctx.line, insutype: ctx.insutype, dedc: 0, fund: 0, critical_base: 0, critical_paid: 0, acct: 0 },
  };
}

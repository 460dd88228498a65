/**
 * 2207 门诊结算 (docs/protocol.md §2.3). Its output — `setlinfo` + `setldetail[]` — is the settlement
 * shape shared by 2206, 2208, 2303, 2304, 2305 and 5203, so those schemas live here.
 */
import type { MdtrtCertType } from '../../dicts/mdtrt-cert-type';
import type { AmountText, FlagText } from '../scalars';
import {
  codeString,
  dateText,
  idString,
  listOf,
  moneyFen,
  numberText,
  optionalIdString,
  ratioText,
  textString,
} from '../wire-values';
import { z } from '../zod';

/** The `data` node of 2206 门诊预结算 (docs/protocol.md §2.3). */
export interface OutpatientPresettleData {
  readonly psn_no: string;
  readonly mdtrt_cert_type: MdtrtCertType;
  /** ecToken, ID number or card number, per `mdtrt_cert_type`. */
  readonly mdtrt_cert_no: string;
  /** 卡识别码: only with `mdtrt_cert_type` `03` (a fresh credential, docs/his-api.md). */
  readonly card_sn?: string;
  readonly med_type: string;
  /** 医疗费总额: the sum of the batch's lines, 2-dp. */
  readonly medfee_sumamt: AmountText;
  /** 个人结算方式, usually `01`. */
  readonly psn_setlway: string;
  readonly mdtrt_id: string;
  /** 收费批次号 of the 2204 upload being settled. */
  readonly chrg_bchno: string;
  /** Pay from the personal account. */
  readonly acct_used_flag: FlagText;
  readonly insutype: string;
}

/** The `data` node of 2207: 2206 data + `invono` + the sums of the batch's 2204 result lines. */
export interface Input2207Data extends OutpatientPresettleData {
  /** 发票号, optional. */
  readonly invono?: string;
  /** Σ `fulamt_ownpay_amt` of the 2204 result lines. */
  readonly fulamt_ownpay_amt: AmountText;
  /** Σ `overlmt_amt` of the 2204 result lines (renamed `overlmt_selfpay` here). */
  readonly overlmt_selfpay: AmountText;
  /** Σ `preselfpay_amt`. */
  readonly preselfpay_amt: AmountText;
  /** Σ `inscp_scp_amt`. */
  readonly inscp_scp_amt: AmountText;
}

/** Input of 2207. */
export interface Input2207 {
  readonly data: Input2207Data;
}

/** Request fields of 2207 sent as JSON number literals. */
export const NUMERIC_REQUEST_FIELDS_2207 = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
] as const;

/**
 * `setlinfo`, the settlement (docs/protocol.md §2.3). Every amount is integer fen or null (not
 * provided — never read as 0); `pool_prop_selfpay` is a ratio despite its name. `setl_id` is
 * optional here (pre-settlements have none); `SettledSetlinfoSchema` requires it.
 * Regional extras seen in real replies (`hifdm_pay`, `othfund_pay`, `psn_pay`, `ownpay_hosp_part`)
 * are read when present; other unknown keys are dropped.
 */
export const SetlinfoSchema = z.object({
  mdtrt_id: optionalIdString,
  /** 结算ID. */
  setl_id: optionalIdString,
  psn_no: optionalIdString,
  psn_name: textString,
  psn_cert_type: codeString,
  certno: textString,
  gend: codeString,
  naty: codeString,
  brdy: dateText,
  age: numberText,
  insutype: codeString,
  psn_type: codeString,
  cvlserv_flag: codeString,
  setl_time: dateText,
  mdtrt_cert_type: codeString,
  med_type: codeString,
  /** 医疗费总额, fen. */
  medfee_sumamt: moneyFen,
  /** 全自费金额, fen. */
  fulamt_ownpay_amt: moneyFen,
  /** 超限价自费费用, fen. */
  overlmt_selfpay: moneyFen,
  /** 先行自付金额, fen. */
  preselfpay_amt: moneyFen,
  /** 符合政策范围金额, fen. */
  inscp_scp_amt: moneyFen,
  /** 实际支付起付线, fen. */
  act_pay_dedc: moneyFen,
  /** 基本医疗保险统筹基金支出, fen. */
  hifp_pay: moneyFen,
  /** 统筹基金支付比例, `"0.8500"`. */
  pool_prop_selfpay: ratioText,
  /** 公务员医疗补助资金支出, fen. */
  cvlserv_pay: moneyFen,
  /** 企业补充医疗保险基金支出, fen. */
  hifes_pay: moneyFen,
  /** 居民大病保险资金支出, fen. */
  hifmi_pay: moneyFen,
  /** 职工大额医疗费用补助基金支出, fen. */
  hifob_pay: moneyFen,
  /** 医疗救助基金支出, fen. */
  maf_pay: moneyFen,
  /** 其他支出, fen. */
  oth_pay: moneyFen,
  /** 基金支付总额, fen. */
  fund_pay_sumamt: moneyFen,
  /** 个人负担总金额, fen. */
  psn_part_amt: moneyFen,
  /** 个人账户支出, fen. */
  acct_pay: moneyFen,
  /** 个人现金支出, fen: what the cashier collects, as reported. */
  psn_cash_pay: moneyFen,
  /** 医院负担金额, fen. */
  hosp_part_amt: moneyFen,
  /** 余额 (personal account after this settlement), fen. */
  balc: moneyFen,
  /** 个人账户共济支付金额, fen. */
  acct_mulaid_pay: moneyFen,
  /** 医药机构结算ID = the request msgid. */
  medins_setl_id: optionalIdString,
  /** 清算经办机构. */
  clr_optins: codeString,
  /** 清算方式. */
  clr_way: codeString,
  /** 清算类别. */
  clr_type: codeString,
  /** Regional [L]: 伤残人员医疗保障基金支出, fen. */
  hifdm_pay: moneyFen,
  /** Regional [L]: 其他基金支出, fen. */
  othfund_pay: moneyFen,
  /** Regional [L]: 个人支付, fen. */
  psn_pay: moneyFen,
  /** Regional [L]: 自费中医院负担部分, fen. */
  ownpay_hosp_part: moneyFen,
});

/** A settlement as read from a reply; amounts in fen or null. */
export type Setlinfo = z.output<typeof SetlinfoSchema>;

/** `setlinfo` of a settlement that happened: `setl_id` required (docs/his-api.md: else outcome unknown). */
export const SettledSetlinfoSchema = SetlinfoSchema.extend({ setl_id: idString });

/** A settlement with its `setl_id`. */
export type SettledSetlinfo = z.output<typeof SettledSetlinfoSchema>;

/**
 * One `setldetail` line: a fund's payment. Not a decomposition of `fund_pay_sumamt`: account
 * (310200/310201), hospital-borne (999996) and commercial lines appear too, with names or amounts
 * missing (docs/protocol.md §1.2a).
 */
export const SetldetailSchema = z.object({
  fund_pay_type: codeString,
  /** 符合政策范围金额, fen. */
  inscp_scp_amt: moneyFen,
  /** 本次可支付限额金额, fen. */
  crt_payb_lmt_amt: moneyFen,
  /** 基金支付金额, fen. */
  fund_payamt: moneyFen,
  /** The platform's own name of the fund: show it when present. */
  fund_pay_type_name: textString,
  /** 结算过程信息 (may hold JSON text). */
  setl_proc_info: textString,
});

/** One fund line of a settlement. */
export type Setldetail = z.output<typeof SetldetailSchema>;

/** Output of 2207 (and 2304): a settlement with `setl_id`, and its fund lines. */
export const Output2207Schema = z.object({
  setlinfo: SettledSetlinfoSchema,
  setldetail: listOf(SetldetailSchema),
});

/** Output of 2207. */
export type Output2207 = z.output<typeof Output2207Schema>;

/**
 * The settlement shape with `setl_id` optional: the pre-settlements 2206/2303, and the cancels
 * 2208/2305, whose own `setl_id` is informational (the cancelled settlement is known by the
 * caller); a cancel reply without it is still a cancel, not an unreadable reply.
 */
export const SettlementOutputSchema = z.object({
  setlinfo: SetlinfoSchema,
  setldetail: listOf(SetldetailSchema),
});

/** A settlement-shaped output whose `setl_id` may be null. */
export type SettlementOutput = z.output<typeof SettlementOutputSchema>;

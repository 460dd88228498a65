/**
 * 2101 药店预结算 (docs/protocol.md §2.3, docs/sandbox-policy.md §9): a retail pharmacy's sale priced
 * without registering a visit. The lines travel with the call; nothing changes at the platform.
 */
import type { MdtrtCertType } from '../../dicts/mdtrt-cert-type';
import type { AmountText, DateTimeText, FlagText } from '../scalars';
import type { FeeDetail2204 } from './2204';
import type { SettlementOutput } from './2207';
import { SettlementOutputSchema } from './2207';

/** One `feedetail` line of 2101/2102: the 2204 line fields without `mdtrt_id` and `chrg_bchno`. */
export type PharmacyFeeDetail = Omit<FeeDetail2204, 'mdtrt_id' | 'chrg_bchno'>;

/** The `data` node of 2101 and 2102. */
export interface PharmacySettleData {
  readonly psn_no: string;
  readonly mdtrt_cert_type: MdtrtCertType;
  /** ecToken, ID number or card number, per `mdtrt_cert_type`. */
  readonly mdtrt_cert_no: string;
  /** 卡识别码: only with `mdtrt_cert_type` `03`. */
  readonly card_sn?: string;
  /** 开始时间 of the sale, `yyyy-MM-dd HH:mm:ss`. */
  readonly begntime: DateTimeText;
  /** 医疗费总额: the sum of the lines, 2-dp. */
  readonly medfee_sumamt: AmountText;
  /** 个人结算方式, usually `01`. */
  readonly psn_setlway: string;
  readonly insutype: string;
  /** Pay from the personal account. */
  readonly acct_used_flag: FlagText;
  /** 发票号, optional (2102). */
  readonly invono?: string;
}

/** Input of 2101. */
export interface Input2101 {
  readonly data: PharmacySettleData;
  readonly feedetail: readonly PharmacyFeeDetail[];
}

/** Request fields of 2101 sent as JSON number literals (in `data` and in every `feedetail` line). */
export const NUMERIC_REQUEST_FIELDS_2101 = ['medfee_sumamt', 'det_item_fee_sumamt', 'cnt', 'pric', 'prd_days'] as const;

/** Output of 2101: `setlinfo` (without `setl_id`) + `setldetail[]`, as 2206. */
export const Output2101Schema = SettlementOutputSchema;

/** Output of 2101. */
export type Output2101 = SettlementOutput;

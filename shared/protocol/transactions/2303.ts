/**
 * 2303 住院预结算 (docs/protocol.md §2.4): `data` = 2207 data without `med_type` and `chrg_bchno`,
 * plus `mid_setl_flag`; answers the settlement shape without `setl_id`.
 */
import type { MdtrtCertType } from '../../dicts/mdtrt-cert-type';
import type { AmountText, FlagText } from '../scalars';
import type { SettlementOutput } from './2207';
import { SettlementOutputSchema } from './2207';

/** The `data` node of 2303 and 2304. */
export interface InpatientSettleData {
  readonly psn_no: string;
  readonly mdtrt_cert_type: MdtrtCertType;
  readonly mdtrt_cert_no: string;
  /** 卡识别码: only with `mdtrt_cert_type` `03` (a fresh credential, docs/his-api.md). */
  readonly card_sn?: string;
  /** 医疗费总额: every unsettled line of the stay, 2-dp. */
  readonly medfee_sumamt: AmountText;
  readonly psn_setlway: string;
  readonly mdtrt_id: string;
  readonly insutype: string;
  readonly acct_used_flag: FlagText;
  /** 中途结算标志. */
  readonly mid_setl_flag: FlagText;
  /** 发票号, optional. */
  readonly invono?: string;
  /** Σ `fulamt_ownpay_amt` of the 2301 result lines. */
  readonly fulamt_ownpay_amt: AmountText;
  /** Σ `overlmt_amt` of the 2301 result lines. */
  readonly overlmt_selfpay: AmountText;
  /** Σ `preselfpay_amt`. */
  readonly preselfpay_amt: AmountText;
  /** Σ `inscp_scp_amt`. */
  readonly inscp_scp_amt: AmountText;
}

/** Input of 2303. */
export interface Input2303 {
  readonly data: InpatientSettleData;
}

/** Request fields of 2303 and 2304 sent as JSON number literals. */
export const NUMERIC_REQUEST_FIELDS_2303 = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
] as const;

/** Output of 2303: `setlinfo` (without `setl_id`) + `setldetail[]`. */
export const Output2303Schema = SettlementOutputSchema;

/** Output of 2303. */
export type Output2303 = SettlementOutput;

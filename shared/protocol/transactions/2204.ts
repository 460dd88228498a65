/**
 * 2204 门诊费用明细信息上传 (docs/protocol.md §2.3): fee lines up, the per-line split (D-15) back.
 * The line and result shapes are shared with 2301.
 */
import { normalizeChrgitmLv } from '../../dicts/chrgitm-lv';
import type { AmountText, DateTimeText, DecimalText, PriceText, QuantityText } from '../scalars';
import { codeString, idString, listOf, moneyFen, priceText, quantityText, ratioText, textString } from '../wire-values';
import { z } from '../zod';

/** Fields of a fee line common to 2204 and 2301. */
export interface FeeLineBase {
  /** 记账流水号, unique in the visit (30). */
  readonly feedetl_sn: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  /** 费用发生时间, `yyyy-MM-dd HH:mm:ss`. */
  readonly fee_ocur_time: DateTimeText;
  /** 医疗目录编码: the national code (50). */
  readonly med_list_codg: string;
  /** 医药机构目录编码: the hospital's code (150). */
  readonly medins_list_codg: string;
  /** 明细项目费用总额 = round2(pric × cnt), 2-dp. */
  readonly det_item_fee_sumamt: AmountText;
  /** 数量, ≤ 4 dp; negative only on refund lines. */
  readonly cnt: QuantityText;
  /** 单价, ≤ 6 dp. */
  readonly pric: PriceText;
  readonly bilg_dept_codg: string;
  readonly bilg_dept_name: string;
  readonly bilg_dr_codg: string;
  readonly bilg_dr_name: string;
  readonly acord_dept_codg?: string;
  readonly acord_dept_name?: string;
  readonly orders_dr_code?: string;
  readonly orders_dr_name?: string;
  /** 医院审批标志. */
  readonly hosp_appr_flag?: string;
  /** 中药使用方式. */
  readonly tcmdrug_used_way?: string;
  /** 外检标志. */
  readonly etip_flag?: string;
  /** 外检医院编码. */
  readonly etip_hosp_code?: string;
  /** 出院带药标志. */
  readonly dscg_tkdrug_flag?: string;
  /** 生育费用标志. */
  readonly matn_fee_flag?: string;
  /** JSON text (e.g. `{"er_flag":"1"}`). */
  readonly exp_content?: string;
}

/** One `feedetail` line of 2204. */
export interface FeeDetail2204 extends FeeLineBase {
  /** 收费批次号: one batch, one dise_codg. */
  readonly chrg_bchno: string;
  /** 病种编码. */
  readonly dise_codg?: string;
  /** 处方号. */
  readonly rxno?: string;
  /** 外购处方标志. */
  readonly rx_circ_flag: string;
  /** 单次剂量描述. */
  readonly sin_dos_dscr?: string;
  /** 使用频次描述. */
  readonly used_frqu_dscr?: string;
  /** 周期天数, ≤ 2 dp. */
  readonly prd_days?: DecimalText;
  /** 用药途径描述. */
  readonly medc_way_dscr?: string;
}

/** Input of 2204. */
export interface Input2204 {
  readonly feedetail: readonly FeeDetail2204[];
}

/** Request fields of 2204 sent as JSON number literals (in every `feedetail` line). */
export const NUMERIC_REQUEST_FIELDS_2204 = ['det_item_fee_sumamt', 'cnt', 'pric', 'prd_days'] as const;

/**
 * One `result` line: the split of a fee line (D-15). Amounts in fen or null; `chrgitm_lv`
 * normalised to `"01"`/`"02"`/`"03"`; `pric_uplmt_amt` `"999999.000000"` means no cap in samples.
 */
export const FeeSplitResultSchema = z.object({
  feedetl_sn: idString,
  /** 明细项目费用总额, fen. */
  det_item_fee_sumamt: moneyFen,
  cnt: quantityText,
  pric: priceText,
  /** 定价上限金额. */
  pric_uplmt_amt: priceText,
  /** 自付比例. */
  selfpay_prop: ratioText,
  /** 全自费金额, fen. */
  fulamt_ownpay_amt: moneyFen,
  /** 超限价金额, fen. */
  overlmt_amt: moneyFen,
  /** 先行自付金额, fen. */
  preselfpay_amt: moneyFen,
  /** 符合政策范围金额, fen. */
  inscp_scp_amt: moneyFen,
  chrgitm_lv: codeString.transform((v) => (v === null ? null : normalizeChrgitmLv(v))),
  med_chrgitm_type: codeString,
  /** 基本药物标志. */
  bas_medn_flag: codeString,
  /** 医保谈判药品标志. */
  hi_nego_drug_flag: codeString,
  /** 儿童用药标志. */
  chld_medc_flag: codeString,
  /** 目录特项标志. */
  list_sp_item_flag: codeString,
  /** 限制使用标志. */
  lmt_used_flag: codeString,
  /** 直报标志. */
  drt_reim_flag: codeString,
  /** 备注: split error text. */
  memo: textString,
});

/** The split of one fee line, as reported. */
export type FeeSplitResult = z.output<typeof FeeSplitResultSchema>;

/** Output of 2204 (and 2301): `result[]`. */
export const Output2204Schema = z.object({
  result: listOf(FeeSplitResultSchema),
});

/** Output of 2204. */
export type Output2204 = z.output<typeof Output2204Schema>;

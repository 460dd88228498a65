/**
 * 2301 住院费用明细上传 (docs/protocol.md §2.4): 2204 lines without the outpatient fields, plus the
 * refund link `init_feedetl_sn`; answers `result[]` as 2204.
 */
import type { FeeLineBase, Output2204 } from './2204';
import { Output2204Schema } from './2204';

/** One `feedetail` line of 2301. */
export interface FeeDetail2301 extends FeeLineBase {
  /** 原费用流水号: on a refund line (negative `cnt`), the line refunded. */
  readonly init_feedetl_sn?: string;
  /** 医嘱号. */
  readonly drord_no?: string;
  readonly med_type?: string;
  readonly memo?: string;
}

/** Input of 2301. */
export interface Input2301 {
  readonly feedetail: readonly FeeDetail2301[];
}

/** Request fields of 2301 sent as JSON number literals (in every `feedetail` line). */
export const NUMERIC_REQUEST_FIELDS_2301 = ['det_item_fee_sumamt', 'cnt', 'pric'] as const;

/** Output of 2301: `result[]`, the per-line split. */
export const Output2301Schema = Output2204Schema;

/** Output of 2301. */
export type Output2301 = Output2204;

/** 2206 门诊预结算 (docs/protocol.md §2.3): 2207's figures without settling; no `setl_id`. */
import type { OutpatientPresettleData, SettlementOutput } from './2207';
import { SettlementOutputSchema } from './2207';

/** Input of 2206. */
export interface Input2206 {
  readonly data: OutpatientPresettleData;
}

/** Request fields of 2206 sent as JSON number literals. */
export const NUMERIC_REQUEST_FIELDS_2206 = ['medfee_sumamt'] as const;

/** Output of 2206: `setlinfo` (without `setl_id`) + `setldetail[]`. */
export const Output2206Schema = SettlementOutputSchema;

/** Output of 2206. */
export type Output2206 = SettlementOutput;

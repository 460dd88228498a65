/** 2205 门诊费用明细信息撤销 (docs/protocol.md §2.3): no output node. */
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** Input of 2205. */
export interface Input2205 {
  readonly data: {
    readonly mdtrt_id: string;
    /** The batch to delete; `"0000"` deletes every unsettled line of the visit. */
    readonly chrg_bchno: string;
    readonly psn_no: string;
  };
}

/** `chrg_bchno` value that deletes all unsettled lines. */
export const ALL_BATCHES = '0000';

/** Request fields of 2205 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2205 = [] as const;

/** Output of 2205 (none). */
export const Output2205Schema = NoOutputSchema;

/** Output of 2205. */
export type Output2205 = NoOutput;

/** 2302 住院费用明细撤销 (docs/protocol.md §2.4): no output node. */
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** One `data` row of 2302. */
export interface FeeCancel2302 {
  /** The line to delete; `"0000"` deletes every unsettled line of the stay. */
  readonly feedetl_sn: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly exp_content?: string;
}

/** Input of 2302: `data` is a list. */
export interface Input2302 {
  readonly data: readonly FeeCancel2302[];
}

/** `feedetl_sn` value that deletes all unsettled lines. */
export const ALL_FEE_LINES = '0000';

/** Request fields of 2302 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2302 = [] as const;

/** Output of 2302 (none). */
export const Output2302Schema = NoOutputSchema;

/** Output of 2302. */
export type Output2302 = NoOutput;

/** 2404 入院办理撤销 (docs/protocol.md §2.4): no output node. */
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** Input of 2404 (and 2405). */
export interface Input2404 {
  readonly data: {
    readonly mdtrt_id: string;
    readonly psn_no: string;
  };
}

/** Request fields of 2404 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2404 = [] as const;

/** Output of 2404 (none). */
export const Output2404Schema = NoOutputSchema;

/** Output of 2404. */
export type Output2404 = NoOutput;

/** 2202 门诊挂号撤销 (docs/protocol.md §2.3): no output node. */
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** Input of 2202. */
export interface Input2202 {
  readonly data: {
    readonly psn_no: string;
    readonly mdtrt_id: string;
    readonly ipt_otp_no: string;
  };
}

/** Request fields of 2202 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2202 = [] as const;

/** Output of 2202 (none). */
export const Output2202Schema = NoOutputSchema;

/** Output of 2202. */
export type Output2202 = NoOutput;

/** 9002 签退 (docs/protocol.md §2.1). Its output is not relied upon. */
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** Input of 9002. */
export interface Input9002 {
  readonly signOut: {
    readonly sign_no: string;
    readonly opter_no: string;
  };
}

/** Request fields of 9002 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_9002 = [] as const;

/** Output of 9002 (ignored). */
export const Output9002Schema = NoOutputSchema;

/** Output of 9002. */
export type Output9002 = NoOutput;

/** 2304 住院结算 (docs/protocol.md §2.4): as 2303, and answers a settlement with `setl_id`. */
import type { InpatientSettleData } from './2303';
import { NUMERIC_REQUEST_FIELDS_2303 } from './2303';
import type { Output2207 } from './2207';
import { Output2207Schema } from './2207';

/** Input of 2304. */
export interface Input2304 {
  readonly data: InpatientSettleData;
}

/** Request fields of 2304 sent as JSON number literals. */
export const NUMERIC_REQUEST_FIELDS_2304 = NUMERIC_REQUEST_FIELDS_2303;

/** Output of 2304: the 2207 shape, `setl_id` required. */
export const Output2304Schema = Output2207Schema;

/** Output of 2304. */
export type Output2304 = Output2207;

/** 2405 出院办理撤销 (docs/protocol.md §2.4): no output node. */
import type { Input2404 } from './2404';
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** Input of 2405: `data {mdtrt_id, psn_no}`, as 2404. */
export type Input2405 = Input2404;

/** Request fields of 2405 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2405 = [] as const;

/** Output of 2405 (none). */
export const Output2405Schema = NoOutputSchema;

/** Output of 2405. */
export type Output2405 = NoOutput;

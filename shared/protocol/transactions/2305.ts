/** 2305 住院结算撤销 (docs/protocol.md §2.4): answers the settlement with negative amounts. */
import type { SettlementOutput } from './2207';
import { SettlementOutputSchema } from './2207';

/** Input of 2305. */
export interface Input2305 {
  readonly data: {
    readonly mdtrt_id: string;
    readonly setl_id: string;
    readonly psn_no: string;
    readonly exp_content?: string;
  };
}

/** Request fields of 2305 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2305 = [] as const;

/** Output of 2305: the settlement shape with negative amounts; `setl_id` not required. */
export const Output2305Schema = SettlementOutputSchema;

/** Output of 2305. */
export type Output2305 = SettlementOutput;

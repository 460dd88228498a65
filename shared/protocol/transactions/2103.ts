/**
 * 2103 药店结算撤销 (docs/protocol.md §2.3, docs/sandbox-policy.md §9): cancels a 2102 settlement as 2208
 * cancels a 2207 one (amounts negated in the answer). The platform's visit needs no separate undo.
 */
import type { SettlementOutput } from './2207';
import { SettlementOutputSchema } from './2207';

/** Input of 2103. */
export interface Input2103 {
  readonly data: {
    readonly setl_id: string;
    readonly psn_no: string;
  };
}

/** Request fields of 2103 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2103 = [] as const;

/** Output of 2103: the settlement shape with negative amounts; `setl_id` not required. */
export const Output2103Schema = SettlementOutputSchema;

/** Output of 2103. */
export type Output2103 = SettlementOutput;

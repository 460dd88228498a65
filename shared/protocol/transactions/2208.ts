/**
 * 2208 门诊结算撤销 (docs/protocol.md §2.3): answers the settlement with every amount negated
 * (real sample: medfee_sumamt −25.1). NT's model spells `pdn_cash_pay`; `psn_cash_pay` is read.
 */
import type { SettlementOutput } from './2207';
import { SettlementOutputSchema } from './2207';

/** Input of 2208. */
export interface Input2208 {
  readonly data: {
    readonly setl_id: string;
    readonly mdtrt_id: string;
    readonly psn_no: string;
    readonly exp_content?: string;
  };
}

/** Request fields of 2208 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2208 = [] as const;

/** Output of 2208: the settlement shape with negative amounts; `setl_id` not required. */
export const Output2208Schema = SettlementOutputSchema;

/** Output of 2208. */
export type Output2208 = SettlementOutput;

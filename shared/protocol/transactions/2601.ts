/**
 * 2601 冲正交易 (docs/protocol.md §2.5, docs/reliability.md §2): reverses an earlier 2102, 2103, 2207, 2208,
 * 2304, 2305 or 2401 named by its msgid. No business output node.
 */
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** Trades the sandbox reverses (docs/sandbox-policy.md §5). */
export const REVERSIBLE_INFNOS = ['2102', '2103', '2207', '2208', '2304', '2305', '2401'] as const;

/** A trade that 2601 can reverse. */
export type ReversibleInfno = (typeof REVERSIBLE_INFNOS)[number];

/** Input of 2601. */
export interface Input2601 {
  readonly data: {
    readonly psn_no: string;
    /** 原发送方报文ID: the msgid of the call to reverse. */
    readonly omsgid: string;
    /** 原交易编号. */
    readonly oinfno: ReversibleInfno;
  };
}

/** Request fields of 2601 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_2601 = [] as const;

/** Output of 2601 (none). */
export const Output2601Schema = NoOutputSchema;

/** Output of 2601. */
export type Output2601 = NoOutput;

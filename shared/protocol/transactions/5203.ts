/**
 * 5203 结算信息查询 (docs/protocol.md §2.6, docs/sandbox-policy.md §5): resolves unknown outcomes. Answers
 * the 2207 shape plus `setl_type` (sandbox: `settled`, `cancelled`, `reversed`; real platforms
 * other codes), `msgid` (of the settle that made it), `begndate`, `enddate`.
 */
import { SetldetailSchema, SettledSetlinfoSchema } from './2207';
import { codeString, dateText, listOf, optionalIdString } from '../wire-values';
import { z } from '../zod';

/** Input of 5203: by `setl_id`, or by `psn_no` + `mdtrt_id` (send `""` for the unused ones). */
export interface Input5203 {
  readonly data: {
    readonly psn_no: string;
    readonly setl_id: string;
    readonly mdtrt_id: string;
  };
}

/** Request fields of 5203 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_5203 = [] as const;

/** `setlinfo` of 5203: a settlement plus its query-only fields. */
export const Setlinfo5203Schema = SettledSetlinfoSchema.extend({
  /** 结算类别. */
  setl_type: codeString,
  /** msgid of the settle that made this settlement. */
  msgid: optionalIdString,
  begndate: dateText,
  enddate: dateText,
});

/** Output of 5203: `setl_id` required (the query names a settlement). */
export const Output5203Schema = z.object({
  setlinfo: Setlinfo5203Schema,
  setldetail: listOf(SetldetailSchema),
});

/** Output of 5203. */
export type Output5203 = z.output<typeof Output5203Schema>;

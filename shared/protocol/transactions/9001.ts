/** 9001 签到 (docs/protocol.md §2.1): the `sign_no` goes into every later envelope. */
import { dateText, idString } from '../wire-values';
import { z } from '../zod';

/** Input of 9001. */
export interface Input9001 {
  readonly signIn: {
    /** 操作员编号 (20). */
    readonly opter_no: string;
    /** 签到MAC地址 (20), may be `""`. */
    readonly mac: string;
    /** 签到IP地址 (20). */
    readonly ip: string;
  };
}

/** Request fields of 9001 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_9001 = [] as const;

/** Output of 9001: `signinoutb {sign_time, sign_no}`. */
export const Output9001Schema = z.object({
  signinoutb: z.object({
    /** `yyyy-MM-dd HH:mm:ss`. */
    sign_time: dateText,
    /** 签到编号 (30). */
    sign_no: idString,
  }),
});

/** Output of 9001. */
export type Output9001 = z.output<typeof Output9001Schema>;

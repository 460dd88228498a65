/**
 * The message envelope of the national interface (docs/protocol.md §1.1, §1.2, §1.2a): the request
 * header that wraps every trade's `input`, and a lenient reader of the response envelope.
 */
import { numericText } from '../money';
import type { DateTimeText, OpterType } from './scalars';
import { isNotProvided, nullableReader, textString } from './wire-values';
import { z } from './zod';

/**
 * The request envelope (docs/protocol.md §1.1): header fields are siblings of `input`. Optional
 * header fields are sent as `""` when unused. Regional extras (`enc_type`, `pay_loc` …) are
 * added by the gateway profile of `main/upstream`.
 */
export interface RequestEnvelope<I> {
  /** Trade code, e.g. `"2207"`. */
  readonly infno: string;
  /** `fixmedins_code` (12) + `yyyyMMddHHmmss` (14) + 4-digit sequence; see `shared/msgid`. */
  readonly msgid: string;
  /** 就医地医保区划: the institution's region; note the spelling `admvs`. */
  readonly mdtrtarea_admvs: string;
  /** 参保地医保区划 from 1101 `insuinfo[].insuplc_admdvs`; `""` when not yet known. */
  readonly insuplc_admdvs: string;
  /** 接收方系统代码: `YBXT` ordinary (region profiles may choose others). */
  readonly recer_sys_code: string;
  /** 设备编号, `""` when none. */
  readonly dev_no: string;
  /** 设备安全信息, `""` when none. */
  readonly dev_safe_info: string;
  /** 数字签名信息 / password check data (§1.3), `""` when none. */
  readonly cainfo: string;
  /** 签名类型 (`SM2`, `SM3`, or `""`). */
  readonly signtype: string;
  /** 接口版本号 announced by the local bureau, e.g. `"V1.0"`. */
  readonly infver: string;
  /** 经办人类别. */
  readonly opter_type: OpterType;
  /** Operator or terminal id. */
  readonly opter: string;
  /** Operator or terminal name. */
  readonly opter_name: string;
  /** Send time, `yyyy-MM-dd HH:mm:ss`, China time. */
  readonly inf_time: DateTimeText;
  /** 定点医药机构编号, letter + 11 digits. */
  readonly fixmedins_code: string;
  /** 定点医药机构名称. */
  readonly fixmedins_name: string;
  /** 签到编号 from 9001; `""` for 9001 itself. */
  readonly sign_no: string;
  /** The trade's input nodes (`data`, `feedetail`, `mdtrtinfo` …). */
  readonly input: I;
}

/** Names of the header fields of a request envelope, in the order they are usually sent. */
export const REQUEST_HEADER_FIELDS = [
  'infno',
  'msgid',
  'mdtrtarea_admvs',
  'insuplc_admdvs',
  'recer_sys_code',
  'dev_no',
  'dev_safe_info',
  'cainfo',
  'signtype',
  'infver',
  'opter_type',
  'opter',
  'opter_name',
  'inf_time',
  'fixmedins_code',
  'fixmedins_name',
  'sign_no',
] as const satisfies readonly (keyof RequestEnvelope<unknown>)[];

const headerText = z.preprocess(
  (v) => (v === undefined || v === null ? '' : typeof v === 'number' ? String(v) : v),
  z.string(),
);

/**
 * A lenient reader of a request envelope, for the receiving side (the sandbox): header fields
 * default to `""`, numbers become text, unknown keys are dropped, `input` is left to the trade's
 * own check.
 */
export const RequestEnvelopeSchema = z.object({
  infno: headerText,
  msgid: headerText,
  mdtrtarea_admvs: headerText,
  insuplc_admdvs: headerText,
  recer_sys_code: headerText,
  dev_no: headerText,
  dev_safe_info: headerText,
  cainfo: headerText,
  signtype: headerText,
  infver: headerText,
  opter_type: headerText,
  opter: headerText,
  opter_name: headerText,
  inf_time: headerText,
  fixmedins_code: headerText,
  fixmedins_name: headerText,
  sign_no: headerText,
  input: z
    .unknown()
    .optional()
    .transform((v) => (v === undefined ? null : v)),
});

/** A request envelope as read by `RequestEnvelopeSchema`. */
export type ParsedRequestEnvelope = z.output<typeof RequestEnvelopeSchema>;

const NUMERIC_INFCODE = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * `infcode`: a number, a numeric string or a lossless number; read as a JS number. A missing,
 * empty or non-numeric `infcode` fails the schema (docs/reliability.md §1: outcome UNKNOWN), so the
 * trap `Number("") === 0` never reads as success.
 */
const infcode = nullableReader((value): number => {
  const text = numericText(value);
  if (text === null || !NUMERIC_INFCODE.test(text)) throw new Error('infcode is not a number');
  const n = Number(text);
  return n === 0 ? 0 : n;
}).transform((value, ctx): number => {
  if (value === null) {
    ctx.addIssue({ code: 'custom', message: 'infcode missing' });
    return z.NEVER;
  }
  return value;
});

/**
 * `output`: an object, `{}`, `null` (success of a cancel) or a string (encrypted, SM4 provinces,
 * docs/protocol.md §1.3). Absent reads as `null`. Anything else fails the schema.
 */
const output = z
  .unknown()
  .optional()
  .transform((value, ctx): Readonly<Record<string, unknown>> | string | null => {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && !Array.isArray(value) && numericText(value) === null) {
      return value as Readonly<Record<string, unknown>>;
    }
    ctx.addIssue({ code: 'custom', message: 'output is neither an object, null nor a string' });
    return z.NEVER;
  });

/**
 * The response envelope, read leniently (docs/protocol.md §1.2a): `infcode` number or string;
 * `err_msg`, `warn_msg`, `inf_refmsgid` and the stamps may be `null`, `""` or absent (→ null);
 * unknown keys (`type`, `appname`, `mid`, `message` …) are ignored. `output` is left raw for the
 * trade's own schema.
 */
export const ResponseEnvelopeSchema = z.object({
  infcode,
  /** The platform's own message id; never required to equal the request msgid. */
  inf_refmsgid: textString,
  /** Request received, `yyyyMMddHHmmssSSS`. */
  refmsg_time: textString,
  /** Response produced, `yyyyMMddHHmmssSSS`. */
  respond_time: textString,
  err_msg: textString,
  warn_msg: textString,
  cainfo: textString,
  signtype: textString,
  enctype: textString,
  output,
});

/** A response envelope as read by `ResponseEnvelopeSchema`. */
export type ResponseEnvelope = z.output<typeof ResponseEnvelopeSchema>;

/** Success is `Number(infcode) === 0` and nothing else (docs/protocol.md §1.2a). */
export function isSuccessResponse(env: Pick<ResponseEnvelope, 'infcode'>): boolean {
  return env.infcode === 0;
}

const SUCCESS_WORDS = new Set(['success', 'succeed', 'ok', '成功', '交易成功', '处理成功']);

/**
 * The text to show as a warning on a successful reply: a non-empty `warn_msg`, or an `err_msg`
 * that is not a plain "success" word (docs/protocol.md §1.2a: never read as failure). Null when none.
 */
export function successWarning(env: Pick<ResponseEnvelope, 'err_msg' | 'warn_msg'>): string | null {
  const parts: string[] = [];
  if (env.warn_msg !== null && !isNotProvided(env.warn_msg)) parts.push(env.warn_msg.trim());
  if (env.err_msg !== null && !isNotProvided(env.err_msg) && !SUCCESS_WORDS.has(env.err_msg.trim().toLowerCase())) {
    parts.push(env.err_msg.trim());
  }
  return parts.length > 0 ? parts.join('；') : null;
}

/** A response envelope as the platform (or the sandbox) writes it. */
export interface ResponseEnvelopeOut<O> {
  /** `0` success, `-1` failure. */
  readonly infcode: number;
  readonly inf_refmsgid: string;
  readonly refmsg_time: string;
  readonly respond_time: string;
  readonly err_msg: string | null;
  readonly warn_msg?: string | null;
  readonly output: O | null;
}

/**
 * The ONE function that gives every call exactly one outcome (docs/reliability.md §1, R4). Pure: the
 * caller describes what happened (a local error, a transport error, or a reply text) and gets the
 * outcome, a machine reason and what was read from the reply. Anything ambiguous is UNKNOWN,
 * never "failed": an UNKNOWN money call is resolved by reversal or query, a wrong DEFINITE_FAIL
 * could leave a settlement at the platform that the hospital never collects.
 */
import { parse as parseLossless } from 'lossless-json';
import { ResponseEnvelopeSchema } from '../../shared/protocol/envelope';
import { isGatewayRefusalCode } from '../../shared/protocol/gateway-refusals';
import { isNotProvided } from '../../shared/protocol/wire-values';
import type { CallOutcome } from './ports';

/** Node / axios error codes that prove no connection was made, so no byte left (NOT_SENT). */
export const NO_CONNECTION_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * axios codes raised while building the request, before any socket exists (NOT_SENT).
 * `ERR_INVALID_URL` bad URL, `ERR_BAD_OPTION(_VALUE)` bad config, `ERR_NOT_SUPPORT` unsupported protocol.
 */
export const LOCAL_AXIOS_CODES: ReadonlySet<string> = new Set([
  'ERR_INVALID_URL',
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_NOT_SUPPORT',
]);

/**
 * `err_msg` texts that say the platform itself timed out or lost a connection behind the gateway:
 * such a refusal is not proof of "no effect", so it is UNKNOWN (docs/reliability.md §1; docs/protocol.md §1.2:
 * `-1` may be a system error that requires reversal). Broad on purpose: a false UNKNOWN costs a
 * reversal that finds nothing, a false DEFINITE_FAIL can lose money.
 */
export const TIMEOUT_LIKE_ERR_MSG =
  /超时|time[ds]?[\s_-]?out|连接.{0,16}(失败|异常|中断|断开|超时|拒绝|关闭)|网络.{0,8}(异常|错误|故障|中断|不通|繁忙|超时)|通[讯信].{0,8}(异常|失败|错误|中断|超时)|数据库.{0,16}(异常|错误|失败)|系统(异常|错误|繁忙|忙)|内部(错误|异常)|服务.{0,8}(不可用|繁忙|异常|无响应)|无响应|未响应|响应异常|socket|ECONN|EPIPE|gateway|unavailable|connection.{0,12}(reset|refused|closed|aborted|lost|failed)|broken pipe/i;

/** Why an outcome was chosen; stable strings for logs and tests. */
export type OutcomeReason =
  | 'local-error' // failed before sending (validation, signing, host refused, journal failed, aborted)
  | 'no-connection' // ECONNREFUSED / ENOTFOUND / EAI_AGAIN
  | 'transport-error' // reset, timeout, abort, cut body … after connecting
  | 'http-status' // non-200 status not marked definite by the profile
  | 'definite-http-status' // non-200 status the profile marks "refused, not processed"
  | 'gateway-refused' // the gateway refused before the platform saw the call (`[GATEWAY_*]`)
  | 'not-json' // 200 but the body is not JSON
  | 'envelope-invalid' // JSON, but not an envelope object
  | 'infcode-missing' // no usable infcode
  | 'infcode-invalid' // infcode present but neither 0 nor negative
  | 'timeout-like-refusal' // infcode < 0 with a timeout-like err_msg
  | 'refused' // infcode < 0: the platform refused
  | 'output-invalid' // infcode 0 but the output fails the transaction's schema
  | 'success';

/** Checks a successful reply's `output`; returns null when valid, else a short description. */
export type OutputCheck = (output: unknown) => string | null;

/** What happened to a call, as the classifier needs it (R4 feeds ≥ 20 of these). */
export type ClassifyInput =
  /** Failed before any byte was sent; `code` is a local tag or an axios build-time code. */
  | { readonly kind: 'local'; readonly code: string; readonly message?: string }
  /** The HTTP exchange failed (Node/axios error); `httpStatus` set when headers had arrived. */
  | { readonly kind: 'transport'; readonly code?: string; readonly httpStatus?: number; readonly message?: string }
  /** A complete reply arrived. */
  | {
      readonly kind: 'reply';
      readonly httpStatus: number;
      readonly text: string;
      /** Statuses the gateway profile marks definite (endpoint.ts `GatewayProfile.definiteStatuses`). */
      readonly definiteStatuses?: ReadonlySet<number>;
      /** The transaction's output schema, applied on infcode 0. */
      readonly outputCheck?: OutputCheck;
    };

/** The classifier's verdict. `errMsg` is RAW (not yet redacted): redact before logging. */
export interface Classification {
  readonly outcome: CallOutcome;
  readonly reason: OutcomeReason;
  /** Bracket code of err_msg (`NO_REGISTRATION`) or the local / transport code. */
  readonly errCode?: string;
  /** Raw err_msg of the reply, when it had a non-empty one. */
  readonly errMsg?: string;
  /** On SUCCESS: the reply's `output` node as parsed by lossless-json (numbers are LosslessNumber). */
  readonly output?: unknown;
  /** Why the reply was not readable (parse error, schema detail), for logs. */
  readonly detail?: string;
}

const BRACKET_CODE = /^\s*[[【]\s*([A-Za-z][A-Za-z0-9_]*)\s*[\]】]/;

/** The bracket code at the start of an err_msg (`[NO_REGISTRATION] …` → `NO_REGISTRATION`), else undefined. */
export function bracketCodeOf(errMsg: string | undefined | null): string | undefined {
  const m = BRACKET_CODE.exec(errMsg ?? '');
  return m?.[1] ?? undefined;
}

/** The classification of one call. Total: every input gets exactly one outcome. */
export function classifyOutcome(input: ClassifyInput): Classification {
  switch (input.kind) {
    case 'local':
      return { outcome: 'NOT_SENT', reason: 'local-error', errCode: input.code };
    case 'transport':
      return classifyTransport(input.code, input.httpStatus);
    case 'reply':
      return classifyReply(input.httpStatus, input.text, input.definiteStatuses, input.outputCheck);
    default:
      return assertNeverInput(input);
  }
}

function assertNeverInput(x: never): never {
  throw new Error(`unexpected classify input: ${JSON.stringify(x)}`);
}

function classifyTransport(code: string | undefined, httpStatus: number | undefined): Classification {
  const c = code ?? 'UNKNOWN_ERROR';
  // Headers already arrived: the request was certainly sent, whatever the code says.
  if (httpStatus === undefined && NO_CONNECTION_CODES.has(c))
    return { outcome: 'NOT_SENT', reason: 'no-connection', errCode: c };
  if (httpStatus === undefined && LOCAL_AXIOS_CODES.has(c))
    return { outcome: 'NOT_SENT', reason: 'local-error', errCode: c };
  // ECONNRESET, EPIPE, ETIMEDOUT, ECONNABORTED, ERR_CANCELED, ERR_BAD_RESPONSE, and anything unlisted.
  return { outcome: 'UNKNOWN', reason: 'transport-error', errCode: c };
}

/** The classification of a non-200 reply that is a named gateway refusal, else undefined. */
function gatewayRefusalOf(text: string): Classification | undefined {
  let parsed: unknown;
  try {
    parsed = parseLossless(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const raw = parsed as Readonly<Record<string, unknown>>;
  const errMsg = typeof raw['err_msg'] === 'string' ? raw['err_msg'] : undefined;
  const errCode = bracketCodeOf(errMsg);
  const infcode = Number(String(raw['infcode'] ?? ''));
  if (!isGatewayRefusalCode(errCode) || !(infcode < 0) || errMsg === undefined) return undefined;
  return { outcome: 'DEFINITE_FAIL', reason: 'gateway-refused', errCode, errMsg };
}

function classifyReply(
  status: number,
  text: string,
  definiteStatuses: ReadonlySet<number> | undefined,
  outputCheck: OutputCheck | undefined,
): Classification {
  if (status !== 200) {
    // A gateway refusal (docs/protocol.md §1.3): a 4xx whose body is the envelope with a `[GATEWAY_*]`
    // err_msg. The platform never saw the call, so it is definite, never UNKNOWN.
    const refusal = status < 500 ? gatewayRefusalOf(text) : undefined;
    if (refusal !== undefined) return refusal;
    if (status >= 500 || !(definiteStatuses?.has(status) ?? false))
      return { outcome: 'UNKNOWN', reason: 'http-status', errCode: `HTTP_${status}` };
    return { outcome: 'DEFINITE_FAIL', reason: 'definite-http-status', errCode: `HTTP_${status}` };
  }
  let parsed: unknown;
  try {
    parsed = parseLossless(text);
  } catch (e) {
    return { outcome: 'UNKNOWN', reason: 'not-json', detail: e instanceof Error ? e.message : 'parse error' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { outcome: 'UNKNOWN', reason: 'envelope-invalid', detail: 'reply is not a JSON object' };
  }
  // Lenient envelope (docs/protocol.md §1.2a): unknown keys ignored, "" / null read as not provided.
  const raw = parsed as Readonly<Record<string, unknown>>;
  if (isNotProvided(raw['infcode'])) {
    const m = typeof raw['err_msg'] === 'string' && raw['err_msg'].trim() !== '' ? { errMsg: raw['err_msg'] } : {};
    return { outcome: 'UNKNOWN', reason: 'infcode-missing', ...m };
  }
  const env = ResponseEnvelopeSchema.safeParse(parsed);
  if (!env.success) {
    const onInfcode = env.error.issues.some((i) => i.path[0] === 'infcode');
    return {
      outcome: 'UNKNOWN',
      reason: onInfcode ? 'infcode-invalid' : 'envelope-invalid',
      detail: env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  }
  const errMsg = env.data.err_msg !== null && env.data.err_msg.trim() !== '' ? env.data.err_msg : undefined;
  const withMsg = errMsg === undefined ? {} : { errMsg };
  const code = env.data.infcode;
  if (code < 0) {
    const errCode = bracketCodeOf(errMsg);
    const withCode = errCode === undefined ? {} : { errCode };
    // Checked before the timeout-like texts (which include "gateway"): a named gateway refusal is definite.
    if (isGatewayRefusalCode(errCode))
      return { outcome: 'DEFINITE_FAIL', reason: 'gateway-refused', ...withMsg, ...withCode };
    if (errMsg !== undefined && TIMEOUT_LIKE_ERR_MSG.test(errMsg)) {
      return { outcome: 'UNKNOWN', reason: 'timeout-like-refusal', ...withMsg, ...withCode };
    }
    return { outcome: 'DEFINITE_FAIL', reason: 'refused', ...withMsg, ...withCode };
  }
  if (code > 0) return { outcome: 'UNKNOWN', reason: 'infcode-invalid', ...withMsg };
  // infcode 0: success, provided the output is what the transaction promises (docs/his-api.md:
  // "when a reply cannot be read as a settlement, the outcome is unknown").
  const output = env.data.output;
  const problem = outputCheck?.(output) ?? null;
  if (problem !== null) return { outcome: 'UNKNOWN', reason: 'output-invalid', detail: problem, ...withMsg };
  return { outcome: 'SUCCESS', reason: 'success', output, ...withMsg };
}

/**
 * The upstream port: what main/services and main/queue see of the insurance-platform client
 * (docs/architecture.md §1 "Ports"). The concrete client (`http-client.ts`) is built only in main/app.
 *
 * Contract in one paragraph: `call()` sends ONE national-interface transaction and returns exactly
 * one {@link CallOutcome} (docs/reliability.md §1). It never throws for anything that happens on the
 * wire; it rejects only when the caller's own journal hook `afterOutcome` throws. It never retries,
 * with one exception: a call refused with `[SIGN_NO_INVALID]` had no effect, so the client signs in
 * again and repeats it once with a new msgid; both attempts pass through the journal hooks.
 */

import type { CallOutcome } from '../domain/call-outcome';

/** The one outcome of a call, defined in main/domain (the state machine consumes it); re-exported for the port's users. */
export { CALL_OUTCOMES, type CallOutcome } from '../domain/call-outcome';

/** An operator on whose behalf calls are made; sign-in (9001) is per operator (docs/protocol.md §2.1). */
export interface OperatorRef {
  /** Header `opter` and 9001 `signIn.opter_no`. */
  readonly opter: string;
  /** Header `opter_name`; defaults to the configured name. */
  readonly opter_name?: string;
  /** Header `opter_type` (`1`, `2`, `3`); defaults to the configured type. */
  readonly opter_type?: string;
}

/** A call fully built and about to be sent; `body` is byte-for-byte what goes on the wire. */
export interface PreparedCall {
  /** Transaction code, e.g. `2207`. */
  readonly infno: string;
  /** The 30-char message id of this attempt (unique for life, docs/reliability.md §2). */
  readonly msgid: string;
  /** The full request envelope (header fields + `input`), as plain data. Decimal fields are strings. */
  readonly envelope: Readonly<Record<string, unknown>>;
  /** The exact JSON text that is sent (UTF-8); numeric fields appear as JSON number literals. */
  readonly body: string;
}

/** What happened to one attempt. */
export interface CallResult {
  readonly outcome: CallOutcome;
  readonly infno: string;
  /**
   * The msgid of this attempt; `""` when the call ended NOT_SENT before a msgid was allocated
   * (bad infno, aborted, msgid allocation or sign-in failed).
   */
  readonly msgid: string;
  /** The prepared call (`body` is `""` when it could not be built). */
  readonly prepared: PreparedCall;
  /**
   * On SUCCESS, the reply's `output` node as parsed by lossless-json: every JSON number is a
   * `LosslessNumber` (exact literal, read it with `.toString()` or shared/protocol wire helpers),
   * strings stay strings; may be `null` or `{}` (cancels). `undefined` for other outcomes.
   */
  readonly output: unknown;
  /**
   * The platform's non-empty `err_msg`, redacted (shared/redact). Also set on SUCCESS, where it may
   * be `"success"`/`"成功"` or a warning to show (docs/protocol.md §1.2a; see `successWarning`).
   */
  readonly errMsg?: string;
  /**
   * Bracket code of `err_msg` (`NO_REGISTRATION`); `HTTP_<status>` for a non-200 reply; the
   * transport code for wire failures; or a local code for NOT_SENT before sending:
   * `BAD_REQUEST_INPUT`, `ABORTED`, `MSGID_FAILED`, `SIGN_IN_FAILED`, `HOST_NOT_ALLOWED`,
   * `SIGNING_FAILED`, `JOURNAL_FAILED`, `TRANSACTION_NOT_SUPPORTED`; a gateway refusal's code
   * (`GATEWAY_SIGNATURE` …) when the gateway refused the call, its token request or its sign-in.
   */
  readonly errCode?: string;
  /** HTTP status of the reply, when one arrived. */
  readonly httpStatus?: number;
  /** Node/axios error code when the exchange failed (`ECONNRESET`, `ERR_CANCELED` …). */
  readonly transportError?: string;
  /** The reply body as text, redacted; for diagnostics only. */
  readonly responseText?: string;
  /** Short machine tag of why this outcome was chosen (see classify-outcome.ts `OutcomeReason`). */
  readonly reason: string;
  /** When the attempt started / ended, epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * The caller's journal hook (docs/reliability.md §2). `beforeSend` MUST have committed the attempt
 * (msgid, body) durably when its promise resolves: the client sends nothing before that. If it
 * throws, nothing is sent and the call ends NOT_SENT (errCode `JOURNAL_FAILED`) without calling
 * `afterOutcome`. `afterOutcome` is called exactly once for every attempt whose `beforeSend`
 * resolved, whatever the outcome; if it throws, `call()` rejects with that error (the row stays
 * SENDING and startup recovery makes it UNKNOWN).
 */
export interface CallJournal {
  beforeSend(p: PreparedCall, ctx: CallContext): Promise<void>;
  afterOutcome(r: CallResult, ctx: CallContext): Promise<void>;
}

/** Allocates msgids: `fixmedins_code` (12) + `yyyyMMddHHmmss` China time (14) + persisted sequence (4). */
export interface MsgidAllocator {
  /** A fresh, never-used msgid for a message sent at `nowMs` (epoch ms). */
  next(nowMs: number): Promise<string>;
}

/** Per-call context given by the service or queue handler. */
export interface CallContext {
  /** Journal hook of this call; use a no-op journal for queries that need no record. */
  readonly journal: CallJournal;
  /** 参保地医保区划 (from 1101), required whenever `input` carries `psn_no` (docs/protocol.md §1.1). */
  readonly insuplc_admdvs?: string;
  /** Aborts the call: before sending → NOT_SENT, after → UNKNOWN. */
  readonly signal?: AbortSignal;
  /** Deadline D of each HTTP exchange of this call, ms; defaults to the configured `timeout_ms`. */
  readonly deadlineMs?: number;
  /** Caller's key for the logical attempt (e.g. journal row id); passed through to the hooks untouched. */
  readonly attemptKey?: string;
  /** Operator of this call; defaults to the configured operator. Sign-in is cached per operator. */
  readonly operator?: OperatorRef;
}

/** Health figures of the link, epoch ms; `null` when it never happened. */
export interface UpstreamStatus {
  /** End of the last exchange that got a readable reply (SUCCESS or DEFINITE_FAIL). */
  readonly lastSuccessAt: number | null;
  /** End of the last exchange that ended NOT_SENT or UNKNOWN on the wire. */
  readonly lastFailureAt: number | null;
  /** When the default operator last signed in. */
  readonly signInAt: number | null;
  /** True when the default operator holds a sign_no. */
  readonly signedIn: boolean;
  /** Duration of the last readable exchange, ms. */
  readonly latencyMs?: number;
  /** The gateway style in use (`plain`, `csb`, `tif`, `sm`). */
  readonly gateway?: string;
  /** The gateway's last refusal, kept until a call goes through the gateway; null when none. */
  readonly gatewayRefusal?: GatewayRefusalStatus | null;
}

/** A refusal by the gateway in front of the platform (docs/protocol.md §1.3), for IT. */
export interface GatewayRefusalStatus {
  /** `GATEWAY_SIGNATURE`, `GATEWAY_CLOCK_SKEW`, `GATEWAY_TOKEN`, `GATEWAY_PATH`, `GATEWAY_DECRYPT`. */
  readonly code: string;
  /** The gateway's err_msg, redacted. */
  readonly errMsg?: string;
  /** When, epoch ms. */
  readonly at: number;
}

/** The client of the insurance platform. */
export interface UpstreamClient {
  /**
   * Sends transaction `infno` with `input` (the envelope's `input` node; decimals as strings,
   * converted to number literals for the transaction's numeric fields). Signs in first when the
   * operator holds no sign_no. Resolves with the final attempt's result.
   */
  call(infno: string, input: Readonly<Record<string, unknown>>, ctx: CallContext): Promise<CallResult>;
  /**
   * Signs the operator in with 9001 now (replacing any cached sign_no). Rejects with an
   * `AppError` (`UPSTREAM_UNREACHABLE`, `UPSTREAM_UNKNOWN` or the platform's bracket code) on failure.
   */
  signIn(operator?: OperatorRef): Promise<void>;
  /** Link health for the status bar and diagnostics. */
  status(): UpstreamStatus;
}

/** A journal that records nothing: for queries (1101, 5203 …) whose attempts need no durable row. */
export const NO_JOURNAL: CallJournal = {
  beforeSend: async () => undefined,
  afterOutcome: async () => undefined,
};

/** The e-voucher decode service (docs/protocol.md §5), used by identify. */
export type { DecodedEVoucher, DecodeResult, EVoucherDecoder, EVoucherFailure } from './ec-voucher-decoder';

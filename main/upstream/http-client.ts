/**
 * The UpstreamClient over HTTP (docs/reliability.md §1–§2, docs/protocol.md §1, §2.1). One call = build the
 * envelope (msgid, China time, sign_no) → exact JSON text → journal.beforeSend → one POST bounded
 * by the deadline → lossless parse → classify → journal.afterOutcome. No retries, except the one
 * repeat after a `[SIGN_NO_INVALID]` refusal (a refused call had no effect), with a new msgid.
 */
import { AppError } from '../../shared/errors/app-error';
import { chinaDateTime } from '../../shared/china-time';
import { REQUEST_HEADER_FIELDS } from '../../shared/protocol/envelope';
import type { RequestEnvelope } from '../../shared/protocol/envelope';
import { isInfno, NUMERIC_REQUEST_FIELDS, parseOutput } from '../../shared/protocol/transactions';
import { redactObject, redactText } from '../../shared/redact';
import { classifyOutcome } from './classify-outcome';
import type { Classification, ClassifyInput, OutputCheck } from './classify-outcome';
import { effectiveDeadline } from './deadline';
import { GatewayRefusalError, GatewayTransportError } from './endpoint';
import type { GatewayProfile } from './endpoint';
import { createGatewayProfile } from './profiles/create-profile';
import { isGatewayRefusalCode } from '../../shared/protocol/gateway-refusals';
import { UPSTREAM_DEFAULTS } from './options';
import type { UpstreamOptions } from './options';
import { NO_JOURNAL } from './ports';
import type {
  CallContext,
  CallJournal,
  CallResult,
  MsgidAllocator,
  OperatorRef,
  PreparedCall,
  UpstreamClient,
  UpstreamStatus,
  GatewayRefusalStatus,
} from './ports';
import { isSignInRefusal, SignInCache } from './sign-in-cache';
import type { SignInEntry } from './sign-in-cache';
import { createAxiosTransport } from './transport';
import type { Transport } from './transport';
import { toWireBody } from './wire-body';

/** Where the layer's log lines go; main/app wires it. Data is already redacted. */
export interface UpstreamLogger {
  log(level: 'info' | 'warn' | 'error', event: string, data?: Readonly<Record<string, unknown>>): void;
}

/** What the client is built from (constructor injection, docs/architecture.md §1). */
export interface UpstreamClientDeps {
  readonly options: UpstreamOptions;
  /** The persisted msgid counter (main/store). */
  readonly msgids: MsgidAllocator;
  /** Gateway profile; default: the plain profile on `options.url`. */
  readonly profile?: GatewayProfile;
  /** HTTP transport; default: axios with the settings of docs/reliability.md §1. */
  readonly transport?: Transport;
  /** Clock, epoch ms; default `Date.now`. */
  readonly clock?: () => number;
  /**
   * The clock the gateway signs with (csb/tif timestamps, sm token expiry); default `clock`.
   * Drills and tests shift it to rehearse a PC whose clock is off.
   */
  readonly gatewayClock?: () => number;
  readonly logger?: UpstreamLogger;
  /** Journal for 9001 sign-in attempts (they carry a msgid too); default: none. */
  readonly signInJournal?: CallJournal;
}

/** Longest reply text kept in a CallResult / log, characters. */
const MAX_RESPONSE_TEXT = 100_000;

const INFNO = /^\d{4}[A-Z]?$/;

/** A call ready to journal and send: the plain prepared call and what goes on the wire. */
interface Ready {
  readonly kind: 'ready';
  readonly prepared: PreparedCall;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact text sent (the sm style encrypts `input`; others send `prepared.body`). */
  readonly wireBody: string;
}

/** What one attempt produced, plus the raw err_msg the client needs internally. */
interface Attempt {
  readonly result: CallResult;
  readonly rawErrMsg?: string;
}

/** The HTTP client of the insurance platform. Build it in main/app; close it on shutdown. */
export class HttpUpstreamClient implements UpstreamClient {
  private readonly opts: UpstreamOptions;
  private readonly msgids: MsgidAllocator;
  private readonly profile: GatewayProfile;
  private readonly transport: Transport;
  private readonly clock: () => number;
  private readonly logger: UpstreamLogger | undefined;
  private readonly signInJournal: CallJournal;
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly signIns = new SignInCache();
  private lastSuccessAt: number | null = null;
  private lastFailureAt: number | null = null;
  private latencyMs: number | undefined;
  private gatewayRefusal: GatewayRefusalStatus | null = null;

  constructor(deps: UpstreamClientDeps) {
    this.opts = deps.options;
    this.msgids = deps.msgids;
    this.clock = deps.clock ?? Date.now;
    this.logger = deps.logger;
    this.signInJournal = deps.signInJournal ?? NO_JOURNAL;
    this.transport = deps.transport ?? createAxiosTransport();
    this.profile =
      deps.profile ??
      createGatewayProfile(deps.options.url, deps.options.gateway ?? { style: 'plain' }, {
        transport: this.transport,
        clock: deps.gatewayClock ?? this.clock,
        timeoutMs: deps.options.timeout_ms,
        warn: (m) => this.log('warn', 'upstream.url', { message: m }),
      });
    const hosts = [new URL(deps.options.url).hostname, ...(deps.options.allowed_hosts ?? [])];
    this.allowedHosts = new Set(hosts.map(normaliseHost));
  }

  async call(infno: string, input: Readonly<Record<string, unknown>>, ctx: CallContext): Promise<CallResult> {
    const op = this.operatorOf(ctx.operator);
    if (infno === '9001') return (await this.attemptWithToken(infno, input, ctx, op, '')).result;
    let entry: SignInEntry;
    try {
      entry = await this.signIns.obtain(op.opter, () => this.doSignIn(op, ctx.deadlineMs));
    } catch (e) {
      // A gateway refusal of the sign-in keeps its name: IT must see the cause, not "unreachable".
      const refused = e instanceof AppError && isGatewayRefusalCode(e.code);
      const r = this.earlyFailure(infno, refused ? e.code : 'SIGN_IN_FAILED', this.clock(), {
        ...signInFailureFields(e),
        ...(refused ? { reason: 'gateway-refused' } : {}),
      });
      if (refused) this.noteGateway(r);
      return r;
    }
    const first = await this.attemptWithToken(infno, input, ctx, op, entry.signNo);
    if (!isSignInRefusal(first.result.errCode, first.rawErrMsg)) return first.result;
    // The platform no longer knows this sign_no: forget it whatever the outcome, so that the
    // next call signs in again (docs/protocol.md §4 "sign_no").
    this.signIns.invalidate(op.opter, entry.signNo);
    if (first.result.outcome !== 'DEFINITE_FAIL') return first.result;
    // A refusal had no effect at the platform, so repeating it once with a NEW msgid is safe.
    try {
      entry = await this.signIns.refresh(op.opter, () => this.doSignIn(op, ctx.deadlineMs));
    } catch {
      return first.result;
    }
    this.log('info', 'upstream.sign-in-repeat', { infno, msgid: first.result.msgid });
    return (await this.attemptWithToken(infno, input, ctx, op, entry.signNo)).result;
  }

  async signIn(operator?: OperatorRef): Promise<void> {
    const op = this.operatorOf(operator);
    await this.signIns.refresh(op.opter, () => this.doSignIn(op, undefined));
  }

  status(): UpstreamStatus {
    const e = this.signIns.get(this.opts.opter);
    return {
      lastSuccessAt: this.lastSuccessAt,
      lastFailureAt: this.lastFailureAt,
      signInAt: e?.at ?? null,
      signedIn: e !== undefined,
      ...(this.latencyMs === undefined ? {} : { latencyMs: this.latencyMs }),
      gateway: this.profile.name,
      gatewayRefusal: this.gatewayRefusal,
    };
  }

  /** Releases pooled connections. */
  close(): void {
    this.transport.close();
  }

  /** 9001 for `op`; resolves with the new sign_no or rejects with an AppError. */
  private async doSignIn(op: Required<OperatorRef>, deadlineMs: number | undefined): Promise<SignInEntry> {
    const input = {
      signIn: { opter_no: op.opter, mac: this.opts.mac ?? '00-00-00-00-00-00', ip: this.opts.ip ?? '127.0.0.1' },
    };
    const ctx: CallContext =
      deadlineMs === undefined ? { journal: this.signInJournal } : { journal: this.signInJournal, deadlineMs };
    const { result } = await this.attemptWithToken('9001', input, ctx, op, '');
    if (result.outcome === 'SUCCESS') {
      const out = parseOutput('9001', result.output);
      if (out.success) return { signNo: out.data.signinoutb.sign_no, at: result.endedAt };
    }
    throw signInError(result);
  }

  /**
   * One attempt, repeated ONCE when the gateway refused the access token (`[GATEWAY_TOKEN]`) and the
   * profile takes tokens (sm): like `[SIGN_NO_INVALID]`, a refusal had no effect, so a new token and
   * a new msgid make the repeat safe. A token refused twice ends with the second refusal.
   */
  private async attemptWithToken(
    infno: string,
    input: Readonly<Record<string, unknown>>,
    ctx: CallContext,
    op: Required<OperatorRef>,
    signNo: string,
  ): Promise<Attempt> {
    const first = await this.attempt(infno, input, ctx, op, signNo);
    const r = first.result;
    if (r.outcome !== 'DEFINITE_FAIL' || r.errCode !== 'GATEWAY_TOKEN' || this.profile.dropToken?.() !== true)
      return first;
    this.log('info', 'upstream.token-repeat', { infno, msgid: r.msgid });
    return this.attempt(infno, input, ctx, op, signNo);
  }

  /** One attempt: prepare, journal, send, classify, journal. Never throws except from afterOutcome. */
  private async attempt(
    infno: string,
    input: Readonly<Record<string, unknown>>,
    ctx: CallContext,
    op: Required<OperatorRef>,
    signNo: string,
  ): Promise<Attempt> {
    const startedAt = this.clock();
    const ready = await this.prepare(infno, input, ctx, op, signNo, startedAt);
    if (ready.kind === 'not-sent') return ready.attempt;
    const { prepared, url, headers, wireBody } = ready;

    // docs/reliability.md §2: the journal row is committed before a byte is sent.
    try {
      await ctx.journal.beforeSend(prepared, ctx);
    } catch (e) {
      this.log('error', 'upstream.journal', { infno, msgid: prepared.msgid, error: e });
      return this.finishWithoutJournal(prepared, startedAt, { kind: 'local', code: 'JOURNAL_FAILED' });
    }

    let verdict: Classification;
    let httpStatus: number | undefined;
    let transportError: string | undefined;
    let responseText: string | undefined;
    if (isAborted(ctx.signal)) {
      verdict = classifyOutcome({ kind: 'local', code: 'ABORTED' });
    } else {
      const deadlineMs = effectiveDeadline(ctx.deadlineMs ?? this.opts.timeoutFor?.(infno), this.opts.timeout_ms);
      const body = wireBody;
      const ex = await this.transport.exchange(
        ctx.signal === undefined
          ? { url, body, headers, deadlineMs }
          : { url, body, headers, deadlineMs, signal: ctx.signal },
      );
      if (ex.kind === 'reply' && infno === '9102' && ex.httpStatus === 200 && isFileReply(ex.text)) {
        // 9102 answers a found file with its bytes as the body, not an envelope (docs/sandbox-policy.md §7).
        httpStatus = ex.httpStatus;
        responseText = ex.text.slice(0, 200);
        verdict = { outcome: 'SUCCESS', reason: 'success', output: { file_text: ex.text } };
      } else if (ex.kind === 'reply') {
        httpStatus = ex.httpStatus;
        const text = this.profile.readReply === undefined ? ex.text : this.profile.readReply(ex.text);
        responseText = text;
        verdict = classifyOutcome({
          kind: 'reply',
          httpStatus: ex.httpStatus,
          text,
          definiteStatuses: this.profile.definiteStatuses,
          ...outputCheckOf(infno),
        });
      } else {
        httpStatus = ex.httpStatus;
        transportError = ex.code;
        verdict = classifyOutcome(
          ex.httpStatus === undefined
            ? { kind: 'transport', code: ex.code }
            : { kind: 'transport', code: ex.code, httpStatus: ex.httpStatus },
        );
      }
    }
    const endedAt = this.clock();
    const result = this.resultOf(prepared, verdict, startedAt, endedAt, { httpStatus, transportError, responseText });
    this.noteLink(result, verdict);
    this.logResult(result);
    await ctx.journal.afterOutcome(result, ctx);
    return verdict.errMsg === undefined ? { result } : { result, rawErrMsg: verdict.errMsg };
  }

  /**
   * The preparation step of an attempt (issue 15 item 5): validate, allocate the msgid, build the
   * envelope and its exact text, check the host, and let the gateway profile sign and encode it.
   * Returns the call ready to journal and send, or the NOT_SENT attempt that ends it (no hooks run).
   */
  private async prepare(
    infno: string,
    input: Readonly<Record<string, unknown>>,
    ctx: CallContext,
    op: Required<OperatorRef>,
    signNo: string,
    startedAt: number,
  ): Promise<Ready | { readonly kind: 'not-sent'; readonly attempt: Attempt }> {
    const stop = (attempt: Attempt) => ({ kind: 'not-sent' as const, attempt });
    if (!INFNO.test(infno)) return stop({ result: this.earlyFailure(infno, 'BAD_REQUEST_INPUT', startedAt) });
    if (this.opts.supported !== undefined && !this.opts.supported(infno)) {
      return stop({ result: this.earlyFailure(infno, 'TRANSACTION_NOT_SUPPORTED', startedAt) });
    }
    if (isAborted(ctx.signal)) return stop({ result: this.earlyFailure(infno, 'ABORTED', startedAt) });

    let msgid: string;
    try {
      msgid = await this.msgids.next(startedAt);
    } catch (e) {
      this.log('error', 'upstream.msgid', { infno, error: e });
      return stop({ result: this.earlyFailure(infno, 'MSGID_FAILED', startedAt) });
    }
    // A region's variant (2207 → 2207A) goes on the wire; the reply is read as the base trade's.
    const wireInfno = this.opts.variants?.[infno] ?? infno;
    const envelope = this.envelopeOf(wireInfno, msgid, startedAt, op, signNo, ctx.insuplc_admdvs, input);
    const numeric = new Set(isInfno(infno) ? NUMERIC_REQUEST_FIELDS[infno] : []);
    let body: string;
    try {
      body = toWireBody(envelope, numeric);
    } catch (e) {
      const prepared: PreparedCall = { infno, msgid, envelope, body: '' };
      const message = e instanceof Error ? e.message : '';
      return stop(
        this.finishWithoutJournal(prepared, startedAt, { kind: 'local', code: 'BAD_REQUEST_INPUT', message }),
      );
    }
    const prepared: PreparedCall = { infno, msgid, envelope, body };
    try {
      const url = this.profile.urlFor(wireInfno);
      if (!this.hostAllowed(url))
        return stop(this.finishWithoutJournal(prepared, startedAt, { kind: 'local', code: 'HOST_NOT_ALLOWED' }));
      const wireBody = this.profile.wireBodyOf === undefined ? body : this.profile.wireBodyOf(prepared);
      const headers = await this.profile.headersFor(prepared);
      return { kind: 'ready', prepared, url, headers, wireBody };
    } catch (e) {
      return stop(this.gatewayFailure(prepared, startedAt, e));
    }
  }

  /** NOT_SENT for a profile that could not sign: a gateway refusal of the token keeps its code. */
  private gatewayFailure(prepared: PreparedCall, startedAt: number, e: unknown): Attempt {
    if (e instanceof GatewayRefusalError) {
      const verdict: Classification = {
        outcome: 'NOT_SENT',
        reason: 'gateway-refused',
        errCode: e.code,
        errMsg: e.errMsg,
      };
      const result = this.resultOf(prepared, verdict, startedAt, this.clock(), { httpStatus: e.httpStatus });
      this.noteGateway(result);
      this.logResult(result);
      return { result, rawErrMsg: e.errMsg };
    }
    if (e instanceof GatewayTransportError) {
      const verdict = classifyOutcome({ kind: 'transport', code: e.code });
      const result = this.resultOf(prepared, verdict, startedAt, this.clock(), { transportError: e.code });
      this.lastFailureAt = result.endedAt;
      this.logResult(result);
      return { result };
    }
    this.log('error', 'upstream.signing', { infno: prepared.infno, error: e instanceof Error ? e.message : String(e) });
    const message = e instanceof Error ? e.message : '';
    return this.finishWithoutJournal(prepared, startedAt, { kind: 'local', code: 'SIGNING_FAILED', message });
  }

  /** The request envelope (docs/protocol.md §1.1). */
  private envelopeOf(
    infno: string,
    msgid: string,
    now: number,
    op: Required<OperatorRef>,
    signNo: string,
    insuplcAdmdvs: string | undefined,
    input: Readonly<Record<string, unknown>>,
  ): Readonly<Record<string, unknown>> {
    const env: RequestEnvelope<Readonly<Record<string, unknown>>> = {
      infno,
      msgid,
      mdtrtarea_admvs: this.opts.mdtrtarea_admvs,
      insuplc_admdvs: insuplcAdmdvs ?? '',
      recer_sys_code: this.opts.recer_sys_code || UPSTREAM_DEFAULTS.recer_sys_code,
      dev_no: '',
      dev_safe_info: '',
      cainfo: '',
      signtype: '',
      infver: this.opts.infver || UPSTREAM_DEFAULTS.infver,
      opter_type: op.opter_type as RequestEnvelope<unknown>['opter_type'],
      opter: op.opter,
      opter_name: op.opter_name,
      inf_time: chinaDateTime(now),
      fixmedins_code: this.opts.fixmedins_code,
      fixmedins_name: this.opts.fixmedins_name,
      sign_no: signNo,
      input,
    };
    // Keep the usual header order (REQUEST_HEADER_FIELDS), then input.
    const ordered: Record<string, unknown> = {};
    for (const k of REQUEST_HEADER_FIELDS) ordered[k] = env[k];
    ordered['input'] = input;
    return ordered;
  }

  private operatorOf(op: OperatorRef | undefined): Required<OperatorRef> {
    return {
      opter: op?.opter ?? this.opts.opter,
      opter_name:
        op?.opter_name ?? (op === undefined || op.opter === this.opts.opter ? this.opts.opter_name : op.opter),
      opter_type: op?.opter_type ?? (this.opts.opter_type || UPSTREAM_DEFAULTS.opter_type),
    };
  }

  private hostAllowed(url: string): boolean {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && this.allowedHosts.has(normaliseHost(u.hostname));
  }

  /** A NOT_SENT result for a call that failed before a msgid was allocated (msgid `""`). */
  private earlyFailure(infno: string, code: string, startedAt: number, extra: Partial<CallResult> = {}): CallResult {
    const prepared: PreparedCall = { infno, msgid: '', envelope: { infno }, body: '' };
    const result: CallResult = {
      outcome: 'NOT_SENT',
      infno,
      msgid: '',
      prepared,
      output: undefined,
      reason: 'local-error',
      startedAt,
      endedAt: this.clock(),
      ...extra,
      errCode: code,
    };
    this.logResult(result);
    return result;
  }

  /** A local failure after preparing, before the journal: NOT_SENT, hooks not called. */
  private finishWithoutJournal(prepared: PreparedCall, startedAt: number, input: ClassifyInput): Attempt {
    const result = this.resultOf(prepared, classifyOutcome(input), startedAt, this.clock(), {});
    this.logResult(result);
    return { result };
  }

  private resultOf(
    prepared: PreparedCall,
    v: Classification,
    startedAt: number,
    endedAt: number,
    wire: { httpStatus?: number | undefined; transportError?: string | undefined; responseText?: string | undefined },
  ): CallResult {
    return {
      outcome: v.outcome,
      infno: prepared.infno,
      msgid: prepared.msgid,
      prepared,
      output: v.outcome === 'SUCCESS' ? v.output : undefined,
      reason: v.reason,
      startedAt,
      endedAt,
      ...(v.errMsg === undefined ? {} : { errMsg: redactText(v.errMsg) }),
      ...(v.errCode === undefined ? {} : { errCode: v.errCode }),
      ...(wire.httpStatus === undefined ? {} : { httpStatus: wire.httpStatus }),
      ...(wire.transportError === undefined ? {} : { transportError: wire.transportError }),
      ...(wire.responseText === undefined
        ? {}
        : { responseText: redactText(wire.responseText.slice(0, MAX_RESPONSE_TEXT)) }),
    };
  }

  /** Link health: a readable reply is a success of the link, a wire failure a failure. */
  private noteLink(r: CallResult, v: Classification): void {
    this.noteGateway(r);
    if (r.outcome === 'SUCCESS' || r.outcome === 'DEFINITE_FAIL') {
      this.lastSuccessAt = r.endedAt;
      this.latencyMs = r.endedAt - r.startedAt;
    } else if (v.reason !== 'local-error') {
      this.lastFailureAt = r.endedAt;
    }
  }

  /**
   * The gateway's last refusal stays visible (health view) until a call goes through the gateway:
   * a success, or any refusal by the platform itself.
   */
  private noteGateway(r: CallResult): void {
    if (isGatewayRefusalCode(r.errCode)) {
      this.gatewayRefusal = { code: r.errCode, at: r.endedAt, ...(r.errMsg === undefined ? {} : { errMsg: r.errMsg }) };
      this.log('warn', 'upstream.gateway-refused', { infno: r.infno, code: r.errCode, errMsg: r.errMsg });
    } else if (r.outcome === 'SUCCESS' || r.outcome === 'DEFINITE_FAIL') {
      this.gatewayRefusal = null;
    }
  }

  private logResult(r: CallResult): void {
    const level = r.outcome === 'SUCCESS' ? 'info' : r.outcome === 'DEFINITE_FAIL' ? 'warn' : 'error';
    this.log(level, 'upstream.call', {
      infno: r.infno,
      msgid: r.msgid,
      outcome: r.outcome,
      reason: r.reason,
      errCode: r.errCode,
      errMsg: r.errMsg,
      httpStatus: r.httpStatus,
      transportError: r.transportError,
      ms: r.endedAt - r.startedAt,
    });
  }

  /** The single exit of every log line: everything passes through shared/redact (S3). */
  private log(level: 'info' | 'warn' | 'error', event: string, data?: Readonly<Record<string, unknown>>): void {
    if (this.logger === undefined) return;
    this.logger.log(
      level,
      event,
      data === undefined ? undefined : (redactObject(data) as Readonly<Record<string, unknown>>),
    );
  }
}

/** Builds the client (main/app's composition root calls this). */
export function createUpstreamClient(deps: UpstreamClientDeps): HttpUpstreamClient {
  return new HttpUpstreamClient(deps);
}

/** The trade's output check for the classifier (schema fails → UNKNOWN), when the trade is known. */
/** True when a 9102 reply body is a file, not a JSON envelope (which would carry `infcode`). */
function isFileReply(text: string): boolean {
  const head = text.trimStart();
  if (!head.startsWith('{')) return true;
  try {
    const v: unknown = JSON.parse(text);
    return !(v !== null && typeof v === 'object' && 'infcode' in v);
  } catch {
    return true;
  }
}

function outputCheckOf(infno: string): { outputCheck?: OutputCheck } {
  if (!isInfno(infno)) return {};
  return {
    outputCheck: (output) => {
      const r = parseOutput(infno, output);
      return r.success ? null : r.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    },
  };
}

/** True when the caller has aborted (checked again after the awaits of preparation). */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function normaliseHost(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
}

/** The AppError for a failed 9001 (signIn() rejects with it). */
function signInError(r: CallResult): AppError {
  const upstreamErrMsg = r.errMsg;
  const detail = {
    infno: '9001',
    msgid: r.msgid,
    outcome: r.outcome,
    reason: r.reason,
    errCode: r.errCode,
    transportError: r.transportError,
  };
  if (isGatewayRefusalCode(r.errCode)) {
    return new AppError(r.errCode, { detail, ...(upstreamErrMsg === undefined ? {} : { upstreamErrMsg }) });
  }
  switch (r.outcome) {
    case 'NOT_SENT':
      return new AppError('UPSTREAM_UNREACHABLE', { detail });
    case 'UNKNOWN':
      return new AppError(r.reason === 'transport-error' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_BAD_RESPONSE', {
        detail,
        ...(upstreamErrMsg === undefined ? {} : { upstreamErrMsg }),
      });
    case 'DEFINITE_FAIL':
    case 'SUCCESS': {
      const code =
        r.outcome === 'DEFINITE_FAIL' && r.errCode !== undefined && !r.errCode.startsWith('HTTP_')
          ? r.errCode
          : 'UPSTREAM_REFUSED';
      return new AppError(code, { detail, ...(upstreamErrMsg === undefined ? {} : { upstreamErrMsg }) });
    }
    default:
      return assertNeverOutcome(r.outcome);
  }
}

function assertNeverOutcome(x: never): never {
  throw new Error(`unexpected outcome ${String(x)}`);
}

/** Fields of a business call's NOT_SENT result that explain a failed sign-in. */
function signInFailureFields(e: unknown): Partial<CallResult> {
  if (e instanceof AppError) {
    const d = e.detail as { transportError?: string } | undefined;
    return {
      ...(e.upstreamErrMsg === undefined ? {} : { errMsg: e.upstreamErrMsg }),
      ...(d?.transportError === undefined ? {} : { transportError: d.transportError }),
    };
  }
  return {};
}

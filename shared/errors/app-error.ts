/**
 * The typed error of the product (docs/architecture.md §5.12): a code from the catalog, the cause, whether a
 * retry may help, and context. `toErrorInfo` turns it into the plain data that crosses boundaries.
 */
import type { ErrorInfo } from '../result';
import { explain } from './catalog';
import { MoneyParseError } from '../money';

export interface AppErrorOptions {
  readonly cause?: unknown;
  /** Overrides the catalog's message (still Chinese, still plain). */
  readonly message?: string;
  /** Overrides the catalog's hint. */
  readonly hint?: string;
  /** The platform's raw err_msg, for IT. */
  readonly upstreamErrMsg?: string;
  /** Plain data describing where and what (field paths, line numbers). */
  readonly detail?: unknown;
  readonly retryable?: boolean;
}

export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly hint: string;
  readonly upstreamErrMsg: string | undefined;
  readonly detail: unknown;

  constructor(code: string, opts: AppErrorOptions = {}) {
    const e = explain(code);
    super(opts.message ?? e.message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? e.retryable;
    this.hint = opts.hint ?? e.hint;
    this.upstreamErrMsg = opts.upstreamErrMsg;
    this.detail = opts.detail;
  }

  /** HTTP status of this error at the HIS API. */
  get httpStatus(): number {
    return explain(this.code).http;
  }
}

/** Plain data for IPC/HTTP. Non-AppErrors become INTERNAL without leaking their text. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) {
    const e = explain(err.code);
    return {
      code: err.code,
      message: err.message,
      hint: err.hint,
      actor: e.actor,
      retryable: err.retryable,
      ...(err.upstreamErrMsg !== undefined ? { upstream_err_msg: err.upstreamErrMsg } : {}),
      ...(err.detail !== undefined ? { detail: err.detail } : {}),
    };
  }
  if (err instanceof MoneyParseError) {
    // A malformed amount that slipped past a schema is still the caller's input: say which field.
    const b = explain('BAD_AMOUNT');
    return {
      code: 'BAD_AMOUNT',
      message: b.message,
      hint: b.hint,
      actor: b.actor,
      retryable: false,
      ...(err.path ? { detail: { field: err.path } } : {}),
    };
  }
  const e = explain('INTERNAL');
  return { code: 'INTERNAL', message: e.message, hint: e.hint, actor: e.actor, retryable: false };
}

/** Reads the bracketed code at the start of a platform `err_msg` (`[NO_REGISTRATION] …`), else null. */
export function upstreamCodeOf(errMsg: string | null | undefined): string | null {
  const m = /^\s*\[([A-Z][A-Z0-9_]*)\]/.exec(errMsg ?? '');
  return m ? (m[1] ?? null) : null;
}

/**
 * What crosses IPC and HTTP: nothing throws across a boundary (docs/architecture.md §5.5). A call returns
 * `{ok: true, value}` or `{ok: false, error}` with plain data only.
 */

/** Who has to act on an error (D-22). */
export type ErrorActor = 'cashier' | 'insurance_office' | 'it' | 'supervisor' | 'his';

/** A plain-data error: a code from shared/errors, a Chinese message, whether retrying may help. */
export interface ErrorInfo {
  readonly code: string;
  /** Plain Chinese explanation for the cashier. */
  readonly message: string;
  /** The next step, in Chinese. */
  readonly hint: string;
  readonly actor: ErrorActor;
  readonly retryable: boolean;
  /** The platform's raw `err_msg`, for IT (redacted). */
  readonly upstream_err_msg?: string;
  /** Extra plain data (field paths, line numbers …), redacted. */
  readonly detail?: unknown;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: ErrorInfo): Result<T> => ({ ok: false, error });

/** Exhaustiveness guard for switches over unions (docs/architecture.md §5.14). */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}

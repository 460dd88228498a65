/**
 * Errors reach the cashier through a chain of handlers (docs/architecture.md §5.13). Each handler may act
 * (refresh the visit, open the pending list …) and either pass the error on or consume it; the
 * last handler, the default, shows the plain message, who acts and the next step (D-22).
 */
import type { ErrorInfo } from '../../shared/result';

/** Where the error came from: the action the cashier took. */
export interface UiError {
  readonly info: ErrorInfo;
  /** The action, e.g. `settle`, `identify`. */
  readonly action: string;
}

/** A handler: answers the error to pass it on, or null when it has dealt with it. */
export type ErrorHandler = (error: UiError) => UiError | null;

/** Runs `error` through `handlers` in order; stops at the first that consumes it. */
export function runErrorChain(error: UiError, handlers: readonly ErrorHandler[]): void {
  let current: UiError | null = error;
  for (const h of handlers) {
    if (current === null) return;
    current = h(current);
  }
}

/** A handler that calls `effect` for the listed codes and always passes the error on. */
export function onCodes(codes: readonly string[], effect: (error: UiError) => void): ErrorHandler {
  return (error) => {
    if (codes.includes(error.info.code)) effect(error);
    return error;
  };
}

/**
 * Deadlines (docs/reliability.md §1 "Deadline", R3). axios' `timeout` is an idle timer: a body that
 * drips one byte at a time keeps resetting it. An `AbortSignal.timeout(D)` bounds the whole
 * exchange, combined with the caller's own signal.
 */

/** Margin after D at which the client stops waiting even if the HTTP library has not returned, ms. */
export const HARD_STOP_MARGIN_MS = 250;

/** A signal that aborts after `ms` milliseconds or when `outer` aborts, whichever comes first. */
export function deadlineSignal(ms: number, outer?: AbortSignal): AbortSignal {
  const timer = AbortSignal.timeout(ms);
  return outer === undefined ? timer : AbortSignal.any([timer, outer]);
}

/** A valid deadline in ms: a positive finite number, else `fallback`. */
export function effectiveDeadline(ms: number | undefined, fallback: number): number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : fallback;
}

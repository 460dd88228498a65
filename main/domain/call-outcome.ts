/**
 * The outcome of one call to the platform (docs/reliability.md §1): exactly one per call, decided
 * by main/upstream's classifier and consumed by the state machine of main/domain.
 */

/**
 * How one upstream call ended:
 * - `SUCCESS`: `infcode` 0 and a valid envelope (and output schema, where one exists);
 * - `DEFINITE_FAIL`: the platform refused (`infcode` < 0, no timeout-like text): it had no effect;
 * - `NOT_SENT`: not a byte left the adapter (local error, no connection, journal refused);
 * - `UNKNOWN`: anything ambiguous: the platform may or may not have acted. Never treated as a
 *   failure: a settle in UNKNOWN is reversed, never re-sent.
 */
export type CallOutcome = 'SUCCESS' | 'DEFINITE_FAIL' | 'NOT_SENT' | 'UNKNOWN';

/** Every outcome, for exhaustive tests. */
export const CALL_OUTCOMES: readonly CallOutcome[] = ['SUCCESS', 'DEFINITE_FAIL', 'NOT_SENT', 'UNKNOWN'];

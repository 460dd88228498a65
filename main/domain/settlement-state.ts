/**
 * The settlement state machine of docs/reliability.md §2, as pure functions. The store enforces the
 * same facts as constraints (one live settlement per visit); this module decides which step is
 * allowed and where an outcome leads, so services never improvise a transition.
 */
import { assertNever } from '../../shared/result';

/** Journal/settlement states (upper case, as stored). */
export type SettlementStateCode =
  | 'SENDING'
  | 'SETTLED'
  | 'CASH_COLLECTED'
  | 'FAILED_DEFINITE'
  | 'NOT_SENT'
  | 'UNKNOWN'
  | 'REVERSING'
  | 'REVERSED'
  | 'NOT_SETTLED'
  | 'NEEDS_ATTENTION'
  | 'CANCELLING'
  | 'CANCEL_UNKNOWN'
  | 'CANCELLED';

/** The outcome of one upstream call (docs/reliability.md §1). */
export type CallOutcomeCode = 'SUCCESS' | 'DEFINITE_FAIL' | 'NOT_SENT' | 'UNKNOWN';

/** States in which a settlement holds its visit: no second settle may start (partial unique index). */
export const LIVE_STATES: readonly SettlementStateCode[] = [
  'SENDING', 'UNKNOWN', 'REVERSING', 'SETTLED', 'CASH_COLLECTED', 'NEEDS_ATTENTION', 'CANCELLING', 'CANCEL_UNKNOWN',
];

/** States after which the visit is free to settle again with a new msgid (docs/his-api.md). */
export const RESETTLE_STATES: readonly SettlementStateCode[] = ['REVERSED', 'NOT_SETTLED', 'FAILED_DEFINITE', 'NOT_SENT', 'CANCELLED'];

/** States that need no more work from the adapter (R1's "terminal"). */
export const TERMINAL_STATES: readonly SettlementStateCode[] = [
  'SETTLED', 'CASH_COLLECTED', 'FAILED_DEFINITE', 'NOT_SENT', 'REVERSED', 'NOT_SETTLED', 'NEEDS_ATTENTION', 'CANCELLED',
];

export const isLive = (s: SettlementStateCode): boolean => LIVE_STATES.includes(s);
export const allowsResettle = (s: SettlementStateCode): boolean => RESETTLE_STATES.includes(s);
export const isTerminal = (s: SettlementStateCode): boolean => TERMINAL_STATES.includes(s);

/** Where a settle (2207/2304) goes on its outcome. UNKNOWN is never re-sent: it is reversed. */
export function stateAfterSettle(outcome: CallOutcomeCode): SettlementStateCode {
  switch (outcome) {
    case 'SUCCESS':
      return 'SETTLED';
    case 'DEFINITE_FAIL':
      return 'FAILED_DEFINITE';
    case 'NOT_SENT':
      return 'NOT_SENT';
    case 'UNKNOWN':
      return 'UNKNOWN';
    default:
      return assertNever(outcome, 'outcome');
  }
}

/**
 * Where a cancel (2208/2305) leaves the settlement: SUCCESS → CANCELLED; a definite refusal or a
 * cancel never sent leaves it SETTLED (nothing changed at the platform), except that
 * `[ALREADY_CANCELLED]` means the platform already holds it cancelled; UNKNOWN → CANCEL_UNKNOWN,
 * checked with 5203 before any retry (query first for cancels).
 */
export function stateAfterCancel(outcome: CallOutcomeCode, errCode?: string): SettlementStateCode {
  switch (outcome) {
    case 'SUCCESS':
      return 'CANCELLED';
    case 'DEFINITE_FAIL':
      return errCode === 'ALREADY_CANCELLED' ? 'CANCELLED' : 'SETTLED';
    case 'NOT_SENT':
      return 'SETTLED';
    case 'UNKNOWN':
      return 'CANCEL_UNKNOWN';
    default:
      return assertNever(outcome, 'outcome');
  }
}

/**
 * Where a reversal (2601 of a settle) leads: success or `[ALREADY_REVERSED]` → REVERSED;
 * `[NOT_FOUND]` → NOT_SETTLED (the original never took effect); anything else stays REVERSING
 * for another attempt (the queue gives up into NEEDS_ATTENTION).
 */
export function stateAfterReversal(outcome: CallOutcomeCode, errCode?: string): SettlementStateCode {
  if (outcome === 'SUCCESS') return 'REVERSED';
  if (outcome === 'DEFINITE_FAIL' && errCode === 'ALREADY_REVERSED') return 'REVERSED';
  if (outcome === 'DEFINITE_FAIL' && errCode === 'NOT_FOUND') return 'NOT_SETTLED';
  return 'REVERSING';
}

/** The API's lower-case name of a state (docs/his-api.md "Settlement states"). */
export function apiState(s: SettlementStateCode): Lowercase<SettlementStateCode> {
  return s.toLowerCase() as Lowercase<SettlementStateCode>;
}

/**
 * The settlement state machine of docs/reliability.md §2, as pure functions, and the one table that
 * classifies its states. The store enforces the same facts as constraints (one live settlement per
 * visit); this module decides which step is allowed and where an outcome leads, so services never
 * improvise a transition.
 */
import { assertNever } from '../../shared/result';
import type { CallOutcome } from './call-outcome';

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

/** How the rules treat one state. Every state must be classified: the table below is a full Record. */
export interface StateClass {
  /** Holds its visit: no second settle may start (the partial unique index of migration 0010). */
  readonly live: boolean;
  /** The platform's answer is still open: the settlement cannot be cancelled now, the screen follows it. */
  readonly inFlight: boolean;
  /** Waits for a supervisor (D-25). */
  readonly supervisor: boolean;
  /** The adapter has no more work to do on it (R1's "terminal"). */
  readonly terminal: boolean;
}

/**
 * The one classification of the settlement states (docs/reliability.md §2). The sets below are
 * derived from it; a new state does not compile until it is classified here. The migration's
 * partial index is tied to `live` by test/domain/state-sets.test.ts.
 */
export const STATE_CLASSES: Readonly<Record<SettlementStateCode, StateClass>> = {
  SENDING: { live: true, inFlight: true, supervisor: false, terminal: false },
  UNKNOWN: { live: true, inFlight: true, supervisor: false, terminal: false },
  REVERSING: { live: true, inFlight: true, supervisor: false, terminal: false },
  SETTLED: { live: true, inFlight: false, supervisor: false, terminal: true },
  CASH_COLLECTED: { live: true, inFlight: false, supervisor: false, terminal: true },
  NEEDS_ATTENTION: { live: true, inFlight: false, supervisor: true, terminal: true },
  CANCELLING: { live: true, inFlight: true, supervisor: false, terminal: false },
  CANCEL_UNKNOWN: { live: true, inFlight: true, supervisor: false, terminal: false },
  FAILED_DEFINITE: { live: false, inFlight: false, supervisor: false, terminal: true },
  NOT_SENT: { live: false, inFlight: false, supervisor: false, terminal: true },
  REVERSED: { live: false, inFlight: false, supervisor: false, terminal: true },
  NOT_SETTLED: { live: false, inFlight: false, supervisor: false, terminal: true },
  CANCELLED: { live: false, inFlight: false, supervisor: false, terminal: true },
};

/** Every settlement state, in the order of {@link STATE_CLASSES}. */
export const SETTLEMENT_STATES: readonly SettlementStateCode[] = Object.keys(STATE_CLASSES) as SettlementStateCode[];

const statesWhere = (test: (c: StateClass) => boolean): readonly SettlementStateCode[] =>
  SETTLEMENT_STATES.filter((s) => test(STATE_CLASSES[s]));

/** States in which a settlement holds its visit: no second settle may start (partial unique index). */
export const LIVE_STATES: readonly SettlementStateCode[] = statesWhere((c) => c.live);

/** States after which the visit is free to settle again with a new msgid (docs/his-api.md): every state that is not live. */
export const RESETTLE_STATES: readonly SettlementStateCode[] = statesWhere((c) => !c.live);

/** States that need no more work from the adapter (R1's "terminal"). */
export const TERMINAL_STATES: readonly SettlementStateCode[] = statesWhere((c) => c.terminal);

/** States whose platform answer is still open: a cancel must wait. */
export const IN_FLIGHT_STATES: readonly SettlementStateCode[] = statesWhere((c) => c.inFlight);

/** States the pending list shows (D-25: what is stuck and why): in flight, or waiting for a supervisor. */
export const PENDING_STATES: readonly SettlementStateCode[] = statesWhere((c) => c.inFlight || c.supervisor);

export const isLive = (s: SettlementStateCode): boolean => STATE_CLASSES[s].live;
export const allowsResettle = (s: SettlementStateCode): boolean => !STATE_CLASSES[s].live;
export const isTerminal = (s: SettlementStateCode): boolean => STATE_CLASSES[s].terminal;
export const isInFlight = (s: SettlementStateCode): boolean => STATE_CLASSES[s].inFlight;

/** Where a settle (2207/2304) goes on its outcome. UNKNOWN is never re-sent: it is reversed. */
export function stateAfterSettle(outcome: CallOutcome): SettlementStateCode {
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
export function stateAfterCancel(outcome: CallOutcome, errCode?: string): SettlementStateCode {
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
export function stateAfterReversal(outcome: CallOutcome, errCode?: string): SettlementStateCode {
  if (outcome === 'SUCCESS') return 'REVERSED';
  if (outcome === 'DEFINITE_FAIL' && errCode === 'ALREADY_REVERSED') return 'REVERSED';
  if (outcome === 'DEFINITE_FAIL' && errCode === 'NOT_FOUND') return 'NOT_SETTLED';
  return 'REVERSING';
}

/** The API's lower-case name of a state (docs/his-api.md "Settlement states"). */
export function apiState(s: SettlementStateCode): Lowercase<SettlementStateCode> {
  return s.toLowerCase() as Lowercase<SettlementStateCode>;
}

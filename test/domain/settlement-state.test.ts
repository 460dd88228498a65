/** The settlement state machine (docs/reliability.md §2) as pure functions; the state sets are in state-sets.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  allowsResettle,
  isLive,
  isTerminal,
  stateAfterCancel,
  stateAfterReversal,
  stateAfterSettle,
} from '../../main/domain/settlement-state';
import { transactionsFor } from '../../main/domain/settlement-flow';

describe('settle outcomes (R4: never a second 2207 after UNKNOWN)', () => {
  it.each([
    ['SUCCESS', 'SETTLED'],
    ['DEFINITE_FAIL', 'FAILED_DEFINITE'],
    ['NOT_SENT', 'NOT_SENT'],
    ['UNKNOWN', 'UNKNOWN'],
  ] as const)('%s → %s', (outcome, state) => {
    expect(stateAfterSettle(outcome)).toBe(state);
  });

  it('an UNKNOWN settle holds its visit: no new settle may start until it is resolved', () => {
    expect(isLive('UNKNOWN')).toBe(true);
    expect(allowsResettle('UNKNOWN')).toBe(false);
    expect(isTerminal('UNKNOWN')).toBe(false);
  });
});

describe('reversal outcomes', () => {
  it('success and [ALREADY_REVERSED] are REVERSED; [NOT_FOUND] means the original never took effect', () => {
    expect(stateAfterReversal('SUCCESS')).toBe('REVERSED');
    expect(stateAfterReversal('DEFINITE_FAIL', 'ALREADY_REVERSED')).toBe('REVERSED');
    expect(stateAfterReversal('DEFINITE_FAIL', 'NOT_FOUND')).toBe('NOT_SETTLED');
  });
  it('anything else stays REVERSING for another attempt', () => {
    expect(stateAfterReversal('UNKNOWN')).toBe('REVERSING');
    expect(stateAfterReversal('NOT_SENT')).toBe('REVERSING');
    expect(stateAfterReversal('DEFINITE_FAIL', 'BAD_INPUT')).toBe('REVERSING');
  });
});

describe('cancel outcomes (query first for cancels)', () => {
  it('maps each outcome', () => {
    expect(stateAfterCancel('SUCCESS')).toBe('CANCELLED');
    expect(stateAfterCancel('DEFINITE_FAIL', 'ALREADY_CANCELLED')).toBe('CANCELLED');
    expect(stateAfterCancel('DEFINITE_FAIL', 'NOT_FOUND')).toBe('SETTLED');
    expect(stateAfterCancel('NOT_SENT')).toBe('SETTLED');
    expect(stateAfterCancel('UNKNOWN')).toBe('CANCEL_UNKNOWN');
  });
});

describe('transactions per visit kind (docs/protocol.md §7)', () => {
  it('outpatient and pharmacy use 22xx; inpatient 23xx/24xx with the undo order of the issue', () => {
    expect(transactionsFor('pharmacy')).toEqual(transactionsFor('outpatient'));
    expect(transactionsFor('outpatient').undoVisit).toEqual(['2205', '2202']);
    expect(transactionsFor('inpatient')).toMatchObject({
      settle: '2304',
      cancelSettlement: '2305',
      undoVisit: ['2405', '2302', '2404'],
    });
    // The first undo step of an outpatient visit withdraws its fee lines, as a cleared upload does.
    expect(transactionsFor('outpatient').undoVisit[0]).toBe(transactionsFor('outpatient').withdrawFees);
    expect(transactionsFor('pharmacy', 'retail')).toEqual({
      open: null,
      uploadFees: null,
      withdrawFees: null,
      presettle: '2101',
      settle: '2102',
      cancelSettlement: '2103',
      undoVisit: [],
    });
    expect(transactionsFor('outpatient', 'retail')).toEqual(transactionsFor('outpatient'));
    expect(transactionsFor('inpatient', 'retail')).toEqual(transactionsFor('inpatient'));
  });
});

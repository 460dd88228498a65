/**
 * Which national transactions a visit kind uses (docs/protocol.md §7, docs/his-api.md): pharmacy sales
 * follow the outpatient path with med_type 41; inpatients use the 23xx/24xx family.
 */
import type { VisitKind } from '../../shared/api/views';

/** A step that undoes a visit after its settlement is cancelled (scope "visit"). */
export type UndoVisitStep = '2205' | '2202' | '2405' | '2302' | '2404';

/** The transactions one visit kind uses; services take them from here, never write their own. */
export interface VisitTransactions {
  readonly uploadFees: '2204' | '2301';
  /** Withdraws uploaded lines (an unclear upload before a re-send; also the first undo step). */
  readonly withdrawFees: '2205' | '2302';
  readonly presettle: '2206' | '2303';
  readonly settle: '2207' | '2304';
  readonly cancelSettlement: '2208' | '2305';
  /** The undo steps after the settlement is cancelled, in order (scope "visit"). */
  readonly undoVisit: readonly UndoVisitStep[];
}

const OUTPATIENT: VisitTransactions = {
  uploadFees: '2204', withdrawFees: '2205', presettle: '2206', settle: '2207', cancelSettlement: '2208', undoVisit: ['2205', '2202'],
};
const INPATIENT: VisitTransactions = {
  uploadFees: '2301', withdrawFees: '2302', presettle: '2303', settle: '2304', cancelSettlement: '2305', undoVisit: ['2405', '2302', '2404'],
};

/** The transactions of a visit kind. */
export function transactionsFor(kind: VisitKind): VisitTransactions {
  return kind === 'inpatient' ? INPATIENT : OUTPATIENT;
}

/** The med_type a pharmacy sale uses (docs/sandbox-policy.md §2). */
export const PHARMACY_MED_TYPE = '41';

/**
 * Which national transactions a visit kind uses (docs/protocol.md §7, docs/his-api.md): pharmacy sales
 * follow the outpatient path with med_type 41; inpatients use the 23xx/24xx family.
 */
import type { VisitKind } from '../../shared/api/views';

export interface VisitTransactions {
  readonly open: '2201' | '2401';
  readonly uploadFees: '2204' | '2301';
  readonly presettle: '2206' | '2303';
  readonly settle: '2207' | '2304';
  readonly cancelSettlement: '2208' | '2305';
  /** The undo steps after the settlement is cancelled, in order (scope "visit"). */
  readonly undoVisit: readonly string[];
}

const OUTPATIENT: VisitTransactions = {
  open: '2201', uploadFees: '2204', presettle: '2206', settle: '2207', cancelSettlement: '2208', undoVisit: ['2205', '2202'],
};
const INPATIENT: VisitTransactions = {
  open: '2401', uploadFees: '2301', presettle: '2303', settle: '2304', cancelSettlement: '2305', undoVisit: ['2405', '2302', '2404'],
};

/** The transactions of a visit kind. */
export function transactionsFor(kind: VisitKind): VisitTransactions {
  return kind === 'inpatient' ? INPATIENT : OUTPATIENT;
}

/** The med_type a pharmacy sale uses (docs/sandbox-policy.md §2). */
export const PHARMACY_MED_TYPE = '41';

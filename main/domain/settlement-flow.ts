/**
 * Which national transactions a visit uses (docs/protocol.md §7, docs/his-api.md): outpatient visits and
 * pharmacy sales in the outpatient flow use 2201…2208 (med_type 41 for a sale); inpatients the
 * 23xx/24xx family; a pharmacy sale in the retail flow (`institution.pharmacy_flow: "retail"`,
 * docs/sandbox-policy.md §9) opens nothing at the platform and settles with 2101 / 2102 / 2103.
 */
import type { VisitKind } from '../../shared/api/views';

/** How an institution's pharmacy sales settle: as outpatient visits, or as retail sales (2101–2103). */
export type PharmacyFlow = 'outpatient' | 'retail';

/** The flow names, for configuration checks. */
export const PHARMACY_FLOWS: readonly PharmacyFlow[] = ['outpatient', 'retail'];

/** A step that undoes a visit after its settlement is cancelled (scope "visit"). */
export type UndoVisitStep = '2205' | '2202' | '2405' | '2302' | '2404';

/** The transactions one visit uses; services take them from here, never write their own. */
export interface VisitTransactions {
  /** The opening call; null: the visit is local only (retail sale). */
  readonly open: '2201' | '2401' | null;
  /** The fee upload; null: the lines travel with the pre-settle and settle (retail sale). */
  readonly uploadFees: '2204' | '2301' | null;
  /** Withdraws uploaded lines (an unclear upload before a re-send; also the first undo step); null with no upload. */
  readonly withdrawFees: '2205' | '2302' | null;
  readonly presettle: '2206' | '2303' | '2101';
  readonly settle: '2207' | '2304' | '2102';
  readonly cancelSettlement: '2208' | '2305' | '2103';
  /** The undo steps after the settlement is cancelled, in order (scope "visit"). */
  readonly undoVisit: readonly UndoVisitStep[];
}

const OUTPATIENT: VisitTransactions = {
  open: '2201',
  uploadFees: '2204',
  withdrawFees: '2205',
  presettle: '2206',
  settle: '2207',
  cancelSettlement: '2208',
  undoVisit: ['2205', '2202'],
};
const INPATIENT: VisitTransactions = {
  open: '2401',
  uploadFees: '2301',
  withdrawFees: '2302',
  presettle: '2303',
  settle: '2304',
  cancelSettlement: '2305',
  undoVisit: ['2405', '2302', '2404'],
};
const RETAIL: VisitTransactions = {
  open: null,
  uploadFees: null,
  withdrawFees: null,
  presettle: '2101',
  settle: '2102',
  cancelSettlement: '2103',
  undoVisit: [],
};

/** The transactions of a visit kind; `flow` matters only for pharmacy sales. */
export function transactionsFor(kind: VisitKind, flow: PharmacyFlow = 'outpatient'): VisitTransactions {
  if (kind === 'inpatient') return INPATIENT;
  return kind === 'pharmacy' && flow === 'retail' ? RETAIL : OUTPATIENT;
}

/** The flow a visit was opened in (kept in its details, so a later configuration change cannot split a sale). */
export function flowOfVisit(v: {
  readonly kind: VisitKind;
  readonly details: Readonly<Record<string, unknown>>;
}): PharmacyFlow {
  return v.kind === 'pharmacy' && v.details.pharmacy_flow === 'retail' ? 'retail' : 'outpatient';
}

/** The med_type a pharmacy sale uses (docs/sandbox-policy.md §2). */
export const PHARMACY_MED_TYPE = '41';

/** The upload and withdraw transactions of a visit whose lines go up to the platform (never a retail sale). */
export function uploadTransactionsFor(kind: VisitKind): {
  readonly uploadFees: '2204' | '2301';
  readonly withdrawFees: '2205' | '2302';
} {
  return kind === 'inpatient'
    ? { uploadFees: '2301', withdrawFees: '2302' }
    : { uploadFees: '2204', withdrawFees: '2205' };
}

/**
 * Which benefit line a medical type settles on (sandbox-policy.md §4): 21–25 inpatient;
 * 11, 12, 13 outpatient; 14 chronic (门诊慢特病, D-8); 41 pharmacy.
 */
import { assertNever } from '../../shared/result';

/** A benefit line of the insured place's policy. */
export type BenefitLine = 'inpatient' | 'outpatient' | 'chronic' | 'pharmacy';

/** Medical types of inpatient visits (2401). */
export const INPATIENT_MED_TYPES: readonly string[] = ['21', '22', '23', '24', '25'];
/** Medical types of outpatient and pharmacy visits (2203). */
export const OUTPATIENT_MED_TYPES: readonly string[] = ['11', '12', '13', '14', '41'];

/** The benefit line of `medType`, or null when the sandbox does not settle that type. */
export function benefitLineOf(medType: string): BenefitLine | null {
  if (INPATIENT_MED_TYPES.includes(medType)) return 'inpatient';
  if (medType === '11' || medType === '12' || medType === '13') return 'outpatient';
  if (medType === '14') return 'chronic';
  if (medType === '41') return 'pharmacy';
  return null;
}

/** 清算类别 (§4.9): 11 outpatient and chronic, 21 inpatient, 41 pharmacy. */
export function clrTypeOf(line: BenefitLine): string {
  switch (line) {
    case 'inpatient':
      return '21';
    case 'outpatient':
    case 'chronic':
      return '11';
    case 'pharmacy':
      return '41';
    default:
      return assertNever(line, 'benefit line');
  }
}

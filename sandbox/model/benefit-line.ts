/**
 * Which benefit line a medical type settles on (docs/sandbox-policy.md §4): 21–25 inpatient;
 * 11, 12, 13 outpatient; 14 chronic (门诊慢特病, D-8); 41 pharmacy. The rule itself lives in
 * shared/dicts/med-type.ts, so the adapter and the sandbox read med_types the same way.
 */
import { benefitLineOf, clrTypeOfLine } from '../../shared/dicts/med-type';
import type { BenefitLine } from '../../shared/dicts/med-type';

export type { BenefitLine };
export { benefitLineOf };

/** Medical types of inpatient visits (2401). */
export const INPATIENT_MED_TYPES: readonly string[] = ['21', '22', '23', '24', '25'];
/** Medical types of outpatient and pharmacy visits (2203). */
export const OUTPATIENT_MED_TYPES: readonly string[] = ['11', '12', '13', '14', '41'];

/** 清算类别 (§4.9): 11 outpatient and chronic, 21 inpatient, 41 pharmacy. */
export const clrTypeOf = (line: BenefitLine): string => clrTypeOfLine(line);

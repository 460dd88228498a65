/**
 * med_type 医疗类别 (docs/protocol.md §3) and the benefit line each one settles on
 * (docs/sandbox-policy.md §4). Regional codes (`140104`, `9107` …) are shown raw.
 */
import { assertNever } from '../result';

export const MED_TYPE = {
  '11': '普通门诊',
  '12': '门诊挂号',
  '13': '急诊',
  '14': '门诊慢特病',
  '15': '特药',
  '16': '中医特色门诊',
  '21': '普通住院',
  '22': '外伤住院',
  '23': '转外诊治住院',
  '24': '急诊转住院',
  '25': '异地住院',
  '26': '单病种住院',
  '27': '自主就医',
  '28': '日间手术',
  '29': '起付线治疗',
  '41': '定点药店购药',
  '51': '生育门诊',
  '52': '生育住院',
  '53': '计划生育手术费',
  '61': '照护保险',
} as const;

/** A 医疗类别 code of the national list. */
export type MedType = keyof typeof MED_TYPE;

/** The insured place's benefit line a visit settles on (D-11, docs/sandbox-policy.md §4). */
export type BenefitLine = 'inpatient' | 'outpatient' | 'chronic' | 'pharmacy';

/** All benefit lines. */
export const BENEFIT_LINES: readonly BenefitLine[] = ['inpatient', 'outpatient', 'chronic', 'pharmacy'];

/** Chinese names of the benefit lines. */
export const BENEFIT_LINE_NAMES: Readonly<Record<BenefitLine, string>> = {
  inpatient: '住院',
  outpatient: '普通门诊',
  chronic: '门诊慢特病',
  pharmacy: '药店购药',
};

/**
 * The benefit line of a med_type: 21–25 → inpatient; 11, 12, 13 → outpatient; 14 → chronic;
 * 41 → pharmacy (docs/sandbox-policy.md §4). Null for any other code: the sandbox model does not
 * cover it, and the caller decides how to refuse.
 */
export function benefitLineOf(medType: string): BenefitLine | null {
  switch (medType) {
    case '21':
    case '22':
    case '23':
    case '24':
    case '25':
      return 'inpatient';
    case '11':
    case '12':
    case '13':
      return 'outpatient';
    case '14':
      return 'chronic';
    case '41':
      return 'pharmacy';
    default:
      return null;
  }
}

/** 清算类别 of a benefit line (docs/sandbox-policy.md §4 step 9): 11 outpatient and chronic, 21 inpatient, 41 pharmacy. */
export function clrTypeOfLine(line: BenefitLine): '11' | '21' | '41' {
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

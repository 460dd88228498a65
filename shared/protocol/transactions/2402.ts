/** 2402 出院办理 (docs/protocol.md §2.4): discharge; no output node. */
import type { DateTimeText } from '../scalars';
import type { InpatientDiseinfo } from './2401';
import type { MaternityFields } from './common';
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** The `dscginfo` node of 2402. */
export interface Dscginfo extends MaternityFields {
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly insutype: string;
  /** 出院时间. */
  readonly endtime: DateTimeText;
  readonly dise_codg?: string;
  readonly dise_name?: string;
  readonly oprn_oprt_code?: string;
  readonly oprn_oprt_name?: string;
  readonly fpsc_no?: string;
  /** 伴有并发症标志. */
  readonly cop_flag?: string;
  readonly dscg_dept_codg: string;
  readonly dscg_dept_name: string;
  readonly dscg_bed?: string;
  /** 离院方式 (shared/dicts/dscg-way). */
  readonly dscg_way: string;
  /** 死亡日期. */
  readonly die_date?: string;
}

/** Input of 2402. */
export interface Input2402 {
  readonly dscginfo: Dscginfo;
  readonly diseinfo: readonly InpatientDiseinfo[];
}

/** Request fields of 2402 sent as JSON number literals (none are decimal strings). */
export const NUMERIC_REQUEST_FIELDS_2402 = [] as const;

/** Output of 2402 (none). */
export const Output2402Schema = NoOutputSchema;

/** Output of 2402. */
export type Output2402 = NoOutput;

/**
 * 2203 门诊就诊信息上传 (docs/protocol.md §2.3): sets `med_type`, the disease and diagnoses of an
 * outpatient visit before any fee goes up (docs/his-api.md; D-8 for chronic diseases). No output node.
 */
import type { DateTimeText } from '../scalars';
import { NoOutputSchema } from './common';
import type { NoOutput } from './common';

/** The `mdtrtinfo` node of 2203. */
export interface OutpatientMdtrtinfo {
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly med_type: string;
  readonly begntime: DateTimeText;
  /** 主要病情描述. */
  readonly main_cond_dscr?: string;
  /** 病种编码 (按病种结算/门慢特病种目录代码); required for med_type 14. */
  readonly dise_codg?: string;
  readonly dise_name?: string;
  readonly birctrl_type?: string;
  readonly birctrl_matn_date?: string;
  readonly matn_type?: string;
  /** 孕周数. */
  readonly geso_val?: number;
}

/** One `diseinfo` row of 2203. */
export interface OutpatientDiseinfo {
  /** 诊断类别: `1` 西医, `2` 中医主病, `3` 中医主证. */
  readonly diag_type: string;
  /** 诊断排序号, from 1. */
  readonly diag_srt_no: number;
  readonly diag_code: string;
  readonly diag_name: string;
  readonly diag_dept: string;
  readonly dise_dor_no: string;
  readonly dise_dor_name: string;
  readonly diag_time: DateTimeText;
  /** 有效标志, `1`. */
  readonly vali_flag: string;
}

/** Input of 2203. */
export interface Input2203 {
  readonly mdtrtinfo: OutpatientMdtrtinfo;
  readonly diseinfo: readonly OutpatientDiseinfo[];
}

/** Request fields of 2203 sent as JSON number literals (none are decimal strings). */
export const NUMERIC_REQUEST_FIELDS_2203 = [] as const;

/** Output of 2203 (none). */
export const Output2203Schema = NoOutputSchema;

/** Output of 2203. */
export type Output2203 = NoOutput;

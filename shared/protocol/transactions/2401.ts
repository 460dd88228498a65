/**
 * 2401 入院办理 (docs/protocol.md §2.4): admission; answers `result.mdtrt_id` (NT `Output_2401`).
 * The sandbox checks the registration against the admission date here (D-6).
 */
import type { MdtrtCertType } from '../../dicts/mdtrt-cert-type';
import type { DateTimeText } from '../scalars';
import type { MaternityFields } from './common';
import { idString, isNotProvided } from '../wire-values';
import { z } from '../zod';

/** The `mdtrtinfo` node of 2401. */
export interface AdmissionMdtrtinfo extends MaternityFields {
  readonly psn_no: string;
  readonly insutype: string;
  /** 联系人姓名 (personal data: redact). */
  readonly coner_name?: string;
  /** 联系电话 (personal data: redact). */
  readonly tel?: string;
  /** 入院时间. */
  readonly begntime: DateTimeText;
  readonly mdtrt_cert_type: MdtrtCertType;
  readonly mdtrt_cert_no: string;
  readonly med_type: string;
  /** 住院号, unique. */
  readonly ipt_no: string;
  /** 病历号. */
  readonly medrcdno?: string;
  readonly atddr_no: string;
  /** 主诊医师姓名. */
  readonly chfpdr_name: string;
  /** 入院诊断描述. */
  readonly adm_diag_dscr: string;
  readonly adm_dept_codg: string;
  readonly adm_dept_name: string;
  readonly adm_bed?: string;
  /** 住院主诊断代码. */
  readonly dscg_maindiag_code: string;
  readonly dscg_maindiag_name: string;
  readonly main_cond_dscr?: string;
  readonly dise_codg?: string;
  readonly dise_name?: string;
  /** Required for day surgery. */
  readonly oprn_oprt_code?: string;
  readonly oprn_oprt_name?: string;
  /** 计划生育服务证号. */
  readonly fpsc_no?: string;
  readonly dise_type_code?: string;
  readonly exp_content?: string;
}

/** One `diseinfo` row of 2401/2402. */
export interface InpatientDiseinfo {
  /** 2402 carries the visit id on each row. */
  readonly mdtrt_id?: string;
  readonly psn_no: string;
  readonly diag_type: string;
  /** 主诊断标志 `0`/`1`. */
  readonly maindiag_flag: string;
  readonly diag_srt_no: number;
  readonly diag_code: string;
  readonly diag_name: string;
  /** 入院病情 (2401). */
  readonly adm_cond?: string;
  readonly diag_dept: string;
  readonly dise_dor_no: string;
  readonly dise_dor_name: string;
  readonly diag_time: DateTimeText;
}

/** Input of 2401. */
export interface Input2401 {
  readonly mdtrtinfo: AdmissionMdtrtinfo;
  readonly diseinfo: readonly InpatientDiseinfo[];
}

/** Request fields of 2401 sent as JSON number literals (none are decimal strings). */
export const NUMERIC_REQUEST_FIELDS_2401 = [] as const;

/**
 * Output of 2401: `result {mdtrt_id}`. Some gateways answer under `data` instead; that is read
 * too, and the output is always given as `result`.
 */
export const Output2401Schema = z
  .object({
    result: z.unknown().optional(),
    data: z.unknown().optional(),
  })
  .transform((o) => ({ result: isNotProvided(o.result) ? o.data : o.result }))
  .pipe(z.object({ result: z.object({ mdtrt_id: idString }) }));

/** Output of 2401. */
export type Output2401 = z.output<typeof Output2401Schema>;

/**
 * Request bodies of the HIS API (docs/his-api.md). The paths, fields and
 * names are fixed because HIS vendors and outside checks rely on them; added fields are optional.
 */
import { z } from 'zod';
import { codeField, dateTimeField, decimalField, idField, moneyField, rawTextField, textField } from './request-fields';

/** `POST /api/v1/patients/identify`. */
export const IdentifyRequest = z.object({
  mdtrt_cert_type: z.enum(['01', '02', '03']),
  mdtrt_cert_no: textField(200, 1),
  card_sn: textField(64).optional(),
});
export type IdentifyRequest = z.infer<typeof IdentifyRequest>;

/**
 * Identify by a scanned e-voucher QR code (`POST /api/v1/patients/identify` with `ec_qr_code`):
 * the adapter has it decoded (docs/protocol.md §5), then identifies with `01` + the decoded ecToken.
 */
export const IdentifyByQrRequest = z.object({
  ec_qr_code: z.string().trim().min(1).max(512),
});
export type IdentifyByQrRequest = z.infer<typeof IdentifyByQrRequest>;

/** One diagnosis (2203 diseinfo / 2401 diseinfo). */
export const DiagnosisInput = z.object({
  diag_type: codeField().default('1'),
  diag_srt_no: z.coerce.number().int().min(1).max(99).optional(),
  diag_code: textField(30, 1),
  diag_name: textField(100, 1),
  maindiag_flag: z.enum(['0', '1']).optional(),
  diag_dept: textField(50).optional(),
  dise_dor_no: textField(30).optional(),
  dise_dor_name: textField(50).optional(),
  diag_time: dateTimeField.optional(),
});
export type DiagnosisInput = z.infer<typeof DiagnosisInput>;

/** `POST /api/v1/visits`. */
export const OpenVisitRequest = z.object({
  kind: z.enum(['outpatient', 'inpatient', 'pharmacy']),
  psn_no: idField(),
  insutype: codeField(),
  med_type: codeField(),
  mdtrt_cert_type: z.enum(['01', '02', '03']),
  mdtrt_cert_no: textField(200, 1),
  card_sn: textField(64).optional(),
  ipt_otp_no: idField(),
  begntime: dateTimeField,
  dise_codg: textField(30).optional(),
  dise_name: textField(100).optional(),
  diagnoses: z.array(DiagnosisInput).max(50).optional(),
  insuplc_admdvs: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  atddr_no: textField(30).optional(),
  dr_name: textField(50).optional(),
  dept_code: textField(30).optional(),
  dept_name: textField(100).optional(),
  adm_bed: textField(30).optional(),
  /**
   * Full self-pay with upload (D-21): the patient pays everything and the fees are uploaded for
   * manual reimbursement (no eligibility check; outpatient and pharmacy visits only).
   */
  self_pay: z.boolean().optional(),
});
export type OpenVisitRequest = z.infer<typeof OpenVisitRequest>;

/** One fee line from the HIS. Amounts: money ≤ 2 dp, price ≤ 6 dp, quantity ≤ 4 dp. */
export const FeeLineRequest = z.object({
  feedetl_sn: idField(30),
  med_list_codg: textField(50).optional(),
  medins_list_codg: textField(150, 1),
  name: textField(200, 1),
  cnt: decimalField(4, { allowNegative: true }),
  pric: decimalField(6),
  det_item_fee_sumamt: moneyField(true),
  fee_ocur_time: dateTimeField,
  init_feedetl_sn: idField(30).optional(),
});
export type FeeLineRequest = z.infer<typeof FeeLineRequest>;

/** `POST /api/v1/visits/{visit_id}/fees`. */
export const UploadFeesRequest = z.object({
  lines: z.array(FeeLineRequest).min(1).max(20_000),
  chrg_bchno: idField(30).optional(),
});
export type UploadFeesRequest = z.infer<typeof UploadFeesRequest>;

/** `POST /api/v1/visits/{visit_id}/discharge`. */
export const DischargeRequest = z.object({
  endtime: dateTimeField,
  dscg_way: codeField().optional(),
  dise_codg: textField(30).optional(),
  dise_name: textField(100).optional(),
});
export type DischargeRequest = z.infer<typeof DischargeRequest>;

/** `POST /api/v1/visits/{visit_id}/presettle` and `/settle`. */
export const SettleRequest = z.object({
  acct_used_flag: z.enum(['0', '1']).default('0'),
  invono: textField(20).optional(),
  mdtrt_cert_type: z.enum(['01', '02', '03']).optional(),
  mdtrt_cert_no: textField(200, 1).optional(),
  card_sn: textField(64).optional(),
  cainfo: rawTextField(1024).optional(),
  mid_setl_flag: z.enum(['0', '1']).optional(),
  /** Settle as full self-pay (D-21): every yuan in `psn_cash_pay`, no fund, no account. Outpatient and pharmacy only. */
  self_pay: z.boolean().optional(),
});
export type SettleRequest = z.infer<typeof SettleRequest>;

/** `POST /api/v1/settlements/{settlement_id}/cancel`. */
export const CancelRequest = z.object({
  scope: z.enum(['visit', 'settlement']).default('visit'),
  reason: textField(200, 1),
});
export type CancelRequest = z.infer<typeof CancelRequest>;

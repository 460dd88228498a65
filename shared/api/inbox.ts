/**
 * The HIS inbox: open visits and bills the HIS pushes to the adapter (`POST /api/v1/inbox`), so
 * the cashier picks the patient's visit at the window instead of typing it (ui-contract `visit-row`).
 * In training mode the adapter seeds the inbox with demo bills for the demo patients.
 */
import { z } from 'zod';
import { FeeLineRequest } from './requests';
import { codeField, dateTimeField, idField, textField } from './request-fields';

/** A bill pushed by the HIS for one patient's visit. */
export const InboxPushRequest = z.object({
  /** The HIS's own id for this visit; becomes the adapter's `visit_id` when opened. */
  visit_id: idField(40).optional(),
  kind: z.enum(['outpatient', 'inpatient', 'pharmacy']),
  /** Who the bill is for: the ID number (certno) or psn_no of the patient. */
  certno: textField(18).optional(),
  psn_no: idField().optional(),
  patient_name: textField(50).optional(),
  med_type: codeField(),
  ipt_otp_no: idField(),
  begntime: dateTimeField,
  endtime: dateTimeField.optional(),
  dise_codg: textField(30).optional(),
  dise_name: textField(100).optional(),
  dept_name: textField(100).optional(),
  dr_name: textField(50).optional(),
  lines: z.array(FeeLineRequest).max(20_000).default([]),
});
export type InboxPushRequest = z.infer<typeof InboxPushRequest>;

/** An inbox entry as the UI lists it. */
export interface InboxItemView {
  readonly inbox_id: string;
  /** Set once the visit is opened at the platform. */
  readonly visit_id: string | null;
  readonly kind: 'outpatient' | 'inpatient' | 'pharmacy';
  readonly certno_masked: string | null;
  readonly psn_no: string | null;
  readonly med_type: string;
  readonly ipt_otp_no: string;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly dise_codg: string | null;
  readonly dise_name: string | null;
  readonly dept_name: string | null;
  readonly dr_name: string | null;
  readonly line_count: number;
  /** Bill total, 2-dp string. */
  readonly total: string;
  readonly state: 'waiting' | 'opened' | 'settled' | 'cancelled';
}

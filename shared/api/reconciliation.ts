/**
 * The HIS API of daily reconciliation (docs/his-api.md "Reconciliation"): request bodies and the answer
 * shape. Amounts cross the wire as 2-decimal strings; `count` is settles minus cancels.
 */
import { z } from 'zod';
import { textField } from './request-fields';
import { isIsoDate } from '../dates';

/** `POST /api/v1/reconciliations`. */
export const ReconcileRequest = z.object({
  stmt_date: z.string().refine(isIsoDate, { message: '应为 yyyy-MM-dd 格式的日期' }),
});
export type ReconcileRequest = z.infer<typeof ReconcileRequest>;

/** The fixes a difference may offer. */
export const FIX_ACTIONS = ['adopt', 'cancel_at_platform', 'mark_local_cancelled', 'recheck'] as const;
export type FixAction = (typeof FIX_ACTIONS)[number];

/** `POST /api/v1/reconciliations/{recon_id}/differences/{diff_id}/fix`. */
export const FixRequest = z.object({
  action: z.enum(FIX_ACTIONS),
  reason: textField(200, 1),
});
export type FixRequest = z.infer<typeof FixRequest>;

/** One side's amounts of a difference. */
export interface DiffAmountsView {
  readonly medfee_sumamt: string;
  readonly fund_pay_sumamt: string;
  readonly acct_pay: string;
}

/** One difference. */
export interface DifferenceView {
  readonly diff_id: string;
  readonly kind: 'platform_only' | 'local_only' | 'amount_differs';
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly refd_setl_flag: '0' | '1';
  readonly local: DiffAmountsView | null;
  readonly platform: DiffAmountsView | null;
  /** Plain Chinese, from the adapter's own journal. */
  readonly cause: string;
  /** Allowed fixes; empty once fixed. */
  readonly fixes: readonly FixAction[];
  /** The fix applied, or null. */
  readonly fixed: { readonly action: FixAction; readonly at: string } | null;
}

/** One 3201 group with the local figures sent. */
export interface ReconGroupView {
  readonly insutype: string;
  readonly clr_type: string;
  readonly setl_optins: string;
  readonly count: number;
  readonly medfee_sumamt: string;
  readonly fund_pay_sumamt: string;
  readonly acct_pay: string;
  readonly balanced: boolean;
  readonly platform_note: string;
}

/** The answer of `POST /api/v1/reconciliations` and `GET /api/v1/reconciliations/{recon_id}`. */
export interface ReconciliationView {
  readonly recon_id: string;
  readonly stmt_date: string;
  readonly state: 'balanced' | 'unbalanced' | 'running' | 'failed';
  readonly groups: readonly ReconGroupView[];
  readonly differences: readonly DifferenceView[];
  /** Why a failed run failed (plain Chinese), else null. */
  readonly error: string | null;
  readonly started_at: string;
  readonly finished_at: string | null;
}

/** The answer of a fix. */
export interface FixResultView {
  readonly recon_id: string;
  readonly diff_id: string;
  readonly action: FixAction;
  /** What was done, plain Chinese. */
  readonly note: string;
  readonly difference: DifferenceView;
}

/** A day as the health strip, F4 and the 对账 view list it. */
export interface ReconDayView {
  readonly stmt_date: string;
  readonly recon_id: string;
  readonly state: ReconciliationView['state'];
  /** Differences not yet fixed. */
  readonly open_differences: number;
}

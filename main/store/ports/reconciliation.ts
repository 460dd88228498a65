/**
 * The reconciliation store port (docs/his-api.md "Reconciliation"): runs, differences, fixes (an audit
 * kept for life) and the adjustments fixes make to the adapter's rows. Asynchronous and
 * engine-free like every store port; one business step per method.
 */
import type { ReconRow } from '../../domain/reconciliation-rows';
import type { SettlementRecord } from './records';

export type ReconState = 'running' | 'balanced' | 'unbalanced' | 'failed';
export type DiffKind = 'platform_only' | 'local_only' | 'amount_differs';
export type FixAction = 'adopt' | 'cancel_at_platform' | 'mark_local_cancelled' | 'recheck';

/** Amounts of one side of a difference, integer fen. */
export interface DiffAmounts {
  readonly medfee_sumamt: number;
  readonly fund_pay_sumamt: number;
  readonly acct_pay: number;
}

/** One group as reconciled with 3201 (the local figures sent, and the platform's answer). */
export interface ReconGroupRecord {
  readonly insutype: string;
  readonly clr_type: string;
  readonly setl_optins: string;
  readonly count: number;
  readonly medfee_sumamt: number;
  readonly fund_pay_sumamt: number;
  readonly acct_pay: number;
  readonly psn_cash_pay: number;
  readonly balanced: boolean;
  /** 3201's `stmt_rslt_dscr` (or why the group could not be checked). */
  readonly platform_note: string;
}

/** One reconciliation run. */
export interface ReconRecord {
  readonly recon_id: string;
  readonly stmt_date: string;
  readonly state: ReconState;
  readonly trigger: 'schedule' | 'demand';
  readonly groups: readonly ReconGroupRecord[];
  readonly error: string | null;
  readonly created_at: number;
  readonly finished_at: number | null;
}

/** One difference found by 3202. */
export interface DiffRecord {
  readonly recon_id: string;
  readonly diff_id: string;
  readonly kind: DiffKind;
  readonly setl_id: string;
  readonly refd_setl_flag: '0' | '1';
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly insutype: string | null;
  readonly clr_type: string;
  readonly setl_optins: string;
  /** The platform's msgid of the row (3202 result), or null. */
  readonly platform_msgid: string | null;
  readonly local: DiffAmounts | null;
  readonly platform: DiffAmounts | null;
  readonly cause: string;
  readonly fixes: readonly FixAction[];
  readonly fixed_action: FixAction | null;
  readonly fixed_at: number | null;
}

/** One applied (or refused) fix, kept for life. */
export interface FixRecord {
  readonly fix_id: string;
  readonly recon_id: string;
  readonly diff_id: string;
  readonly action: FixAction;
  readonly reason: string;
  readonly actor: string;
  readonly outcome: 'applied' | 'refused' | 'failed';
  readonly note: string;
  readonly created_at: number;
}

/** A change a fix makes to the adapter's rows: adopt the platform's row, or exclude a local one. */
export interface RowAdjustment {
  readonly action: 'adopt' | 'exclude';
  readonly row: ReconRow;
}

export interface ReconciliationRepository {
  /** Starts a run in state `running`. */
  begin(r: { recon_id: string; stmt_date: string; trigger: 'schedule' | 'demand'; created_at: number }): Promise<void>;
  /** Ends a run with its groups and differences, in one transaction. */
  finish(
    recon_id: string,
    state: Exclude<ReconState, 'running'>,
    groups: readonly ReconGroupRecord[],
    diffs: readonly DiffRecord[],
    error: string | null,
    now: number,
  ): Promise<void>;
  get(recon_id: string): Promise<ReconRecord | null>;
  differences(recon_id: string): Promise<DiffRecord[]>;
  difference(recon_id: string, diff_id: string): Promise<DiffRecord | null>;
  /** The newest run of each date in [from, to], newest date first. */
  latestByDate(from: string, to: string, limit: number): Promise<ReconRecord[]>;
  /** The newest run of a date, or null. */
  latestOf(stmt_date: string): Promise<ReconRecord | null>;
  /** Settlements with a setl_id updated at or after `since` (epoch ms), oldest first. */
  settlementsTouchedSince(since: number, limit: number): Promise<SettlementRecord[]>;
  /** Settlements carrying this setl_id, newest first. */
  settlementsBySetlId(setl_id: string): Promise<SettlementRecord[]>;
  /** The adjustments whose row is dated in [from, to]. */
  adjustmentsBetween(from: string, to: string): Promise<RowAdjustment[]>;
  /** Every group (insutype × clr_type × setl_optins) seen in runs or settlements since `since`. */
  knownGroups(since: number): Promise<{ insutype: string; clr_type: string; setl_optins: string }[]>;
  /**
   * Records a fix: the audit row, the adjustments it makes (replacing any of the same key) and,
   * when applied, the difference marked fixed — one transaction.
   */
  recordFix(fix: FixRecord, adjustments: readonly RowAdjustment[]): Promise<void>;
  fixesOf(recon_id: string): Promise<FixRecord[]>;
}

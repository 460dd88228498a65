/**
 * Plain records the store keeps for the settlement core. Engine-free: ids are app-made strings,
 * times are epoch ms, money is integer fen, JSON-shaped details are plain objects.
 */
import type { SettlementStateCode } from '../../domain/settlement-state';
import type { CallOutcome } from '../../domain/call-outcome';
import type { VisitKind } from '../../../shared/api/views';
import type { RegionKind } from '../../../shared/region';

/** One upstream call as journaled before it is sent. `request` is the redacted envelope JSON. */
export interface JournalEntry {
  readonly call_id: string;
  readonly msgid: string;
  readonly infno: string;
  readonly visit_id?: string | null;
  readonly settlement_id?: string | null;
  readonly omsgid?: string | null;
  readonly request: string;
  readonly created_at: number;
  /** The operator on whose behalf the call is made; default: the `opter` of the request envelope. */
  readonly opter?: string | null;
}

/** The outcome of a journaled call. Texts are redacted. */
export interface JournalOutcome {
  readonly outcome: CallOutcome;
  readonly response?: string | null;
  readonly err_code?: string | null;
  readonly err_msg?: string | null;
  readonly http_status?: number | null;
  readonly transport_error?: string | null;
  readonly ended_at: number;
}

/** A journal row as read back. */
export interface JournalRecord extends JournalEntry {
  readonly state: 'SENDING' | CallOutcome;
  readonly response: string | null;
  readonly err_code: string | null;
  readonly err_msg: string | null;
  readonly http_status: number | null;
  readonly transport_error: string | null;
  readonly late_response: string | null;
  readonly ended_at: number | null;
}

/** What the adapter remembers of a person from 1101 (for the insured place of later calls). */
export interface PersonRecord {
  readonly psn_no: string;
  /** 1101 baseinfo as plain data (names and numbers as received; the DB is the ledger, not a log). */
  readonly baseinfo: Readonly<Record<string, unknown>>;
  readonly insuinfo: readonly Readonly<Record<string, unknown>>[];
  /** idetinfo, rgstinfo and other nodes. */
  readonly extra: Readonly<Record<string, unknown>>;
  readonly identified_at: number;
}

export type VisitRecordState = 'opening' | 'open' | 'discharged' | 'closed' | 'cancelled' | 'failed';

/** A visit the adapter opened (or is opening) at the platform. */
export interface VisitRecord {
  readonly visit_id: string;
  readonly kind: VisitKind;
  readonly psn_no: string;
  readonly insutype: string;
  readonly med_type: string;
  readonly insuplc_admdvs: string;
  readonly region_kind: RegionKind;
  readonly mdtrt_cert_type: string;
  readonly mdtrt_cert_no: string;
  readonly card_sn: string | null;
  readonly mdtrt_id: string | null;
  readonly ipt_otp_no: string;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly dise_codg: string | null;
  readonly dise_name: string | null;
  /** The outpatient fee batch lines go into until the next settlement. */
  readonly chrg_bchno: string | null;
  readonly batch_seq: number;
  readonly state: VisitRecordState;
  readonly eligibility: unknown;
  /** Diagnoses, doctor, department and other open-visit details. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly created_at: number;
  readonly updated_at: number;
}

export type FeeLineState = 'pending' | 'uploaded' | 'settled' | 'withdrawn';

/** A fee line of a visit. cnt and pric are normalised decimal strings; the amount is fen. */
export interface FeeLineRecord {
  readonly visit_id: string;
  readonly feedetl_sn: string;
  readonly med_list_codg: string | null;
  readonly medins_list_codg: string;
  readonly name: string;
  readonly cnt: string;
  readonly pric: string;
  readonly amount_fen: number;
  readonly fee_ocur_time: string;
  readonly init_feedetl_sn: string | null;
  readonly chrg_bchno: string | null;
  readonly state: FeeLineState;
  /** The platform's split of this line (2204/2301 result), as plain data with 2-dp strings. */
  readonly platform: Readonly<Record<string, unknown>> | null;
  /** The adapter's preview of this line, when one was made. */
  readonly preview: Readonly<Record<string, unknown>> | null;
  readonly seq: number;
}

/** A settlement attempt (one 2207/2304/2102 msgid) and where it stands. */
export interface SettlementRecord {
  readonly settlement_id: string;
  readonly visit_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  /** 2207 outpatient (and pharmacy in the outpatient flow), 2304 inpatient, 2102 retail pharmacy. */
  readonly infno: '2207' | '2304' | '2102';
  /** `""` for a 2102 until the platform's answer names the visit it opened. */
  readonly msgid: string;
  readonly chrg_bchno: string | null;
  readonly state: SettlementStateCode;
  readonly acct_used_flag: '0' | '1';
  /** Total of the lines the adapter uploaded for this settlement, fen. */
  readonly bill_total_fen: number;
  readonly setl_id: string | null;
  readonly setlinfo: Readonly<Record<string, unknown>> | null;
  readonly setldetail: readonly Readonly<Record<string, unknown>>[] | null;
  readonly flags: readonly string[];
  readonly cancel_msgid: string | null;
  readonly cancel_setlinfo: Readonly<Record<string, unknown>> | null;
  readonly err_code: string | null;
  readonly created_at: number;
  readonly updated_at: number;
  /**
   * The operator who settled (national `opter`, as in the settle's journal row). Optional when
   * creating: the store takes the `opter` of the settle's envelope. Null on rows made before 0120
   * without one.
   */
  readonly opter?: string | null;
  /** The window (adapter instance, config `window_id`) that settled; null before migration 0120. */
  readonly window_id?: string | null;
}

/** Which settlements a list reads (window-lists): by window and by operator. */
export interface SettlementScope {
  /** Only this window's (rows from before migration 0120, with no window, count as this window's). */
  readonly window_id?: string | undefined;
  /** Only those this operator settled. */
  readonly opter?: string | undefined;
}

/** One step in a settlement's history (shown to the supervisor; audit in a later issue). */
export interface SettlementEvent {
  readonly settlement_id: string;
  readonly at: number;
  readonly from_state: SettlementStateCode | null;
  readonly to_state: SettlementStateCode;
  readonly note: string;
}

/** An inbox entry pushed by the HIS. */
export interface InboxRecord {
  readonly inbox_id: string;
  readonly his_visit_id: string | null;
  readonly visit_id: string | null;
  readonly kind: VisitKind;
  readonly certno: string | null;
  readonly psn_no: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly state: 'waiting' | 'opened' | 'settled' | 'cancelled';
  readonly created_at: number;
}

/**
 * The settlement core's store ports (docs/architecture.md §3): asynchronous, engine-free, one method per
 * business step, each its own transaction. The SQLite implementation lives beside this folder;
 * a PostgreSQL one for hospital mode implements the same interfaces.
 */
import type { SettlementStateCode } from '../../domain/settlement-state';
import type {
  FeeLineRecord,
  InboxRecord,
  JournalEntry,
  JournalOutcome,
  JournalRecord,
  PersonRecord,
  SettlementEvent,
  SettlementRecord,
  SettlementScope,
  VisitRecord,
  VisitRecordState,
} from './records';
import type { NewJob } from './jobs';

/** Every upstream call, written before it is sent (docs/reliability.md §2). */
export interface JournalRepository {
  /** Commits the entry in state SENDING. Throws when the msgid was used before. */
  recordAttempt(entry: JournalEntry): Promise<void>;
  /**
   * Applies an outcome only while the row is still SENDING; otherwise keeps the reply as a late
   * response and returns false (a late approval must not undo a decision already taken).
   */
  recordOutcome(msgid: string, outcome: JournalOutcome): Promise<boolean>;
  /** At start-up, before anything else runs: every SENDING call becomes UNKNOWN. Returns the count. */
  sendingToUnknownAtStartup(now: number): Promise<number>;
  byMsgid(msgid: string): Promise<JournalRecord | null>;
  forVisit(visit_id: string): Promise<JournalRecord[]>;
  /** Calls journaled in [from, to) epoch ms, oldest first (diagnostic bundle). */
  between(from: number, to: number, limit: number): Promise<JournalRecord[]>;
}

/** The persisted msgid counter (docs/reliability.md §2: msgid unique and kept for life). */
export interface MsgidCounter {
  /** The next 4-digit sequence (0–9999), taken from a persisted counter. */
  nextSequence(): Promise<number>;
}

export interface PersonRepository {
  save(p: PersonRecord): Promise<void>;
  get(psn_no: string): Promise<PersonRecord | null>;
}

export interface VisitRepository {
  /**
   * Inserts a visit in state `opening` and journals the opening call in one transaction. `null`: a
   * local visit that no call opens (a retail pharmacy sale), inserted in the state it carries.
   */
  createOpening(v: VisitRecord, opening: JournalEntry | null): Promise<void>;
  get(visit_id: string): Promise<VisitRecord | null>;
  byMdtrtId(mdtrt_id: string): Promise<VisitRecord | null>;
  /**
   * Updates fields of a visit (state, mdtrt_id, eligibility, endtime, batch …). With `outcome`, the
   * call that caused the change has its outcome journaled in the same transaction.
   */
  update(
    visit_id: string,
    patch: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>,
    now: number,
    outcome?: CallOutcomeRecord,
  ): Promise<VisitRecord>;
  /** Visits in any of the given states, newest first. */
  listByState(states: readonly VisitRecordState[], limit: number): Promise<VisitRecord[]>;
  /** The person's visits in any of the given states, newest first (the window's open visits). */
  forPatient(psn_no: string, states: readonly VisitRecordState[], limit: number): Promise<VisitRecord[]>;
  /** Enqueues a job about a visit in the same transaction as a state change. */
  updateWithJob(
    visit_id: string,
    patch: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>,
    job: NewJob,
    now: number,
  ): Promise<void>;
}

export interface FeeLineRepository {
  /** The visit's lines in upload order. */
  forVisit(visit_id: string): Promise<FeeLineRecord[]>;
  /**
   * Stores lines the platform accepted (state `uploaded`, with its split), replacing withdrawn
   * lines of the same feedetl_sn, and sets the visit's batch, in one transaction. With `attempt`,
   * the journal row of the call about to send the lines is written in that same transaction (one
   * commit, one fsync, before a byte leaves).
   */
  saveUploaded(
    visit_id: string,
    lines: readonly FeeLineRecord[],
    now: number,
    with_?: {
      readonly visit?: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>;
      readonly outcome?: CallOutcomeRecord;
      readonly attempt?: JournalEntry;
    },
  ): Promise<void>;
  /** Stores the adapter's preview (with its differences from the platform) of the named lines. */
  setPreviews(
    visit_id: string,
    previews: readonly { readonly feedetl_sn: string; readonly preview: Readonly<Record<string, unknown>> }[],
  ): Promise<void>;
  /** Marks lines of a batch (or every unsettled line when chrg_bchno is null) with a state. */
  setState(
    visit_id: string,
    chrg_bchno: string | null,
    from: readonly FeeLineRecord['state'][],
    to: FeeLineRecord['state'],
  ): Promise<number>;
}

/** Figures of a settle or cancel reply, ready to store. */
export interface SettlementFigures {
  readonly setl_id: string | null;
  readonly setlinfo: Readonly<Record<string, unknown>> | null;
  readonly setldetail: readonly Readonly<Record<string, unknown>>[] | null;
  readonly flags: readonly string[];
}

/** A call's outcome to journal together with the business write it caused. */
export interface CallOutcomeRecord {
  readonly msgid: string;
  readonly journal: JournalOutcome;
}

/** What a state change may carry along in its transaction. */
export interface TransitionExtra {
  /** A call to journal (SENDING) in the same transaction, e.g. the 2601 or 2208 about to be sent. */
  readonly entry?: JournalEntry;
  /** A call's outcome to apply in the same transaction (applied only while it is SENDING). */
  readonly outcome?: { readonly msgid: string; readonly journal: JournalOutcome };
  readonly job?: NewJob;
  readonly cancel_msgid?: string;
  readonly cancel_setlinfo?: Readonly<Record<string, unknown>> | null;
  readonly figures?: SettlementFigures;
  readonly err_code?: string | null;
}

export interface SettlementRepository {
  /**
   * Starts a settle: inserts the settlement in SENDING and its journal entry in one transaction.
   * The one-live-settlement-per-visit constraint rejects a second concurrent settle: then this
   * throws AppError SETTLEMENT_IN_PROGRESS and nothing is written.
   */
  beginSettle(s: SettlementRecord, entry: JournalEntry): Promise<void>;
  /**
   * Applies a settle's outcome (only while SENDING; false for a late reply). With `job`, the job is
   * enqueued in the same transaction (an UNKNOWN settle's reversal).
   */
  recordSettleOutcome(
    msgid: string,
    to: SettlementStateCode,
    figures: SettlementFigures | null,
    journal: JournalOutcome,
    note: string,
    job?: NewJob,
  ): Promise<boolean>;
  /** Moves a settlement between states if it is in `from`; journals a call and enqueues a job with it when given. */
  transition(
    settlement_id: string,
    from: readonly SettlementStateCode[],
    to: SettlementStateCode,
    note: string,
    now: number,
    extra?: TransitionExtra,
  ): Promise<boolean>;
  get(settlement_id: string): Promise<SettlementRecord | null>;
  byMsgid(msgid: string): Promise<SettlementRecord | null>;
  /** The visit's live settlement, if any. */
  liveForVisit(visit_id: string): Promise<SettlementRecord | null>;
  /** The visit's settlements, newest first. */
  forVisit(visit_id: string): Promise<SettlementRecord[]>;
  /** Settlements in the given states, oldest update first. */
  inStates(states: readonly SettlementStateCode[], limit: number): Promise<SettlementRecord[]>;
  /**
   * Settlements created at or after `from` (epoch ms), newest first; with `psn_no`, only that
   * person's (the window's list of the day, a patient's recent settlements); `scope` narrows to a
   * window and/or an operator.
   */
  createdSince(from: number, limit: number, psn_no?: string, scope?: SettlementScope): Promise<SettlementRecord[]>;
  events(settlement_id: string): Promise<SettlementEvent[]>;
  /** Counts by state (health, R1 checks). */
  countByState(): Promise<Record<string, number>>;
}

export interface InboxRepository {
  push(r: InboxRecord): Promise<void>;
  get(inbox_id: string): Promise<InboxRecord | null>;
  /** Waiting or opened entries for a patient (by certno or psn_no), newest first. */
  forPatient(q: { certno?: string | null; psn_no?: string | null }, limit: number): Promise<InboxRecord[]>;
  /** Every waiting or opened entry, newest first. */
  listOpen(limit: number): Promise<InboxRecord[]>;
  setState(inbox_id: string, state: InboxRecord['state'], visit_id?: string | null): Promise<void>;
  byVisit(visit_id: string): Promise<InboxRecord | null>;
}

/** Health of the store itself (R6). */
export interface StoreHealth {
  check(): Promise<{ ok: boolean; journal_mode: string; synchronous: number; problems: string[] }>;
}

/** All repositories of the settlement core, as the composition root hands them to services. */
export interface SettlementStore {
  readonly journal: JournalRepository;
  readonly msgids: MsgidCounter;
  readonly persons: PersonRepository;
  readonly visits: VisitRepository;
  readonly fees: FeeLineRepository;
  readonly settlements: SettlementRepository;
  readonly inbox: InboxRepository;
  readonly health: StoreHealth;
}

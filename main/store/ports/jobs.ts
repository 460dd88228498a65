/**
 * The durable job queue's store port (docs/architecture.md §3, docs/reliability.md §3): asynchronous and
 * engine-free, so that main/queue never sees SQLite and a PostgreSQL store can implement it later.
 *
 * Contract in one paragraph: a job's whole state lives in its row. A job is *claimed* by writing a
 * lease (owner + expiry) into that row with one conditional UPDATE, so two processes sharing the
 * database can never both hold it. Every later step (`finish`, `retry`, `postpone`, `giveUp`,
 * `deadLetter`, `extendLease`) is fenced on `state = 'running' AND lease_owner = owner` and returns
 * false when the lease was lost (taken over after expiry), so a slow holder cannot overwrite the
 * outcome of the process that took over. Money jobs are never deleted (a database trigger enforces
 * it); after their budget they become `needs_attention` for a supervisor.
 */

/**
 * Row state of a job:
 * - `queued`: waiting for `next_run_at`;
 * - `running`: claimed, with a lease (owner, expiry);
 * - `done`: finished, given up (non-money) or dead-lettered (non-money); `last_error` tells which;
 * - `needs_attention`: a money job whose budget is spent or whose payload is poison (supervisor).
 */
export type JobState = 'queued' | 'running' | 'done' | 'needs_attention';

/** All job states, for exhaustive tables and filters. */
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'needs_attention'];

/**
 * A job to enqueue: on its own, or inside a business write's transaction (outbox,
 * docs/architecture.md §5.10). Build it with the job registry (`JobRegistry.newJob`), which validates
 * the payload and fills `money` and `maxAttempts` from the registered type.
 */
export interface NewJob {
  /** Registered job type, e.g. `reverse-settle`. */
  readonly type: string;
  /** Ordering key (the visit id): jobs of one key run one at a time, oldest first. */
  readonly key: string;
  /** JSON-serialisable payload; parsed with the type's schema once per attempt, before the handler. */
  readonly payload: unknown;
  /** Money jobs are never deleted; after their budget they become `needs_attention`. */
  readonly money: boolean;
  /**
   * Attempts before giving up (≥ 1). Required, with no default: the job type's budget comes from
   * the registry (`JobRegistry.newJob` / `JobScheduler.job`), never from the store.
   */
  readonly maxAttempts: number;
  /** Earliest run time, epoch ms; default: the enqueue time. */
  readonly runAt?: number;
}

/** A job row as the queue and the supervisor views see it (no payload: it may hold personal data). */
export interface JobView {
  /** ULID made by the app. */
  readonly job_id: string;
  readonly type: string;
  readonly key: string;
  readonly state: JobState;
  readonly money: boolean;
  /** Attempts started so far (a claim counts one, even if the holder then died). */
  readonly attempts: number;
  readonly max_attempts: number;
  /** Epoch ms before which the job is not claimed. */
  readonly next_run_at: number;
  readonly lease_owner: string | null;
  /** Epoch ms; after it another runner may take the job over. */
  readonly lease_expires_at: number | null;
  /** Last failure text (plain, no personal data), or null. */
  readonly last_error: string | null;
  /** Epoch ms. */
  readonly created_at: number;
  /** Epoch ms. */
  readonly updated_at: number;
}

/** A job just claimed by a runner: state `running`, the lease set, `attempts` already counting this one. */
export interface ClaimedJob extends JobView {
  readonly state: 'running';
  readonly lease_owner: string;
  readonly lease_expires_at: number;
  /** The payload exactly as stored (JSON text): the runner parses it once, with the type's schema. */
  readonly payload: string;
}

/** Options of a claim. */
export interface ClaimOptions {
  /** Claim only these types (the ones this runner has handlers for). Omitted: any type. */
  readonly types?: readonly string[];
  /** Never claim these types now (paused, e.g. while their upstream is unreachable). */
  readonly excludeTypes?: readonly string[];
}

/** Filter of {@link JobStore.list}. */
export interface JobListFilter {
  readonly states?: readonly JobState[];
  readonly key?: string;
  readonly type?: string;
  /** Default 100, at most 1000. */
  readonly limit?: number;
}

/** Queue health figures (docs/reliability.md §3; shown to supervisors and in diagnostics). */
export interface JobStats {
  /** Unfinished jobs: queued + running. */
  readonly depth: number;
  /** Queued jobs whose `next_run_at` has come. */
  readonly due: number;
  /** `created_at` of the oldest unfinished job, epoch ms, or null. */
  readonly oldest_at: number | null;
  readonly running: number;
  readonly needs_attention: number;
  /** Rows in the dead-letter table. */
  readonly dead_letters: number;
}

/** A dead-lettered payload, kept raw (docs/reliability.md §3 "Poison"). */
export interface DeadLetterView {
  readonly id: string;
  readonly job_id: string;
  readonly type: string;
  readonly key: string;
  readonly raw_payload: string;
  readonly error: string;
  /** Epoch ms. */
  readonly created_at: number;
}

/**
 * The durable job store. Every method is one transaction. Times are epoch ms; methods that do not
 * take a time use the store's injected clock.
 */
export interface JobStore {
  /** Inserts a queued job on its own; returns its job_id. (Inside a business write, use the outbox.) */
  enqueue(job: NewJob): Promise<string>;
  /**
   * Claims up to `limit` due jobs for `owner` with a lease of `leaseMs`, incrementing `attempts`.
   * At most one job per key: the oldest unfinished job of a key, only if it is due (queued with
   * `next_run_at ≤ nowMs`, or running with an expired lease: takeover) and no other job of that key
   * is running with a live lease. Results are in claim order (oldest due first).
   */
  claimDue(owner: string, nowMs: number, leaseMs: number, limit: number, opts?: ClaimOptions): Promise<ClaimedJob[]>;
  /** Renews a lease while the handler runs; false if the lease was lost. */
  extendLease(jobId: string, owner: string, leaseExpiresAt: number): Promise<boolean>;
  /** The handler finished: state `done`, error cleared. False if the lease was lost. */
  finish(jobId: string, owner: string): Promise<boolean>;
  /** Back to `queued` until `nextRunAt`, recording `error`; the attempt counts. False if the lease was lost. */
  retry(jobId: string, owner: string, nextRunAt: number, error: string): Promise<boolean>;
  /**
   * Back to `queued` until `nextRunAt` WITHOUT spending an attempt (rate limited, upstream offline,
   * runner stopping). False if the lease was lost.
   */
  postpone(jobId: string, owner: string, nextRunAt: number, reason: string): Promise<boolean>;
  /** Budget spent or handler gave up: money jobs → `needs_attention`, others → `done` with `error`. */
  giveUp(jobId: string, owner: string, error: string): Promise<boolean>;
  /**
   * Poison payload: the raw text goes to the dead-letter table, and the job ends as in `giveUp`
   * (money → `needs_attention`, never deleted). False if the lease was lost (nothing written).
   */
  deadLetter(jobId: string, owner: string, rawPayload: string, error: string): Promise<boolean>;
  /** Running jobs whose lease expired before `nowMs` go back to `queued`. Returns the count. */
  releaseExpiredLeases(nowMs: number): Promise<number>;
  /** At start-up of a stand-alone store: every `running` job goes back to `queued` (docs/reliability.md §3). */
  requeueRunningAtStartup(): Promise<number>;
  /**
   * The earliest time strictly after `afterMs` at which something may become claimable: a queued
   * job's `next_run_at` or a running job's lease expiry; null when there is none. (Jobs already due
   * but blocked behind their key's head are not events: the head's end wakes the runner.)
   */
  nextWakeAt(afterMs: number): Promise<number | null>;
  stats(nowMs: number): Promise<JobStats>;
  list(filter?: JobListFilter): Promise<JobView[]>;
  get(jobId: string): Promise<JobView | null>;
  deadLetters(limit?: number): Promise<DeadLetterView[]>;
  /** Deletes `done` NON-money jobs last updated before `beforeMs`; money jobs are kept for life. */
  pruneDone(beforeMs: number): Promise<number>;
}

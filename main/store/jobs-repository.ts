/**
 * The job queue on better-sqlite3 (docs/reliability.md §3, docs/architecture.md §3): implements {@link JobStore}.
 *
 * Each method is one `BEGIN IMMEDIATE` transaction: it takes the write lock up front (waiting up to
 * the busy timeout), so a read-then-write can never fail half-way with SQLITE_BUSY_SNAPSHOT when
 * another process shares the file. A claim is one conditional `UPDATE … RETURNING`: two runners
 * (two connections, two processes) can never both hold a job. Later steps are fenced on the lease.
 *
 * {@link insertJobRow} is the outbox entry point (docs/architecture.md §5.10): a repository calls it
 * synchronously INSIDE its own `db.transaction(...)`, so the business row and its job commit
 * together or not at all.
 */
import { monotonicFactory } from 'ulid';
import type { SqliteDb } from './sqlite-database';
import { sql, type SqlQuery } from './sql';
import { all, get, run } from './sql-exec';
import {
  type ClaimOptions,
  type ClaimedJob,
  type DeadLetterView,
  type JobListFilter,
  type JobState,
  type JobStats,
  type JobStore,
  type JobView,
  type NewJob,
} from './ports/jobs';
import { AppError } from '../../shared/errors/app-error';

/** Longest `last_error` / dead-letter error text kept, in characters. */
export const MAX_ERROR_CHARS = 1000;

/** ULIDs increase within this process even inside one millisecond. */
const nextUlid = monotonicFactory();

interface JobRow {
  job_id: string;
  seq: number;
  type: string;
  key: string;
  payload: string;
  state: JobState;
  money: number;
  attempts: number;
  max_attempts: number;
  next_run_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

const VIEW_COLUMNS = sql.raw(
  'job_id, seq, type, key, state, money, attempts, max_attempts, next_run_at, lease_owner, lease_expires_at, last_error, created_at, updated_at',
);

/**
 * Inserts a queued job with the caller's connection, synchronously, and returns its job_id. Call it
 * inside another repository's `db.transaction(...)` (outbox): if that transaction rolls back, the
 * job was never there. `nowMs` is the enqueue time (epoch ms; default the wall clock).
 * Throws AppError JOB_INVALID when the job is malformed (nothing is written).
 */
export function insertJobRow(db: SqliteDb, job: NewJob, nowMs: number = Date.now()): string {
  const maxAttempts = job.maxAttempts;
  const payload = job.payload === undefined ? undefined : JSON.stringify(job.payload);
  if (job.type === '' || job.key === '' || payload === undefined || !Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new AppError('JOB_INVALID', { detail: { type: job.type, maxAttempts } });
  }
  const jobId = nextUlid(nowMs);
  run(
    db,
    sql`
    INSERT INTO jobs (job_id, seq, type, key, payload, state, money, attempts, max_attempts, next_run_at,
                      lease_owner, lease_expires_at, last_error, created_at, updated_at)
    VALUES (${jobId}, (SELECT coalesce(max(seq), 0) + 1 FROM jobs), ${job.type}, ${job.key}, ${payload}, 'queued',
            ${job.money}, 0, ${maxAttempts}, ${job.runAt ?? nowMs}, NULL, NULL, NULL, ${nowMs}, ${nowMs})`,
  );
  return jobId;
}

/**
 * The claim statement (exported for the EXPLAIN QUERY PLAN test). Candidates come from two partial
 * indexes (due queued rows; running rows with an expired lease); a candidate must be the oldest
 * unfinished job of its key, and no job of its key may be running with a live lease.
 */
export function claimDueQuery(
  owner: string,
  nowMs: number,
  leaseMs: number,
  limit: number,
  opts: ClaimOptions = {},
): SqlQuery {
  const typeFilter: SqlQuery[] = [];
  if (opts.types !== undefined) {
    typeFilter.push(
      opts.types.length === 0
        ? sql`0`
        : sql`c.type IN (${sql.join(
            opts.types.map((t) => sql`${t}`),
            ', ',
          )})`,
    );
  }
  if (opts.excludeTypes !== undefined && opts.excludeTypes.length > 0) {
    typeFilter.push(
      sql`c.type NOT IN (${sql.join(
        opts.excludeTypes.map((t) => sql`${t}`),
        ', ',
      )})`,
    );
  }
  const extra = typeFilter.length > 0 ? sql` AND ${sql.join(typeFilter, ' AND ')}` : sql``;
  return sql`
    UPDATE jobs
       SET state = 'running', lease_owner = ${owner}, lease_expires_at = ${nowMs + leaseMs},
           attempts = attempts + 1, updated_at = ${nowMs}
     WHERE job_id IN (
       SELECT c.job_id FROM (
         SELECT job_id, key, seq, type, next_run_at AS due_at FROM jobs
          WHERE state = 'queued' AND next_run_at <= ${nowMs}
         UNION ALL
         SELECT job_id, key, seq, type, lease_expires_at AS due_at FROM jobs
          WHERE state = 'running' AND lease_expires_at <= ${nowMs}
       ) AS c
       WHERE c.seq = (SELECT min(x.seq) FROM jobs AS x WHERE x.key = c.key AND x.state IN ('queued','running'))
           AND NOT EXISTS (SELECT 1 FROM jobs AS r
                          WHERE r.key = c.key AND r.state IN ('queued','running')
                            AND r.state = 'running' AND r.lease_expires_at > ${nowMs})${extra}
       ORDER BY c.due_at, c.seq
       LIMIT ${limit})
       AND (state = 'queued' OR (state = 'running' AND lease_expires_at <= ${nowMs}))
    RETURNING job_id, seq, type, key, payload, state, money, attempts, max_attempts, next_run_at,
              lease_owner, lease_expires_at, last_error, created_at, updated_at`;
}

/** Clips an error text to {@link MAX_ERROR_CHARS}. */
function clip(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}

function toView(r: JobRow): JobView {
  return {
    job_id: r.job_id,
    type: r.type,
    key: r.key,
    state: r.state,
    money: r.money === 1,
    attempts: r.attempts,
    max_attempts: r.max_attempts,
    next_run_at: r.next_run_at,
    lease_owner: r.lease_owner,
    lease_expires_at: r.lease_expires_at,
    last_error: r.last_error,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** Fenced on the lease: only the current holder of a running job may change it. */
const HELD = (jobId: string, owner: string): SqlQuery =>
  sql`job_id = ${jobId} AND state = 'running' AND lease_owner = ${owner}`;

/** {@link JobStore} on one better-sqlite3 connection (migrated to ≥ 20). */
export class SqliteJobStore implements JobStore {
  /**
   * @param db an open, migrated connection (see `openSqlite`, `migrate`).
   * @param now clock for `enqueue`, `finish`, `retry` … (epoch ms); injected so tests use a fake clock.
   */
  constructor(
    private readonly db: SqliteDb,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `fn` in one BEGIN IMMEDIATE transaction. */
  private tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  async enqueue(job: NewJob): Promise<string> {
    return this.tx(() => insertJobRow(this.db, job, this.now()));
  }

  async claimDue(
    owner: string,
    nowMs: number,
    leaseMs: number,
    limit: number,
    opts?: ClaimOptions,
  ): Promise<ClaimedJob[]> {
    if (limit <= 0) return [];
    const rows = this.tx(() => all<JobRow>(this.db, claimDueQuery(owner, nowMs, leaseMs, limit, opts)));
    // RETURNING gives no order guarantee: hand jobs out oldest first.
    return rows
      .sort((a, b) => a.seq - b.seq)
      .map((r) => ({
        ...toView(r),
        state: 'running',
        lease_owner: owner,
        lease_expires_at: nowMs + leaseMs,
        payload: r.payload,
      }));
  }

  async extendLease(jobId: string, owner: string, leaseExpiresAt: number): Promise<boolean> {
    return this.tx(
      () =>
        run(
          this.db,
          sql`
      UPDATE jobs SET lease_expires_at = ${leaseExpiresAt}, updated_at = ${this.now()} WHERE ${HELD(jobId, owner)}`,
        ) === 1,
    );
  }

  /**
   * Group commit (issue 19): finishes asked for in the same turn of the event loop (jobs that ended
   * together) are committed in one transaction, one fsync for all of them. Each promise still
   * resolves only after its row is committed, so a finish is exactly as durable as before.
   */
  async finish(jobId: string, owner: string): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.finishing.push({ jobId, owner, resolve, reject });
      if (this.finishing.length === 1) setImmediate(() => this.flushFinishes());
    });
  }

  /** Finishes waiting for the next group commit. */
  private finishing: {
    jobId: string;
    owner: string;
    resolve: (done: boolean) => void;
    reject: (e: unknown) => void;
  }[] = [];

  private flushFinishes(): void {
    const batch = this.finishing.splice(0);
    let results: boolean[];
    try {
      results = this.tx(() =>
        batch.map(
          (f) =>
            run(
              this.db,
              sql`
        UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, updated_at = ${this.now()}
         WHERE ${HELD(f.jobId, f.owner)}`,
            ) === 1,
        ),
      );
    } catch (e) {
      for (const f of batch) f.reject(e);
      return;
    }
    batch.forEach((f, i) => f.resolve(results[i] === true));
  }

  async retry(jobId: string, owner: string, nextRunAt: number, error: string): Promise<boolean> {
    return this.tx(
      () =>
        run(
          this.db,
          sql`
      UPDATE jobs SET state = 'queued', next_run_at = ${nextRunAt}, lease_owner = NULL, lease_expires_at = NULL,
                      last_error = ${clip(error)}, updated_at = ${this.now()}
       WHERE ${HELD(jobId, owner)}`,
        ) === 1,
    );
  }

  async postpone(jobId: string, owner: string, nextRunAt: number, reason: string): Promise<boolean> {
    // The claim counted an attempt; a postponement is not one (the job did not fail).
    return this.tx(
      () =>
        run(
          this.db,
          sql`
      UPDATE jobs SET state = 'queued', next_run_at = ${nextRunAt}, lease_owner = NULL, lease_expires_at = NULL,
                      attempts = max(attempts - 1, 0), last_error = ${clip(reason)}, updated_at = ${this.now()}
       WHERE ${HELD(jobId, owner)}`,
        ) === 1,
    );
  }

  async giveUp(jobId: string, owner: string, error: string): Promise<boolean> {
    return this.tx(() => this.end(jobId, owner, error));
  }

  async deadLetter(jobId: string, owner: string, rawPayload: string, error: string): Promise<boolean> {
    return this.tx(() => {
      const row = get<Pick<JobRow, 'type' | 'key'>>(
        this.db,
        sql`SELECT type, key FROM jobs WHERE ${HELD(jobId, owner)}`,
      );
      if (row === undefined) return false;
      const at = this.now();
      run(
        this.db,
        sql`
        INSERT INTO dead_letters (id, job_id, type, key, raw_payload, error, created_at)
        VALUES (${nextUlid(at)}, ${jobId}, ${row.type}, ${row.key}, ${rawPayload}, ${clip(error)}, ${at})`,
      );
      return this.end(jobId, owner, `dead-lettered: ${error}`);
    });
  }

  /** Ends a held job without success: money → needs_attention (never deleted), others → done. */
  private end(jobId: string, owner: string, error: string): boolean {
    return (
      run(
        this.db,
        sql`
      UPDATE jobs SET state = CASE WHEN money = 1 THEN 'needs_attention' ELSE 'done' END,
                      lease_owner = NULL, lease_expires_at = NULL, last_error = ${clip(error)}, updated_at = ${this.now()}
       WHERE ${HELD(jobId, owner)}`,
      ) === 1
    );
  }

  async releaseExpiredLeases(nowMs: number): Promise<number> {
    return this.tx(() =>
      run(
        this.db,
        sql`
      UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = ${nowMs}
       WHERE state = 'running' AND lease_expires_at <= ${nowMs}`,
      ),
    );
  }

  async requeueRunningAtStartup(): Promise<number> {
    return this.tx(() =>
      run(
        this.db,
        sql`
      UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = ${this.now()}
       WHERE state = 'running'`,
      ),
    );
  }

  async nextWakeAt(afterMs: number): Promise<number | null> {
    const row = get<{ at: number | null }>(
      this.db,
      sql`
      SELECT min(at) AS at FROM (
        SELECT min(next_run_at) AS at FROM jobs WHERE state = 'queued' AND next_run_at > ${afterMs}
        UNION ALL
        SELECT min(lease_expires_at) AS at FROM jobs WHERE state = 'running' AND lease_expires_at > ${afterMs})`,
    );
    return row?.at ?? null;
  }

  async stats(nowMs: number): Promise<JobStats> {
    return this.db.transaction(() => {
      // One count per partial index, so stats stay cheap however many done jobs are kept.
      const count = (q: SqlQuery): number => get<{ n: number }>(this.db, q)?.n ?? 0;
      const queued = count(sql`SELECT count(*) AS n FROM jobs WHERE state = 'queued'`);
      const running = count(sql`SELECT count(*) AS n FROM jobs WHERE state = 'running'`);
      const oldest = get<{ at: number | null }>(
        this.db,
        sql`
        SELECT min(created_at) AS at FROM jobs WHERE state IN ('queued','running')`,
      );
      return {
        depth: queued + running,
        due: count(sql`SELECT count(*) AS n FROM jobs WHERE state = 'queued' AND next_run_at <= ${nowMs}`),
        oldest_at: oldest?.at ?? null,
        running,
        needs_attention: count(sql`SELECT count(*) AS n FROM jobs WHERE state = 'needs_attention'`),
        dead_letters: count(sql`SELECT count(*) AS n FROM dead_letters`),
      };
    })();
  }

  async list(filter: JobListFilter = {}): Promise<JobView[]> {
    const where: SqlQuery[] = [sql`1`];
    if (filter.states !== undefined) {
      where.push(
        filter.states.length === 0
          ? sql`0`
          : sql`state IN (${sql.join(
              filter.states.map((s) => sql`${s}`),
              ', ',
            )})`,
      );
    }
    if (filter.key !== undefined) where.push(sql`key = ${filter.key}`);
    if (filter.type !== undefined) where.push(sql`type = ${filter.type}`);
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
    return all<JobRow>(
      this.db,
      sql`SELECT ${VIEW_COLUMNS} FROM jobs WHERE ${sql.join(where, ' AND ')} ORDER BY seq LIMIT ${limit}`,
    ).map(toView);
  }

  async get(jobId: string): Promise<JobView | null> {
    const row = get<JobRow>(this.db, sql`SELECT ${VIEW_COLUMNS} FROM jobs WHERE job_id = ${jobId}`);
    return row === undefined ? null : toView(row);
  }

  async deadLetters(limit = 100): Promise<DeadLetterView[]> {
    return all<DeadLetterView>(
      this.db,
      sql`
      SELECT id, job_id, type, key, raw_payload, error, created_at FROM dead_letters ORDER BY created_at, id LIMIT ${limit}`,
    );
  }

  async pruneDone(beforeMs: number): Promise<number> {
    // `money = 0` keeps money jobs out; the trigger jobs_money_never_deleted is the backstop.
    return this.tx(() =>
      run(this.db, sql`DELETE FROM jobs WHERE state = 'done' AND money = 0 AND updated_at < ${beforeMs}`),
    );
  }
}

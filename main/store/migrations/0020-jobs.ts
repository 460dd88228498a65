/**
 * The durable job queue (docs/reliability.md §3, docs/architecture.md §3): a job's whole state lives in its row,
 * including the lease (owner, expiry) that lets another process take over when the holder dies.
 * Money-free: payloads name settlements, they carry no amounts.
 *
 * Invariants as constraints, so they hold when two processes share the database:
 * - a running job has a lease; states are a closed set;
 * - money jobs are never deleted, and a money job cannot be turned into a non-money one (R5).
 *
 * `seq` gives a total insertion order for per-key ordering (ULIDs made by two processes in the same
 * millisecond do not); it is max+1, which is unique because SQLite serialises writers (a PostgreSQL
 * store would use a sequence).
 */
import type { Migration } from './migration';

export const migration0020: Migration = {
  version: 20,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        job_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued','running','done','needs_attention')),
        money INTEGER NOT NULL CHECK (money IN (0, 1)),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
        next_run_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (state <> 'running' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
      ) STRICT;

      -- Due jobs: the claim scans queued rows by next_run_at (EXPLAIN QUERY PLAN tested).
      CREATE INDEX jobs_due ON jobs (next_run_at) WHERE state = 'queued';
      -- Takeover: running rows by lease expiry.
      CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE state = 'running';
      -- Per-key ordering: the oldest unfinished job of a key.
      CREATE INDEX jobs_by_key ON jobs (key, seq) WHERE state IN ('queued','running');
      -- Supervisor lists and stats: money jobs waiting for a supervisor.
      CREATE INDEX jobs_attention ON jobs (updated_at) WHERE state = 'needs_attention';
      -- Pruning finished non-money jobs.
      CREATE INDEX jobs_done ON jobs (updated_at) WHERE state = 'done';

      CREATE TRIGGER jobs_money_never_deleted BEFORE DELETE ON jobs
      WHEN OLD.money = 1
      BEGIN
        SELECT RAISE(ABORT, 'money jobs are never deleted');
      END;

      CREATE TRIGGER jobs_money_flag_kept BEFORE UPDATE OF money ON jobs
      WHEN OLD.money = 1 AND NEW.money <> 1
      BEGIN
        SELECT RAISE(ABORT, 'money jobs are never deleted');
      END;

      CREATE TABLE dead_letters (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        raw_payload TEXT NOT NULL,
        error TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX dead_letters_by_created ON dead_letters (created_at);
    `);
  },
};

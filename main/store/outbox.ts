/**
 * The outbox seam: how repositories enqueue a job inside their own transaction (docs/architecture.md §5.10).
 * The composition root passes the queue's synchronous row writer; the journal row (or state change)
 * and its job then commit together or not at all.
 */
import type { SqliteDb } from './sqlite-database';
import type { NewJob } from './ports/jobs';

/** Writes one job row inside the caller's transaction. */
export type OutboxWriter = (db: SqliteDb, job: NewJob, now: number) => void;

/** Fails loudly when a job is enqueued but no queue was wired (a composition error, not user input). */
export const NO_OUTBOX: OutboxWriter = (_db, job) => {
  throw new Error(`no job queue wired; cannot enqueue ${job.type}`);
};

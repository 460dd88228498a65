/**
 * The queue's port (docs/architecture.md §1 "Ports"): what main/services see of the job queue. The concrete
 * scheduler is the {@link import('./queue-runner').QueueRunner}, built only in main/app.
 *
 * Services enqueue money jobs INSIDE their business transaction (outbox, docs/architecture.md §5.10): they
 * build the job with `job(...)`, hand it to a store repository method that writes it with the
 * business row, and call `wake()` after that method returned.
 */
import type { NewJob } from '../store/ports/jobs';

/** What a job handler hands back (services' resolution steps answer it too). */
export type JobResult =
  /** Done; the job ends in `done`. */
  | 'finished'
  /** Failed, may succeed later: backoff, and give up after the budget (money → needs_attention). */
  | { readonly retry: string }
  /** Not now (upstream offline or rate limited): run again after `rateLimited` ms; spends no attempt. */
  | { readonly rateLimited: number }
  /** Will never succeed: stop now (money → needs_attention, others → done with the reason). */
  | { readonly giveUp: string };

/** Timers the queue runs on; injected (main/queue uses no global timers). */
export interface QueueTimers {
  /** Calls `fn` once after `ms` milliseconds; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Enqueuing and waking, as services use them. */
export interface JobScheduler {
  /**
   * A validated job of a registered type (its money flag and budget filled in), for an outbox write.
   * Throws AppError JOB_INVALID for an unknown type or a payload failing the type's schema.
   */
  job(type: string, key: string, payload: unknown, opts?: { readonly runAt?: number }): NewJob;
  /** Enqueues a job on its own (no business write to join), then wakes the runner; returns job_id. */
  enqueue(type: string, key: string, payload: unknown, opts?: { readonly runAt?: number }): Promise<string>;
  /** Runs due jobs now instead of at the next poll (after an outbox commit, or "upstream is back"). */
  wake(): void;
}

/**
 * The queue runner (docs/reliability.md §3): claims due jobs with a lease, runs their handlers, and
 * writes each outcome back to the job's row.
 *
 * - At most one job per key runs at a time, in enqueue order; a failing key blocks no other.
 * - The payload is parsed ONCE per attempt with the type's schema; a failure is poison: the raw
 *   payload goes to the dead-letter table and the job ends (money → needs_attention). No crash.
 * - A `retry` waits {@link backoffDelay}; after `max_attempts` the job is given up (money →
 *   needs_attention, never deleted, R5). `rateLimited` and pauses hold jobs without spending attempts,
 *   so the queue drains by itself when the upstream is back.
 * - Leases are renewed while a handler runs; a lease lost to another process aborts the handler and
 *   its late outcome is discarded (the store fences every write on the lease).
 * - Clock, timers and randomness are injected: no global timer or wall clock is read here.
 */
import type { ClaimedJob, JobStore, NewJob } from '../store/ports/jobs';
import type { JobContext, JobRegistry, JobResult, RegisteredJobType } from './job-types';
import type { JobScheduler, QueueTimers } from './ports';
import type { Clock } from '../domain/clock';
import { backoffDelay } from './backoff';
import { AppError } from '../../shared/errors/app-error';
import { assertNever } from '../../shared/result';

/** How one attempt ended, as the runner recorded it. */
export type JobOutcome =
  | 'finished'
  | 'retried'
  | 'postponed'
  | 'gave_up'
  | 'dead_lettered'
  /** The lease was lost before the outcome could be written; the new holder decides. */
  | 'lease_lost'
  /** The store refused the outcome; the job stays running until its lease expires, then runs again. */
  | 'store_error';

/** All outcomes, for counters. */
export const JOB_OUTCOMES: readonly JobOutcome[] = [
  'finished',
  'retried',
  'postponed',
  'gave_up',
  'dead_lettered',
  'lease_lost',
  'store_error',
];

/** A log event of the runner. No payloads; `detail` is an error text without personal data. */
export interface QueueEvent {
  readonly kind: JobOutcome | 'handler_threw' | 'claim_failed' | 'lease_renewal_failed';
  readonly job_id?: string;
  readonly type?: string;
  readonly key?: string;
  readonly attempt?: number;
  readonly detail?: string;
}

/** Options of a runner. */
export interface QueueRunnerOptions {
  readonly store: JobStore;
  readonly registry: JobRegistry;
  readonly clock: Clock;
  readonly timers: QueueTimers;
  /** Lease owner id, unique per runner instance (e.g. host:pid:ulid). */
  readonly owner: string;
  /** Lease length, ms (default 60 000); renewed every third of it while a handler runs. */
  readonly leaseMs?: number;
  /** Handlers running at once, over all keys (default 4). */
  readonly concurrency?: number;
  /** Longest sleep between polls when idle, ms (default 1000). Catches other processes' jobs and pauses ending. */
  readonly idlePollMs?: number;
  /** Jitter source in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Receives every log event (default: none). Route it through the redacting logger. */
  readonly log?: (event: QueueEvent) => void;
}

/** What `drain` did. */
export interface DrainReport {
  /** Cycles that claimed at least one job. */
  readonly cycles: number;
  /** Attempts run (or ended without running: poison, spent budget). */
  readonly attempts: number;
  readonly outcomes: Readonly<Record<JobOutcome, number>>;
  /** True when the last cycle found nothing to claim (false: stopped at `maxCycles`). */
  readonly idle: boolean;
}

interface InFlight {
  readonly key: string;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

interface Pause {
  readonly predicate: () => boolean;
  /** undefined: every type. */
  readonly types: readonly string[] | undefined;
}

/** The longest error text passed on, in characters. */
const MAX_DETAIL = 500;

/** Describes a thrown value for `last_error` and logs: code and message, never payloads. */
export function describeError(err: unknown): string {
  const text =
    err instanceof AppError
      ? `${err.code}: ${err.message}`
      : err instanceof Error
        ? `${err.name}: ${err.message}`
        : 'non-Error thrown';
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** The durable queue's runner; also the {@link JobScheduler} services use. */
export class QueueRunner implements JobScheduler {
  private readonly store: JobStore;
  private readonly registry: JobRegistry;
  private readonly clock: Clock;
  private readonly timers: QueueTimers;
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly idlePollMs: number;
  private readonly random: () => number;
  private readonly logFn: (event: QueueEvent) => void;

  private started = false;
  private stopping = false;
  private timer: unknown = null;
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly pauses = new Set<Pause>();

  constructor(opts: QueueRunnerOptions) {
    this.store = opts.store;
    this.registry = opts.registry;
    this.clock = opts.clock;
    this.timers = opts.timers;
    this.owner = opts.owner;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.concurrency = Math.max(1, Math.trunc(opts.concurrency ?? 4));
    this.idlePollMs = opts.idlePollMs ?? 1000;
    this.random = opts.random ?? Math.random;
    this.logFn = opts.log ?? (() => undefined);
  }

  // ── JobScheduler ──

  job(type: string, key: string, payload: unknown, opts?: { readonly runAt?: number }): NewJob {
    return this.registry.newJob(type, key, payload, opts);
  }

  async enqueue(type: string, key: string, payload: unknown, opts?: { readonly runAt?: number }): Promise<string> {
    const id = await this.store.enqueue(this.registry.newJob(type, key, payload, opts));
    this.wake();
    return id;
  }

  wake(): void {
    if (this.started && !this.stopping) this.schedule(0);
  }

  // ── Pauses ──

  /**
   * Holds jobs (of `types`, or all) while `predicate()` is true, e.g. while the upstream is
   * unreachable. Checked before every claim; call `wake()` when it turns false to resume at once.
   * Returns a function that removes the pause.
   */
  pauseWhile(predicate: () => boolean, types?: readonly string[]): () => void {
    const p: Pause = { predicate, types };
    this.pauses.add(p);
    return () => {
      this.pauses.delete(p);
    };
  }

  /** 'all' when every type is paused, else the paused types. */
  private pausedTypes(): 'all' | string[] {
    const out = new Set<string>();
    for (const p of this.pauses) {
      if (!p.predicate()) continue;
      if (p.types === undefined) return 'all';
      for (const t of p.types) out.add(t);
    }
    return [...out];
  }

  // ── Life cycle ──

  /**
   * Starts polling. First, unless `requeueRunning` is false, every `running` job goes back to
   * `queued` (docs/reliability.md §3; stand-alone store: no other process can hold a lease). In hospital
   * mode (several processes, one database) pass `requeueRunning: false` and rely on lease expiry.
   * Returns the number of jobs requeued.
   */
  async start(opts: { readonly requeueRunning?: boolean } = {}): Promise<number> {
    if (this.started) return 0;
    const requeued = opts.requeueRunning === false ? 0 : await this.store.requeueRunningAtStartup();
    this.started = true;
    this.stopping = false;
    this.schedule(0);
    return requeued;
  }

  /**
   * Stops polling, aborts running handlers through their signal and waits until every one of them
   * has returned and its outcome is written. A job whose handler returns `retry` or `rateLimited`
   * (or throws) because of the abort is postponed to now without spending an attempt.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.ticking !== null) await this.ticking;
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    for (const f of this.inFlight.values()) f.controller.abort(new Error('queue runner stopping'));
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
    this.started = false;
    this.stopping = false;
  }

  /** Handlers running now. */
  runningCount(): number {
    return this.inFlight.size;
  }

  /**
   * For tests and harnesses (not while `start()`ed): runs claim → handle → record cycles until a
   * cycle finds nothing due or `maxCycles` (default 10) have run. Time does not move by itself:
   * jobs waiting for a backoff stay queued until the injected clock reaches them.
   */
  async drain(opts: { readonly maxCycles?: number } = {}): Promise<DrainReport> {
    const maxCycles = opts.maxCycles ?? 10;
    const outcomes = Object.fromEntries(JOB_OUTCOMES.map((o) => [o, 0])) as Record<JobOutcome, number>;
    let cycles = 0;
    let attempts = 0;
    let idle = false;
    while (cycles < maxCycles) {
      const jobs = await this.claim(this.concurrency);
      if (jobs.length === 0) {
        idle = true;
        break;
      }
      cycles += 1;
      const results = await Promise.all(jobs.map((j) => this.execute(j, new AbortController())));
      for (const r of results) {
        outcomes[r] += 1;
        attempts += 1;
      }
    }
    return { cycles, attempts, outcomes, idle };
  }

  // ── Polling ──

  private schedule(ms: number): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = null;
        void this.tick();
      },
      Math.max(0, ms),
    );
  }

  private async tick(): Promise<void> {
    if (!this.started || this.stopping) return;
    if (this.ticking !== null) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.tickBody();
    try {
      await this.ticking;
    } finally {
      this.ticking = null;
    }
  }

  private async tickBody(): Promise<void> {
    let claimedAny = false;
    do {
      this.tickAgain = false;
      const jobs = await this.claim(this.concurrency - this.inFlight.size);
      for (const job of jobs) this.launch(job);
      claimedAny = jobs.length > 0;
    } while ((this.tickAgain || claimedAny) && !this.stopping && this.inFlight.size < this.concurrency);
    if (this.stopping || !this.started) return;
    const delay = await this.nextDelay();
    if (this.stopping || !this.started) return;
    this.schedule(delay);
  }

  /** Sleep until the next retry or lease expiry, at most `idlePollMs`. */
  private async nextDelay(): Promise<number> {
    const now = this.clock.now();
    try {
      const next = await this.store.nextWakeAt(now);
      return next === null ? this.idlePollMs : Math.min(this.idlePollMs, Math.max(0, next - now));
    } catch {
      return this.idlePollMs;
    }
  }

  /** Claims up to `limit` due jobs of registered, unpaused types. Never throws. */
  private async claim(limit: number): Promise<ClaimedJob[]> {
    if (limit <= 0) return [];
    const paused = this.pausedTypes();
    if (paused === 'all') return [];
    try {
      const jobs = await this.store.claimDue(this.owner, this.clock.now(), this.leaseMs, limit, {
        types: this.registry.types(),
        excludeTypes: paused,
      });
      // A job this runner still works on (its own lease lapsed and it re-claimed it) is left to the
      // handler already running; that handler's outcome is fenced on the same owner.
      return jobs.filter((j) => !this.inFlight.has(j.job_id));
    } catch (err) {
      this.emit({ kind: 'claim_failed', detail: describeError(err) });
      return [];
    }
  }

  private launch(job: ClaimedJob): void {
    const controller = new AbortController();
    const done = this.execute(job, controller)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.inFlight.delete(job.job_id);
        this.wake();
      });
    this.inFlight.set(job.job_id, { key: job.key, controller, done });
  }

  // ── One attempt ──

  /** Runs one claimed job and records its outcome. Never throws. */
  private async execute(job: ClaimedJob, controller: AbortController): Promise<JobOutcome> {
    const base = { job_id: job.job_id, type: job.type, key: job.key, attempt: job.attempts };
    try {
      const t = this.registry.get(job.type);
      if (t === undefined) {
        // Claims are limited to registered types; reaching here means the registry changed.
        return await this.record(
          job,
          this.store.postpone(job.job_id, this.owner, this.clock.now() + this.idlePollMs, 'no handler registered'),
          'postponed',
          'no handler registered',
        );
      }
      if (this.stopping) {
        return await this.record(
          job,
          this.store.postpone(job.job_id, this.owner, this.clock.now(), 'runner stopped'),
          'postponed',
          'runner stopped',
        );
      }
      const parsed = t.parse(job.payload);
      if (!parsed.ok) {
        return await this.record(
          job,
          this.store.deadLetter(job.job_id, this.owner, job.payload, parsed.error),
          'dead_lettered',
          parsed.error,
        );
      }
      if (job.attempts > job.max_attempts) {
        // The previous holder died during the last allowed attempt (crash or lost lease).
        const why = `attempt budget spent (${job.max_attempts}); last: ${job.last_error ?? 'the runner stopped during the attempt'}`;
        return await this.giveUp(job, t, parsed.value, why, controller);
      }
      const result = await this.runHandler(job, parsed.value, controller, t);
      return await this.apply(job, t, parsed.value, result, controller);
    } catch (err) {
      this.emit({ ...base, kind: 'store_error', detail: describeError(err) });
      return 'store_error';
    }
  }

  /** Runs the handler with lease renewal; a throw becomes `retry`. */
  private async runHandler(
    job: ClaimedJob,
    payload: unknown,
    controller: AbortController,
    t: RegisteredJobType,
  ): Promise<JobResult> {
    let renewal: unknown = null;
    let finished = false;
    const renewEvery = Math.max(1, Math.floor(this.leaseMs / 3));
    const renew = (): void => {
      renewal = this.timers.setTimeout(() => {
        renewal = null;
        this.store.extendLease(job.job_id, this.owner, this.clock.now() + this.leaseMs).then(
          (held) => {
            if (!held) {
              // Another runner may hold it now: stop working on it.
              this.emit({
                kind: 'lease_lost',
                job_id: job.job_id,
                type: job.type,
                key: job.key,
                attempt: job.attempts,
              });
              controller.abort(new Error('lease lost'));
            } else if (!controller.signal.aborted && renewal === null && !finished) renew();
          },
          (err: unknown) => {
            this.emit({ kind: 'lease_renewal_failed', job_id: job.job_id, detail: describeError(err) });
            if (!finished) renew();
          },
        );
      }, renewEvery);
    };
    renew();
    try {
      return await t.handle(payload, this.context(job, controller));
    } catch (err) {
      const detail = describeError(err);
      this.emit({
        kind: 'handler_threw',
        job_id: job.job_id,
        type: job.type,
        key: job.key,
        attempt: job.attempts,
        detail,
      });
      return { retry: detail };
    } finally {
      finished = true;
      if (renewal !== null) this.timers.clearTimeout(renewal);
    }
  }

  /** Writes a handler's result. */
  private async apply(
    job: ClaimedJob,
    t: RegisteredJobType,
    payload: unknown,
    result: JobResult,
    controller: AbortController,
  ): Promise<JobOutcome> {
    const now = this.clock.now();
    const aborted = controller.signal.aborted;
    if (result === 'finished') return this.record(job, this.store.finish(job.job_id, this.owner), 'finished');
    if ('retry' in result) {
      if (aborted && this.stopping)
        return this.record(
          job,
          this.store.postpone(job.job_id, this.owner, now, 'runner stopped'),
          'postponed',
          'runner stopped',
        );
      if (job.attempts >= job.max_attempts) {
        return this.giveUp(
          job,
          t,
          payload,
          `attempt budget spent (${job.max_attempts}); last: ${result.retry}`,
          controller,
        );
      }
      const next = now + backoffDelay(job.attempts, this.random);
      return this.record(job, this.store.retry(job.job_id, this.owner, next, result.retry), 'retried', result.retry);
    }
    if ('rateLimited' in result) {
      const wait =
        aborted && this.stopping
          ? 0
          : Number.isFinite(result.rateLimited)
            ? Math.max(0, result.rateLimited)
            : this.idlePollMs;
      return this.record(
        job,
        this.store.postpone(job.job_id, this.owner, now + wait, 'rate limited'),
        'postponed',
        'rate limited',
      );
    }
    if ('giveUp' in result) return this.giveUp(job, t, payload, result.giveUp, controller);
    return assertNever(result, 'job result');
  }

  /** Runs the type's onGiveUp hook, then ends the job; a failing hook means: try again later. */
  private async giveUp(
    job: ClaimedJob,
    t: RegisteredJobType,
    payload: unknown,
    why: string,
    controller: AbortController,
  ): Promise<JobOutcome> {
    try {
      await t.onGiveUp(payload, why, this.context(job, controller));
    } catch (err) {
      const detail = `give-up hook failed: ${describeError(err)}`;
      this.emit({
        kind: 'handler_threw',
        job_id: job.job_id,
        type: job.type,
        key: job.key,
        attempt: job.attempts,
        detail,
      });
      const next = this.clock.now() + backoffDelay(job.attempts, this.random);
      return this.record(job, this.store.retry(job.job_id, this.owner, next, detail), 'retried', detail);
    }
    return this.record(job, this.store.giveUp(job.job_id, this.owner, why), 'gave_up', why);
  }

  private context(job: ClaimedJob, controller: AbortController): JobContext {
    return {
      signal: controller.signal,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      jobId: job.job_id,
      type: job.type,
      key: job.key,
      money: job.money,
    };
  }

  /** Awaits a fenced store write; false means the lease was lost. */
  private async record(
    job: ClaimedJob,
    write: Promise<boolean>,
    outcome: JobOutcome,
    detail?: string,
  ): Promise<JobOutcome> {
    const held = await write;
    const kind = held ? outcome : 'lease_lost';
    this.emit({
      kind,
      job_id: job.job_id,
      type: job.type,
      key: job.key,
      attempt: job.attempts,
      ...(detail !== undefined ? { detail } : {}),
    });
    return kind;
  }

  /** The one place log events leave the runner (to be wired to shared/redact's logger). */
  private emit(event: QueueEvent): void {
    try {
      this.logFn(event);
    } catch {
      // A broken logger must not stop the queue.
    }
  }
}

/**
 * Fixtures of the queue tests: a real SQLite file in a temp dir (migrated), a manual clock and
 * manual timers (the queue's injected ports, driven by hand), and a runner factory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate } from '../../main/store/migrations/run-migrations';
import { SqliteJobStore } from '../../main/store/jobs-repository';
import { QueueRunner, type QueueEvent, type QueueRunnerOptions } from '../../main/queue/queue-runner';
import type { JobRegistry } from '../../main/queue/job-types';
import type { QueueTimers } from '../../main/queue/ports';
import type { Clock } from '../../main/domain/clock';

/** A clock that moves only when told to (epoch ms). */
export class ManualClock implements Clock {
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Timers that fire only when the test calls `fireAll()`. */
export class ManualTimers implements QueueTimers {
  private next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Runs every pending timer once (those scheduled meanwhile wait for the next call). */
  fireAll(): void {
    const due = [...this.pending.entries()];
    for (const [id, { fn }] of due) {
      this.pending.delete(id);
      fn();
    }
  }
}

/** The host's timers as the queue's port (for start/stop tests). */
export const realTimers: QueueTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A temp directory with a migrated store file; `open()` gives more connections to the same file. */
export interface TempStore {
  readonly dir: string;
  readonly file: string;
  readonly db: SqliteDb;
  open(): SqliteDb;
  close(): void;
}

export function tempStore(target?: number): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'yidi-queue-'));
  const file = join(dir, 'store.db');
  const db = openSqlite(file);
  migrate(db, target);
  const extra: SqliteDb[] = [];
  return {
    dir,
    file,
    db,
    open() {
      const d = openSqlite(file);
      extra.push(d);
      return d;
    },
    close() {
      for (const d of [db, ...extra]) if (d.open) d.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A runner on a store with manual clock and timers; `events` collects its log. */
export function makeRunner(
  db: SqliteDb,
  registry: JobRegistry,
  clock: ManualClock,
  over: Partial<QueueRunnerOptions> = {},
): { runner: QueueRunner; store: SqliteJobStore; events: QueueEvent[]; timers: ManualTimers } {
  const store = new SqliteJobStore(db, () => clock.now());
  const events: QueueEvent[] = [];
  const timers = new ManualTimers();
  const runner = new QueueRunner({
    store,
    registry,
    clock,
    timers,
    owner: 'runner-1',
    leaseMs: 30_000,
    random: () => 0.5,
    log: (e) => events.push(e),
    ...over,
  });
  return { runner, store, events, timers };
}

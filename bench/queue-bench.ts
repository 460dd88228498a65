/**
 * Queue throughput with durable commits (docs/reliability.md §3 settings: file DB, WAL, synchronous FULL),
 * beside the raw SQLite commit rate measured in the same run on the same disk, and their ratio.
 *
 * - raw: one INSERT per transaction, N transactions;
 * - store: N × (enqueue) then claims of up to 32 + one finish per job, each its own transaction;
 * - runner: N enqueues then `QueueRunner.drain` with a no-op handler (parse, claim, finish).
 *
 * Prints figures only; no pass/fail on speed. The goal (≥ 1,000 jobs/s against the sandbox)
 * is measured by the sandbox-backed variant. Run alone: `npx tsx bench/queue-bench.ts [N]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { openSqlite, type SqliteDb } from '../main/store/sqlite-database';
import { migrate } from '../main/store/migrations/run-migrations';
import { SqliteJobStore } from '../main/store/jobs-repository';
import { defineJobType, JobRegistry } from '../main/queue/job-types';
import { QueueRunner } from '../main/queue/queue-runner';

/** Jobs (and raw commits) per measurement by default. */
export const QUEUE_BENCH_JOBS = 2000;

function rate(n: number, ms: number): number {
  return ms > 0 ? (n * 1000) / ms : Number.POSITIVE_INFINITY;
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function rawCommits(db: SqliteDb, n: number): number {
  db.exec('CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO bench_raw (v) VALUES (?)');
  const one = db.transaction((v: string) => insert.run(v));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) one.immediate(`row-${i}`);
  return performance.now() - t0;
}

async function storeCycle(store: SqliteJobStore, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++)
    await store.enqueue({ type: 'bench', key: `K${i}`, payload: { i }, money: i % 2 === 0, maxAttempts: 10 });
  let done = 0;
  let now = Date.now();
  while (done < n) {
    const jobs = await store.claimDue('bench', now, 60_000, 32);
    if (jobs.length === 0) throw new Error('queue bench: nothing due while jobs remain');
    for (const j of jobs) if (await store.finish(j.job_id, 'bench')) done += 1;
    now += 1;
  }
  return performance.now() - t0;
}

async function runnerCycle(db: SqliteDb, n: number): Promise<number> {
  const registry = new JobRegistry().register(
    defineJobType({
      type: 'bench-run',
      schema: z.object({ i: z.number().int() }),
      money: true,
      maxAttempts: 3,
      handler: async () => 'finished',
    }),
  );
  const store = new SqliteJobStore(db);
  const runner = new QueueRunner({
    store,
    registry,
    owner: 'bench-runner',
    concurrency: 32,
    clock: { now: () => Date.now() },
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await store.enqueue(registry.newJob('bench-run', `R${i}`, { i }));
  let left = n;
  while (left > 0) {
    const r = await runner.drain({ maxCycles: 1000 });
    if (r.attempts === 0) throw new Error('queue bench: runner found nothing while jobs remain');
    left -= r.outcomes.finished;
  }
  return performance.now() - t0;
}

/** Runs the queue benchmark; returns the lines to print. */
export async function runQueueBench(n: number = QUEUE_BENCH_JOBS): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'yidi-queue-bench-'));
  const rawDb = openSqlite(join(dir, 'raw.db'));
  const queueDb = openSqlite(join(dir, 'queue.db'));
  try {
    migrate(queueDb);
    const rawMs = rawCommits(rawDb, n);
    const storeMs = await storeCycle(new SqliteJobStore(queueDb), n);
    const runnerMs = await runnerCycle(queueDb, n);
    const raw = rate(n, rawMs);
    const viaStore = rate(n, storeMs);
    const viaRunner = rate(n, runnerMs);
    return [
      `queue bench (file DB, WAL, synchronous=FULL, N=${n})`,
      `  raw SQLite commits (1 INSERT / txn):       ${fmt(raw)} commits/s`,
      `  queue via store (enqueue+claim+finish):    ${fmt(viaStore)} jobs/s  (ratio to raw ${(viaStore / raw).toPrecision(3)})`,
      `  queue via runner (enqueue+drain, no-op):   ${fmt(viaRunner)} jobs/s  (ratio to raw ${(viaRunner / raw).toPrecision(3)})`,
      `  each job needs ≥ 2 durable commits (enqueue, finish) plus a share of a claim, so about 0.5 is the expected ceiling (run-to-run noise aside)`,
    ];
  } finally {
    rawDb.close();
    queueDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = process.argv[2] !== undefined ? Number.parseInt(process.argv[2], 10) : QUEUE_BENCH_JOBS;
  for (const line of await runQueueBench(n)) console.log(line);
}

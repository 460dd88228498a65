/**
 * The job store on real SQLite files: claims with a lease across two connections, per-key heads,
 * fencing, startup requeue, giving up (money → needs_attention, never deleted), the outbox rollback,
 * dead letters and stats (docs/reliability.md §3, docs/architecture.md §3).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { insertJobRow, SqliteJobStore } from '../../main/store/jobs-repository';
import { AppError } from '../../shared/errors/app-error';
import { ManualClock, tempStore, type TempStore } from './queue-fixtures';
import type { NewJob } from '../../main/store/ports/jobs';

let t: TempStore | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const T0 = 1_700_000_000_000;

function setup(): { t: TempStore; clock: ManualClock; store: SqliteJobStore } {
  t = tempStore();
  const clock = new ManualClock(T0);
  return { t, clock, store: new SqliteJobStore(t.db, () => clock.now()) };
}

describe('SqliteJobStore', () => {
  it('claims the oldest unfinished job of each key only, with a lease, counting the attempt', async () => {
    const { store } = setup();
    const a1 = await store.enqueue({ type: 'x', key: 'A', payload: { n: 1 }, money: false, maxAttempts: 10 });
    const a2 = await store.enqueue({ type: 'x', key: 'A', payload: { n: 2 }, money: false, maxAttempts: 10 });
    const b1 = await store.enqueue({ type: 'x', key: 'B', payload: { n: 3 }, money: true, maxAttempts: 4 });
    const claimed = await store.claimDue('r1', T0, 30_000, 10);
    expect(claimed.map((j) => j.job_id)).toEqual([a1, b1]);
    expect(claimed[1]).toMatchObject({
      state: 'running',
      lease_owner: 'r1',
      lease_expires_at: T0 + 30_000,
      attempts: 1,
      max_attempts: 4,
      money: true,
      payload: '{"n":3}',
    });
    // A2 waits behind A1 although it is due.
    expect(await store.claimDue('r1', T0 + 1, 30_000, 10)).toEqual([]);
    expect(await store.finish(a1, 'r1')).toBe(true);
    expect((await store.claimDue('r1', T0 + 2, 30_000, 10)).map((j) => j.job_id)).toEqual([a2]);
  });

  it('does not claim a job before next_run_at, nor types outside the filter', async () => {
    const { store } = setup();
    const later = await store.enqueue({
      type: 'x',
      key: 'A',
      payload: {},
      money: false,
      maxAttempts: 10,
      runAt: T0 + 5000,
    });
    const other = await store.enqueue({ type: 'y', key: 'B', payload: {}, money: false, maxAttempts: 10 });
    expect(await store.claimDue('r1', T0 + 4999, 1000, 10, { types: ['x'] })).toEqual([]);
    expect(await store.claimDue('r1', T0 + 4999, 1000, 10, { excludeTypes: ['y'] })).toEqual([]);
    expect(
      (await store.claimDue('r1', T0 + 5000, 1000, 10, { types: ['x', 'y'], excludeTypes: ['y'] })).map(
        (j) => j.job_id,
      ),
    ).toEqual([later]);
    expect(await store.claimDue('r1', T0 + 5000, 1000, 10, { types: [] })).toEqual([]);
    expect((await store.claimDue('r1', T0 + 5000, 1000, 10)).map((j) => j.job_id)).toEqual([other]);
    expect(await store.nextWakeAt(T0)).toBe(T0 + 6000);
  });

  it('lease: a second connection cannot claim a leased job, takes it over after expiry, and the old holder is fenced', async () => {
    const { t, store: s1 } = setup();
    const s2 = new SqliteJobStore(t.open(), () => T0);
    const id = await s1.enqueue({ type: 'x', key: 'V', payload: {}, money: true, maxAttempts: 10 });
    expect((await s1.claimDue('r1', T0, 30_000, 5)).map((j) => j.job_id)).toEqual([id]);
    expect(await s2.claimDue('r2', T0 + 29_999, 30_000, 5)).toEqual([]);
    const taken = await s2.claimDue('r2', T0 + 30_000, 30_000, 5);
    expect(taken.map((j) => [j.job_id, j.lease_owner, j.attempts])).toEqual([[id, 'r2', 2]]);
    // The first holder comes back late: every write is refused.
    expect(await s1.finish(id, 'r1')).toBe(false);
    expect(await s1.retry(id, 'r1', T0, 'late')).toBe(false);
    expect(await s1.giveUp(id, 'r1', 'late')).toBe(false);
    expect(await s1.extendLease(id, 'r1', T0 + 99_999)).toBe(false);
    expect(await s2.finish(id, 'r2')).toBe(true);
    expect(await s1.get(id)).toMatchObject({ state: 'done', lease_owner: null, attempts: 2 });
  });

  it('two connections racing for the same due jobs never both get one', async () => {
    const { t, store: s1 } = setup();
    const s2 = new SqliteJobStore(t.open(), () => T0);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(await s1.enqueue({ type: 'x', key: `K${i}`, payload: {}, money: false, maxAttempts: 10 }));
    const got: string[] = [];
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.all([s1.claimDue('r1', T0, 60_000, 3), s2.claimDue('r2', T0, 60_000, 3)]);
      got.push(...a.map((j) => j.job_id), ...b.map((j) => j.job_id));
    }
    expect(got.length).toBe(40);
    expect(new Set(got).size).toBe(40);
    expect([...got].sort()).toEqual([...ids].sort());
  });

  it('startup requeue: running jobs of a dead process go back to queued, attempts kept', async () => {
    const { t, store } = setup();
    const id = await store.enqueue({ type: 'x', key: 'V', payload: {}, money: true, maxAttempts: 10 });
    await store.claimDue('r1', T0, 30_000, 5);
    t.db.close(); // the process dies holding the lease
    const store2 = new SqliteJobStore(t.open(), () => T0 + 10);
    expect(await store2.requeueRunningAtStartup()).toBe(1);
    expect(await store2.get(id)).toMatchObject({
      state: 'queued',
      lease_owner: null,
      lease_expires_at: null,
      attempts: 1,
      updated_at: T0 + 10,
    });
    expect((await store2.claimDue('r2', T0 + 10, 30_000, 5)).map((j) => [j.job_id, j.attempts])).toEqual([[id, 2]]);
  });

  it('releaseExpiredLeases requeues only expired leases', async () => {
    const { store } = setup();
    const a = await store.enqueue({ type: 'x', key: 'A', payload: {}, money: false, maxAttempts: 10 });
    await store.claimDue('r1', T0, 1000, 5);
    const b = await store.enqueue({ type: 'x', key: 'B', payload: {}, money: false, maxAttempts: 10 });
    await store.claimDue('r1', T0 + 500, 1000, 5);
    expect(await store.releaseExpiredLeases(T0 + 1000)).toBe(1);
    expect((await store.get(a))?.state).toBe('queued');
    expect((await store.get(b))?.state).toBe('running');
  });

  it('giveUp: a money job needs attention and cannot be deleted; a plain job ends done with the error', async () => {
    const { t, store } = setup();
    const m = await store.enqueue({ type: 'x', key: 'A', payload: {}, money: true, maxAttempts: 10 });
    const p = await store.enqueue({ type: 'x', key: 'B', payload: {}, money: false, maxAttempts: 10 });
    await store.claimDue('r1', T0, 1000, 5);
    expect(await store.giveUp(m, 'r1', 'budget spent')).toBe(true);
    expect(await store.giveUp(p, 'r1', 'budget spent')).toBe(true);
    expect(await store.get(m)).toMatchObject({ state: 'needs_attention', last_error: 'budget spent', money: true });
    expect(await store.get(p)).toMatchObject({ state: 'done', last_error: 'budget spent' });
    expect(() => t.db.prepare('DELETE FROM jobs WHERE job_id = ?').run(m)).toThrow('money jobs are never deleted');
    expect(await store.stats(T0)).toMatchObject({ depth: 0, needs_attention: 1, running: 0 });
    // Pruning removes old done plain jobs only.
    expect(await store.pruneDone(T0 + 1)).toBe(1);
    expect((await store.list()).map((j) => j.job_id)).toEqual([m]);
  });

  it('postpone spends no attempt; retry keeps it and records the error', async () => {
    const { store } = setup();
    const id = await store.enqueue({ type: 'x', key: 'A', payload: {}, money: false, maxAttempts: 10 });
    await store.claimDue('r1', T0, 1000, 5);
    expect(await store.postpone(id, 'r1', T0 + 700, 'rate limited')).toBe(true);
    expect(await store.get(id)).toMatchObject({ state: 'queued', attempts: 0, next_run_at: T0 + 700 });
    await store.claimDue('r1', T0 + 700, 1000, 5);
    expect(await store.retry(id, 'r1', T0 + 900, 'E1')).toBe(true);
    expect(await store.get(id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      next_run_at: T0 + 900,
      last_error: 'E1',
    });
  });

  it('deadLetter keeps the raw payload and ends the job (money → needs_attention)', async () => {
    const { store, clock } = setup();
    const id = await store.enqueue({ type: 'x', key: 'A', payload: { bad: true }, money: true, maxAttempts: 10 });
    const [job] = await store.claimDue('r1', T0, 1000, 5);
    clock.advance(5);
    expect(await store.deadLetter(id, 'someone-else', job!.payload, 'schema')).toBe(false);
    expect(await store.deadLetter(id, 'r1', job!.payload, 'schema')).toBe(true);
    expect(await store.deadLetters()).toEqual([
      {
        id: expect.any(String),
        job_id: id,
        type: 'x',
        key: 'A',
        raw_payload: '{"bad":true}',
        error: 'schema',
        created_at: T0 + 5,
      },
    ]);
    expect(await store.get(id)).toMatchObject({ state: 'needs_attention', last_error: 'dead-lettered: schema' });
    expect((await store.stats(T0)).dead_letters).toBe(1);
  });

  it('outbox: a job inserted inside a caller transaction that rolls back leaves no job; a commit keeps it', async () => {
    const { t, store } = setup();
    const business = t.db.transaction((fail: boolean) => {
      t.db
        .prepare('INSERT INTO msgid_counter (id, value) VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET value = value + 1')
        .run();
      const id = insertJobRow(
        t.db,
        { type: 'reverse-settle', key: 'V1', payload: { settlement_id: 'S1' }, money: true, maxAttempts: 10 },
        T0,
      );
      if (fail) throw new Error('business write failed');
      return id;
    });
    expect(() => business(true)).toThrow('business write failed');
    const outbox: NewJob = {
      type: 'reverse-settle',
      key: 'V9',
      payload: { settlement_id: 'S9' },
      money: true,
      maxAttempts: 20,
    };
    expect(() =>
      t.db.transaction(() => {
        insertJobRow(t.db, outbox, T0);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(await store.list()).toEqual([]);
    expect(t.db.prepare('SELECT value FROM msgid_counter').get()).toEqual({ value: 0 });
    const id = business(false);
    expect((await store.list()).map((j) => [j.job_id, j.state, j.money])).toEqual([[id, 'queued', true]]);
    expect(t.db.prepare('SELECT value FROM msgid_counter').get()).toEqual({ value: 1 });
  });

  it('refuses a malformed job before writing', () => {
    const { t } = setup();
    expect(() => insertJobRow(t.db, { type: 'x', key: '', payload: {}, money: false, maxAttempts: 10 }, T0)).toThrow(
      AppError,
    );
    expect(() =>
      insertJobRow(t.db, { type: 'x', key: 'K', payload: undefined, money: false, maxAttempts: 10 }, T0),
    ).toThrow(AppError);
    expect(() => insertJobRow(t.db, { type: 'x', key: 'K', payload: {}, money: false, maxAttempts: 0 }, T0)).toThrow(
      AppError,
    );
    expect(t.db.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it('stats count depth, due, running, oldest', async () => {
    const { store } = setup();
    await store.enqueue({ type: 'x', key: 'A', payload: {}, money: false, maxAttempts: 10 });
    await store.enqueue({ type: 'x', key: 'B', payload: {}, money: false, maxAttempts: 10, runAt: T0 + 100 });
    await store.enqueue({ type: 'x', key: 'A', payload: {}, money: false, maxAttempts: 10 });
    await store.claimDue('r1', T0, 1000, 1);
    expect(await store.stats(T0)).toEqual({
      depth: 3,
      due: 1,
      oldest_at: T0,
      running: 1,
      needs_attention: 0,
      dead_letters: 0,
    });
    expect((await store.list({ states: ['running'] })).length).toBe(1);
    expect((await store.list({ key: 'A' })).length).toBe(2);
  });
});

describe('claims under real concurrency', () => {
  it('three worker threads, each with its own connection, claim 300 jobs: every job exactly once', async () => {
    const { Worker } = await import('node:worker_threads');
    const { claimDueQuery } = await import('../../main/store/jobs-repository');
    const { store, t } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 300; i++)
      ids.push(await store.enqueue({ type: 'x', key: `K${i % 150}`, payload: {}, money: false, maxAttempts: 10 }));
    // Plain JS in the worker: open the same file with the same settings and run the claim statement
    // in BEGIN IMMEDIATE transactions, finishing each job, until nothing is left.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const Database = require('better-sqlite3');
      const db = new Database(workerData.file, { timeout: 5000 });
      db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL');
      const claim = db.prepare(workerData.text);
      const finish = db.prepare("UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL WHERE job_id = ? AND lease_owner = ? AND state = 'running'");
      const got = []; let empty = 0; let finished = 0;
      while (empty < 20) {
        const rows = db.transaction(() => claim.all(...workerData.params)).immediate();
        if (rows.length === 0) { empty++; continue; }
        for (const r of rows) { got.push(r.job_id); finished += db.transaction(() => finish.run(r.job_id, workerData.owner).changes).immediate(); }
      }
      db.close();
      parentPort.postMessage({ got, finished });`;
    const run = (owner: string) => {
      const q = claimDueQuery(owner, T0, 60_000, 4);
      return new Promise<{ got: string[]; finished: number }>((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { file: t.file, text: q.text, params: q.params, owner } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    };
    const results = await Promise.all([run('w1'), run('w2'), run('w3')]);
    const all = results.flatMap((r) => r.got);
    expect(all.length).toBe(300);
    expect(new Set(all).size).toBe(300);
    expect([...all].sort()).toEqual([...ids].sort());
    expect(results.reduce((n, r) => n + r.finished, 0)).toBe(300);
    expect(await store.stats(T0)).toMatchObject({ depth: 0, running: 0 });
  });
});

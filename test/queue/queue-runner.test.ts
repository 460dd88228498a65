/**
 * The queue runner on a real SQLite file with an injected manual clock (docs/reliability.md §3, R5):
 * poison dead-lettered after one parse with no crash, per-key ordering, a failing key blocking no
 * other, backoff on retry, give-up (money → needs_attention, never deleted), lease takeover by a
 * second runner, startup requeue, rate limiting and pauses, and start/stop with aborts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJobType, JobRegistry, type JobResult } from '../../main/queue/job-types';
import { QueueRunner } from '../../main/queue/queue-runner';
import { SqliteJobStore } from '../../main/store/jobs-repository';
import { AppError } from '../../shared/errors/app-error';
import { makeRunner, ManualClock, realTimers, tempStore, type TempStore } from './queue-fixtures';

let t: TempStore | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const T0 = 1_700_000_000_000;
const Step = z.object({ n: z.number().int() });

/** A registry with one type whose handler answers from a script per payload `n`. */
function scripted(
  opts: {
    money?: boolean;
    maxAttempts?: number;
    script?: (n: number, attempt: number) => JobResult | Promise<JobResult>;
  } = {},
) {
  const calls: { n: number; attempt: number; key: string }[] = [];
  const parsed: unknown[] = [];
  const registry = new JobRegistry().register(
    defineJobType({
      type: 'step',
      // Records every payload the schema sees, to count parses.
      schema: z.preprocess((v) => {
        parsed.push(v);
        return v;
      }, Step),
      money: opts.money ?? false,
      maxAttempts: opts.maxAttempts ?? 5,
      async handler(p, ctx) {
        calls.push({ n: p.n, attempt: ctx.attempt, key: ctx.key });
        return (opts.script ?? (() => 'finished'))(p.n, ctx.attempt);
      },
    }),
  );
  return { registry, calls, parsed };
}

describe('QueueRunner', () => {
  it('poison: a payload failing its schema is dead-lettered raw after exactly 1 parse, with 0 crashes, and other jobs still run', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    const s = scripted({ money: true });
    const { runner, store, events } = makeRunner(t.db, s.registry, clock);
    // Enqueued behind the registry's back, as an old version or a corrupted row would.
    const bad = await store.enqueue({ type: 'step', key: 'V1', payload: { n: 'one' }, money: true, maxAttempts: 10 });
    const good = await store.enqueue({ type: 'step', key: 'V2', payload: { n: 2 }, money: false, maxAttempts: 10 });
    const report = await runner.drain();
    expect(report.outcomes).toMatchObject({ dead_lettered: 1, finished: 1, store_error: 0 });
    // registry.newJob is not used here, so the only parses are the runner's: one per job.
    expect(s.parsed).toEqual([{ n: 'one' }, { n: 2 }]);
    expect(s.calls).toEqual([{ n: 2, attempt: 1, key: 'V2' }]);
    const letters = await store.deadLetters();
    expect(letters.map((d) => [d.job_id, d.raw_payload])).toEqual([[bad, '{"n":"one"}']]);
    expect(letters[0]!.error).toMatch(/^payload fails its schema: n: /);
    expect(await store.get(bad)).toMatchObject({ state: 'needs_attention', attempts: 1 });
    expect((await store.get(good))?.state).toBe('done');
    expect(events.filter((e) => e.kind === 'handler_threw' || e.kind === 'store_error')).toEqual([]);
    // Not retried: a second drain finds nothing, and the poison was parsed once in all.
    expect((await runner.drain()).attempts).toBe(0);
    expect(s.parsed.filter((p) => JSON.stringify(p) === '{"n":"one"}').length).toBe(1);
  });

  it('poison that is not even JSON is dead-lettered too', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    const s = scripted();
    const { runner, store } = makeRunner(t.db, s.registry, clock);
    const id = await store.enqueue({ type: 'step', key: 'V1', payload: {}, money: false, maxAttempts: 10 });
    t.db.prepare("UPDATE jobs SET payload = '{not json' WHERE job_id = ?").run(id);
    expect((await runner.drain()).outcomes.dead_lettered).toBe(1);
    expect(await store.deadLetters()).toMatchObject([
      { job_id: id, raw_payload: '{not json', error: 'payload is not valid JSON' },
    ]);
    expect(await store.get(id)).toMatchObject({
      state: 'done',
      last_error: 'dead-lettered: payload is not valid JSON',
    });
  });

  it('per-key ordering: jobs of one key run strictly in order; another key proceeds while it is retrying', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    // Job n=1 fails on its first two attempts; every other job succeeds.
    const s = scripted({ script: (n, attempt) => (n === 1 && attempt < 3 ? { retry: `E${attempt}` } : 'finished') });
    const { runner, store } = makeRunner(t.db, s.registry, clock);
    for (const [key, n] of [
      ['A', 1],
      ['A', 2],
      ['B', 10],
      ['A', 3],
      ['B', 11],
    ] as const) {
      await runner.enqueue('step', key, { n });
    }
    // Cycle 1: A1 fails (retry after 0 ms), B10 runs. Cycle 2: A1 fails again (retry after 190 ms), B11 runs.
    const first = await runner.drain();
    expect(first).toMatchObject({ cycles: 2, idle: true });
    expect(s.calls.map((c) => c.n)).toEqual([1, 10, 1, 11]);
    const a1 = (await store.list({ key: 'A' }))[0]!;
    // random() = 0.5 → no jitter: the second failure waits exactly 190 ms.
    expect(a1).toMatchObject({ state: 'queued', attempts: 2, next_run_at: T0 + 190, last_error: 'E2' });
    clock.advance(189);
    expect((await runner.drain()).attempts).toBe(0);
    clock.advance(1);
    await runner.drain();
    expect(s.calls.filter((c) => c.key === 'A').map((c) => `${c.n}#${c.attempt}`)).toEqual([
      '1#1',
      '1#2',
      '1#3',
      '2#1',
      '3#1',
    ]);
    expect(s.calls.filter((c) => c.key === 'B').map((c) => c.n)).toEqual([10, 11]);
    expect((await store.list()).every((j) => j.state === 'done')).toBe(true);
  });

  it('never runs two jobs of one key at once while started, even with free capacity; other keys overlap', async () => {
    t = tempStore();
    const active = new Map<string, number>();
    let maxSameKey = 0;
    let maxOverall = 0;
    const order: string[] = [];
    let finished = 0;
    let allDone!: () => void;
    const done = new Promise<void>((r) => (allDone = r));
    const registry = new JobRegistry().register(
      defineJobType({
        type: 'slow',
        schema: z.object({ i: z.number() }),
        money: false,
        maxAttempts: 1,
        async handler(p, ctx) {
          active.set(ctx.key, (active.get(ctx.key) ?? 0) + 1);
          maxSameKey = Math.max(maxSameKey, ...active.values());
          maxOverall = Math.max(
            maxOverall,
            [...active.values()].reduce((a, b) => a + b, 0),
          );
          order.push(`${ctx.key}${p.i}`);
          for (let k = 0; k < 3; k++) await new Promise((r) => setImmediate(r));
          active.set(ctx.key, (active.get(ctx.key) ?? 1) - 1);
          finished += 1;
          if (finished === 8) allDone();
          return 'finished';
        },
      }),
    );
    const store = new SqliteJobStore(t.db);
    for (let i = 0; i < 4; i++) {
      await store.enqueue(registry.newJob('slow', 'A', { i }));
      await store.enqueue(registry.newJob('slow', 'B', { i }));
    }
    const runner = new QueueRunner({
      store,
      registry,
      clock: { now: () => Date.now() },
      timers: realTimers,
      owner: 'r',
      concurrency: 8,
      idlePollMs: 10,
    });
    await runner.start();
    await done;
    await runner.stop();
    expect(maxSameKey).toBe(1);
    expect(maxOverall).toBe(2);
    expect(order.filter((o) => o.startsWith('A'))).toEqual(['A0', 'A1', 'A2', 'A3']);
    expect(order.filter((o) => o.startsWith('B'))).toEqual(['B0', 'B1', 'B2', 'B3']);
  });

  it('gives up after max attempts: a money job needs attention and cannot be deleted; a plain job ends done', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    const s = scripted({ maxAttempts: 3, script: () => ({ retry: 'upstream unknown' }) });
    const { runner, store } = makeRunner(t.db, s.registry, clock);
    const money = await store.enqueue({ ...s.registry.newJob('step', 'V1', { n: 1 }), money: true });
    const plain = await runner.enqueue('step', 'V2', { n: 2 });
    for (let i = 0; i < 5; i++) {
      await runner.drain();
      clock.advance(1000);
    }
    expect(s.calls.filter((c) => c.key === 'V1').map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(await store.get(money)).toMatchObject({
      state: 'needs_attention',
      attempts: 3,
      last_error: 'attempt budget spent (3); last: upstream unknown',
    });
    expect(await store.get(plain)).toMatchObject({ state: 'done', attempts: 3 });
    expect(() => t!.db.prepare('DELETE FROM jobs WHERE job_id = ?').run(money)).toThrow('money jobs are never deleted');
    await store.pruneDone(clock.now() + 1);
    expect((await store.list()).map((j) => j.job_id)).toEqual([money]);
  });

  it('a handler that throws counts as a retry, and a giveUp result ends the job at once', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    const s = scripted({
      money: true,
      script: (n) => {
        if (n === 1) throw new AppError('UPSTREAM_TIMEOUT');
        return { giveUp: 'platform says never' };
      },
    });
    const { runner, store, events } = makeRunner(t.db, s.registry, clock);
    const a = await runner.enqueue('step', 'A', { n: 1 });
    const b = await runner.enqueue('step', 'B', { n: 2 });
    await runner.drain({ maxCycles: 1 });
    expect(await store.get(a)).toMatchObject({
      state: 'queued',
      attempts: 1,
      last_error: 'UPSTREAM_TIMEOUT: 医保平台响应超时。',
    });
    expect(await store.get(b)).toMatchObject({
      state: 'needs_attention',
      attempts: 1,
      last_error: 'platform says never',
    });
    expect(events.some((e) => e.kind === 'handler_threw' && e.job_id === a)).toBe(true);
  });

  it('lease: a second runner on a second connection cannot take a leased job, and takes over after expiry', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    const s = scripted({ money: true });
    const store1 = new SqliteJobStore(t.db, () => clock.now());
    const id = await store1.enqueue(s.registry.newJob('step', 'V1', { n: 1 }));
    // Runner 1 claims and dies before writing anything (simulated: claim only).
    expect((await store1.claimDue('runner-1', clock.now(), 30_000, 5)).length).toBe(1);
    const { runner: runner2, store: store2 } = makeRunner(t.open(), s.registry, clock, { owner: 'runner-2' });
    expect((await runner2.drain()).attempts).toBe(0);
    clock.advance(29_999);
    expect((await runner2.drain()).attempts).toBe(0);
    clock.advance(1);
    expect((await runner2.drain()).outcomes.finished).toBe(1);
    expect(s.calls).toEqual([{ n: 1, attempt: 2, key: 'V1' }]);
    expect(await store2.get(id)).toMatchObject({ state: 'done', attempts: 2 });
    // Runner 1's late outcome is refused.
    expect(await store1.finish(id, 'runner-1')).toBe(false);
  });

  it('a holder that died in its last allowed attempt is given up on takeover, not run again', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    const s = scripted({ money: true, maxAttempts: 1 });
    const { runner, store } = makeRunner(t.db, s.registry, clock);
    const id = await store.enqueue(s.registry.newJob('step', 'V1', { n: 1 }));
    await store.claimDue('dead-runner', clock.now(), 1000, 5);
    clock.advance(1000);
    expect((await runner.drain()).outcomes.gave_up).toBe(1);
    expect(s.calls).toEqual([]);
    expect(await store.get(id)).toMatchObject({ state: 'needs_attention', attempts: 2 });
  });

  it('startup requeue: start() puts running jobs back and runs them', async () => {
    t = tempStore();
    const s = scripted();
    const store1 = new SqliteJobStore(t.db, () => T0);
    const id = await store1.enqueue(s.registry.newJob('step', 'V1', { n: 7 }));
    await store1.claimDue('crashed', Date.now(), 600_000, 5);
    t.db.close();
    let done!: () => void;
    const ran = new Promise<void>((r) => (done = r));
    const registry = new JobRegistry().register(
      defineJobType({
        type: 'step',
        schema: Step,
        money: false,
        maxAttempts: 5,
        async handler() {
          done();
          return 'finished';
        },
      }),
    );
    const db2 = t.open();
    const store2 = new SqliteJobStore(db2);
    const runner = new QueueRunner({
      store: store2,
      registry,
      clock: { now: () => Date.now() },
      timers: realTimers,
      owner: 'fresh',
      idlePollMs: 20,
    });
    expect(await runner.start()).toBe(1);
    await ran;
    await runner.stop();
    expect(await store2.get(id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('stop() aborts a running handler through its signal, waits for it, and postpones the job without spending an attempt', async () => {
    t = tempStore();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let sawAbort = false;
    const registry = new JobRegistry().register(
      defineJobType({
        type: 'hang',
        schema: z.object({}),
        money: true,
        maxAttempts: 3,
        handler: (_p, ctx) =>
          new Promise<JobResult>((resolve) => {
            started();
            ctx.signal.addEventListener('abort', () => {
              sawAbort = true;
              resolve({ retry: 'aborted' });
            });
          }),
      }),
    );
    const store = new SqliteJobStore(t.db);
    const runner = new QueueRunner({
      store,
      registry,
      clock: { now: () => Date.now() },
      timers: realTimers,
      owner: 'r',
      idlePollMs: 20,
    });
    await runner.start();
    const id = await runner.enqueue('hang', 'V1', {});
    await running;
    expect(runner.runningCount()).toBe(1);
    await runner.stop();
    expect(sawAbort).toBe(true);
    expect(runner.runningCount()).toBe(0);
    expect(await store.get(id)).toMatchObject({ state: 'queued', attempts: 0, last_error: 'runner stopped' });
  });

  it('rateLimited holds a job without spending attempts; pauseWhile holds claims until the predicate clears', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    let online = false;
    const s = scripted({ maxAttempts: 1, script: () => (online ? 'finished' : { rateLimited: 5000 }) });
    const { runner, store } = makeRunner(t.db, s.registry, clock);
    const id = await runner.enqueue('step', 'V1', { n: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await runner.drain()).outcomes.postponed).toBe(1);
      expect(await store.get(id)).toMatchObject({ state: 'queued', attempts: 0, next_run_at: clock.now() + 5000 });
      clock.advance(5000);
    }
    const resume = runner.pauseWhile(() => !online, ['step']);
    expect((await runner.drain()).attempts).toBe(0);
    online = true;
    expect((await runner.drain()).outcomes.finished).toBe(1);
    resume();
    expect(await store.get(id)).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('renews the lease while a handler runs, and aborts the handler when the lease is lost', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    let release!: () => void;
    let aborted = false;
    const registry = new JobRegistry().register(
      defineJobType({
        type: 'long',
        schema: z.object({}),
        money: false,
        maxAttempts: 2,
        handler: (_p, ctx) =>
          new Promise<JobResult>((resolve) => {
            release = () => resolve('finished');
            ctx.signal.addEventListener('abort', () => {
              aborted = true;
              resolve({ retry: 'aborted' });
            });
          }),
      }),
    );
    const { runner, store, timers } = makeRunner(t.db, registry, clock, { leaseMs: 30_000 });
    const id = await runner.enqueue('long', 'V1', {});
    const drained = runner.drain({ maxCycles: 1 });
    await new Promise((r) => setImmediate(r));
    expect([...timers.pending.values()].map((p) => p.ms)).toEqual([10_000]);
    clock.advance(10_000);
    timers.fireAll();
    await new Promise((r) => setImmediate(r));
    expect((await store.get(id))?.lease_expires_at).toBe(T0 + 40_000);
    // Another process steals the job (simulated by rewriting the owner): the next renewal fails.
    t.db.prepare("UPDATE jobs SET lease_owner = 'thief' WHERE job_id = ?").run(id);
    timers.fireAll();
    const report = await drained;
    expect(aborted).toBe(true);
    expect(report.outcomes.lease_lost).toBe(1);
    expect(await store.get(id)).toMatchObject({ state: 'running', lease_owner: 'thief' });
    release();
  });

  it('onGiveUp runs before a job is given up (budget, giveUp result, dead holder); a failing hook defers the give-up', async () => {
    t = tempStore();
    const clock = new ManualClock(T0);
    const hooked: string[] = [];
    let hookFails = true;
    const registry = new JobRegistry().register(
      defineJobType({
        type: 'rev',
        schema: Step,
        money: true,
        maxAttempts: 2,
        handler: async (p) => (p.n === 2 ? { giveUp: 'never' } : { retry: 'unknown' }),
        async onGiveUp(p, reason, ctx) {
          hooked.push(`${p.n}@${ctx.attempt}: ${reason}`);
          if (p.n === 1 && hookFails) throw new Error('journal busy');
        },
      }),
    );
    const { runner, store } = makeRunner(t.db, registry, clock);
    const a = await runner.enqueue('rev', 'A', { n: 1 });
    const b = await runner.enqueue('rev', 'B', { n: 2 });
    const c = await store.enqueue(registry.newJob('rev', 'C', { n: 3 }));
    // C's holder died during its last allowed attempt (2 of 2), its lease running out at T0 + 10.
    t.db
      .prepare(
        "UPDATE jobs SET state = 'running', attempts = 2, lease_owner = 'dead', lease_expires_at = ? WHERE job_id = ?",
      )
      .run(T0 + 10, c);
    await runner.drain({ maxCycles: 1 }); // A fails (retry at once), B gives up
    expect(hooked).toEqual(['2@1: never']);
    clock.advance(10);
    await runner.drain({ maxCycles: 1 }); // A's budget is spent but its hook fails; C is taken over and given up
    expect([...hooked].sort()).toEqual([
      '1@2: attempt budget spent (2); last: unknown',
      '2@1: never',
      '3@3: attempt budget spent (2); last: the runner stopped during the attempt',
    ]);
    expect(await store.get(a)).toMatchObject({
      state: 'queued',
      last_error: 'give-up hook failed: Error: journal busy',
    });
    expect((await store.get(b))?.state).toBe('needs_attention');
    expect((await store.get(c))?.state).toBe('needs_attention');
    hookFails = false;
    clock.advance(1000);
    await runner.drain();
    expect(hooked.at(-1)).toBe('1@3: attempt budget spent (2); last: give-up hook failed: Error: journal busy');
    expect((await store.get(a))?.state).toBe('needs_attention');
  });

  it('newJob refuses unknown types and bad payloads at the source (JOB_INVALID)', () => {
    const s = scripted({ money: true, maxAttempts: 4 });
    expect(s.registry.newJob('step', 'V1', { n: 1 })).toEqual({
      type: 'step',
      key: 'V1',
      payload: { n: 1 },
      money: true,
      maxAttempts: 4,
    });
    expect(() => s.registry.newJob('nope', 'V1', {})).toThrow(expect.objectContaining({ code: 'JOB_INVALID' }));
    expect(() => s.registry.newJob('step', 'V1', { n: 1.5 })).toThrow(expect.objectContaining({ code: 'JOB_INVALID' }));
    expect(() =>
      s.registry.register(
        defineJobType({ type: 'step', schema: Step, money: false, maxAttempts: 1, handler: async () => 'finished' }),
      ),
    ).toThrow(/twice/);
  });
});

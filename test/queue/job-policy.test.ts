/**
 * The job registry is the one source of a job's budget (issue 13 item 7): `withPolicy` overrides
 * whatever a caller wrote, an unknown type is refused, and the store has no default to fall back to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeferredJobScheduler, JobRegistry, defineJobType } from '../../main/queue/job-types';
import { insertJobRow } from '../../main/store/jobs-repository';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import type { NewJob } from '../../main/store/ports/jobs';

const registry = new JobRegistry().register(
  defineJobType({
    type: 'pay-back',
    schema: z.object({ id: z.string() }),
    money: true,
    maxAttempts: 7,
    handler: async () => 'finished',
  }),
);

let dir = '';
let opened: OpenedStore | null = null;
afterEach(() => {
  opened?.close();
  opened = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('job policy', () => {
  it('withPolicy puts the type’s money flag and budget on a hand-built row', () => {
    const hand: NewJob = { type: 'pay-back', key: 'V1', payload: { id: 'x' }, money: false, maxAttempts: 10 };
    expect(registry.withPolicy(hand)).toMatchObject({ money: true, maxAttempts: 7, key: 'V1', payload: { id: 'x' } });
  });

  it('an unregistered type is refused with JOB_INVALID', () => {
    expect(() => registry.withPolicy({ type: 'nope', key: 'V', payload: {}, money: true, maxAttempts: 3 })).toThrow(
      expect.objectContaining({ code: 'JOB_INVALID' }),
    );
  });

  it('the deferred scheduler builds from its registry once wired, and refuses before', () => {
    let woken = 0;
    const s = new DeferredJobScheduler(() => void (woken += 1));
    expect(() => s.job('pay-back', 'V', { id: 'x' })).toThrow(/no job registry/);
    s.use(registry);
    expect(s.job('pay-back', 'V', { id: 'x' }, { runAt: 5 })).toEqual({
      type: 'pay-back',
      key: 'V',
      payload: { id: 'x' },
      money: true,
      maxAttempts: 7,
      runAt: 5,
    });
    expect(() => s.job('pay-back', 'V', { id: 3 })).toThrow(expect.objectContaining({ code: 'JOB_INVALID' }));
    s.wake();
    expect(woken).toBe(1);
  });

  it('insertJobRow has no default budget: a row without one is refused and nothing is written', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'job-policy-'));
    opened = openSettlementStore(path.join(dir, 'adapter.db'), (db, job, now) => void insertJobRow(db, job, now));
    const db = opened.db;
    const noBudget = { type: 'pay-back', key: 'V', payload: {}, money: true } as unknown as NewJob;
    expect(() => insertJobRow(db, noBudget, 1)).toThrow(expect.objectContaining({ code: 'JOB_INVALID' }));
    expect(db.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });
});

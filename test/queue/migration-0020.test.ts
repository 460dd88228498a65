/**
 * Migration 0020 (jobs, dead letters): migrate to 20, insert rows, and assert the constraints and
 * the money-delete trigger (R5: 0 money jobs deleted) and that the hot claim query uses its indexes
 * (docs/architecture.md §5.8).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';
import { MIGRATIONS } from '../../main/store/migrations/index';
import { claimDueQuery, insertJobRow } from '../../main/store/jobs-repository';
import { tempStore, type TempStore } from './queue-fixtures';

let t: TempStore | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

function plan(store: TempStore, text: string, params: readonly unknown[] = []): string[] {
  return (store.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

describe('migration 0020-jobs', () => {
  it('is listed after 0010 and brings the schema to 20 from 10', () => {
    expect(MIGRATIONS.map((m) => m.version).slice(0, 2)).toEqual([10, 20]);
    t = tempStore(10);
    expect(schemaVersion(t.db)).toBe(10);
    expect(t.db.prepare("SELECT name FROM sqlite_master WHERE name = 'jobs'").get()).toBeUndefined();
    expect(migrate(t.db, 20)).toEqual([20]);
    expect(schemaVersion(t.db)).toBe(20);
    const strict = t.db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('jobs','dead_letters') ORDER BY name")
      .all();
    expect(strict).toEqual([
      { name: 'dead_letters', strict: 1 },
      { name: 'jobs', strict: 1 },
    ]);
  });

  it('stores a job and enforces the state set, the lease of a running job and integer columns', () => {
    t = tempStore(20);
    const id = insertJobRow(
      t.db,
      { type: 'reverse-settle', key: 'V1', payload: { settlement_id: 'S1' }, money: true, maxAttempts: 3 },
      1000,
    );
    const row = t.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({
      seq: 1,
      type: 'reverse-settle',
      key: 'V1',
      payload: '{"settlement_id":"S1"}',
      state: 'queued',
      money: 1,
      attempts: 0,
      max_attempts: 3,
      next_run_at: 1000,
      lease_owner: null,
      created_at: 1000,
      updated_at: 1000,
    });
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(() => t!.db.prepare("UPDATE jobs SET state = 'lost' WHERE job_id = ?").run(id)).toThrow(/CHECK constraint/);
    expect(() => t!.db.prepare("UPDATE jobs SET state = 'running' WHERE job_id = ?").run(id)).toThrow(
      /CHECK constraint/,
    );
    expect(() => t!.db.prepare("UPDATE jobs SET attempts = 'x' WHERE job_id = ?").run(id)).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
    const second = insertJobRow(t.db, { type: 'upload', key: 'V1', payload: {}, money: false, maxAttempts: 10 }, 1001);
    expect(
      t.db.prepare('SELECT seq, max_attempts FROM jobs WHERE job_id = ?').get(second) as Record<string, unknown>,
    ).toEqual({ seq: 2, max_attempts: 10 });
  });

  it('never deletes a money job, and a money job cannot be made non-money (trigger)', () => {
    t = tempStore(20);
    const money = insertJobRow(
      t.db,
      { type: 'reverse-settle', key: 'V1', payload: {}, money: true, maxAttempts: 10 },
      1000,
    );
    const plain = insertJobRow(t.db, { type: 'upload', key: 'V2', payload: {}, money: false, maxAttempts: 10 }, 1000);
    expect(() => t!.db.prepare('DELETE FROM jobs WHERE job_id = ?').run(money)).toThrow('money jobs are never deleted');
    expect(() => t!.db.prepare('DELETE FROM jobs').run()).toThrow('money jobs are never deleted');
    expect(() => t!.db.prepare('UPDATE jobs SET money = 0 WHERE job_id = ?').run(money)).toThrow(
      'money jobs are never deleted',
    );
    // The whole-table DELETE above aborted, so the plain job is still there too; alone it can go.
    expect(t.db.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 2 });
    expect(t.db.prepare('DELETE FROM jobs WHERE job_id = ?').run(plain).changes).toBe(1);
    expect(t.db.prepare('SELECT job_id FROM jobs').all()).toEqual([{ job_id: money }]);
  });

  it('the claim query reads due jobs through jobs_due and key heads through jobs_by_key (EXPLAIN QUERY PLAN)', () => {
    t = tempStore(20);
    const q = claimDueQuery('owner', 5000, 30_000, 8, { types: ['a', 'b'], excludeTypes: ['c'] });
    const details = plan(t, q.text, q.params);
    expect(details).toContain('SEARCH jobs USING INDEX jobs_due (next_run_at<?)');
    expect(details).toContain('SEARCH jobs USING INDEX jobs_leases (lease_expires_at<?)');
    expect(details).toContain('SEARCH x USING INDEX jobs_by_key (key=?)');
    expect(details.some((d) => /^SCAN jobs\b/.test(d))).toBe(false);
    expect(plan(t, "SELECT count(*) FROM jobs WHERE state = 'needs_attention'")).toEqual([
      'SCAN jobs USING COVERING INDEX jobs_attention',
    ]);
  });
});

/** R6: the store's settings are asserted at start-up and read back here; Node 20 is refused. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  assertNodeVersion,
  checkStoreSettings,
  openSqlite,
  storeSettingProblems,
} from '../../main/store/sqlite-database';

describe('store settings (R6)', () => {
  it('opens with WAL, synchronous FULL, foreign keys, busy timeout ≥ 5000 and a clean quick_check', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'r6-'));
    const db = openSqlite(path.join(dir, 'a.db'));
    try {
      expect(checkStoreSettings(db)).toEqual({
        journal_mode: 'wal',
        synchronous: 2,
        foreign_keys: 1,
        busy_timeout: 5000,
        quick_check: 'ok',
      });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every setting that is off', () => {
    expect(
      storeSettingProblems({
        journal_mode: 'delete',
        synchronous: 1,
        foreign_keys: 0,
        busy_timeout: 100,
        quick_check: 'page 3 corrupt',
      }),
    ).toEqual([
      'journal_mode=delete',
      'synchronous=1',
      'foreign_keys=0',
      'busy_timeout=100',
      'quick_check=page 3 corrupt',
    ]);
  });

  it('refuses Node 20 with a clear code instead of crashing (better-sqlite3 13 segfaults there)', () => {
    expect(() => assertNodeVersion('20.20.2')).toThrow(expect.objectContaining({ code: 'NODE_VERSION' }));
    expect(() => assertNodeVersion('22.23.3')).not.toThrow();
  });
});

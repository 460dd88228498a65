/** Migration 0070: the window's lists read settlements by creation time and by person through indexes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mig70-'));
  db = openSqlite(path.join(dir, 'a.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function plan(sql: string, ...args: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
}

describe('migration 0070-window-lists', () => {
  it("adds the indexes the day list and a patient's list use", () => {
    migrate(db, 30);
    expect(plan('SELECT * FROM settlements WHERE created_at >= ? ORDER BY created_at DESC LIMIT 10', 0)).not.toContain(
      'settlements_by_created',
    );
    expect(migrate(db, 70)).toContain(70);
    expect(schemaVersion(db)).toBe(70);
    expect(plan('SELECT * FROM settlements WHERE created_at >= ? ORDER BY created_at DESC LIMIT 10', 0)).toContain(
      'settlements_by_created',
    );
    expect(
      plan('SELECT * FROM settlements WHERE created_at >= ? AND psn_no = ? ORDER BY created_at DESC LIMIT 10', 0, 'P1'),
    ).toContain('settlements_by_psn');
  });
});

/** Migration 0100: the monthly reports read settlements by `updated_at` through an index, not a scan. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mig100-'));
  db = openSqlite(path.join(dir, 'a.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUERY =
  'SELECT * FROM settlements s JOIN visits v ON v.visit_id = s.visit_id WHERE s.updated_at >= ? AND s.created_at < ? ORDER BY s.updated_at LIMIT 10';
const plan = (): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${QUERY}`).all(0, 1) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('migration 0100-reports', () => {
  it('adds the index the monthly reports read by, and is harmless when it already exists', () => {
    migrate(db, 70);
    // Reconciliation's step (0050) may already have made it: a database without it must get it here.
    db.exec('DROP INDEX IF EXISTS settlements_by_updated');
    expect(plan()).not.toContain('settlements_by_updated');
    expect(migrate(db, 100)).toContain(100);
    expect(schemaVersion(db)).toBe(100);
    expect(plan()).toContain('settlements_by_updated');
    const n = (
      db
        .prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'settlements_by_updated'")
        .get() as { n: number }
    ).n;
    expect(n).toBe(1);
  });
});

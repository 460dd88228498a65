/** Migration 0110: a settlement by msgid-or-cancel-msgid and a visit's inbox row are read through indexes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mig110-'));
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

const BY_MSGID = 'SELECT * FROM settlements WHERE msgid = ? OR cancel_msgid = ?';
const INBOX_BY_VISIT = 'SELECT * FROM inbox WHERE visit_id = ? ORDER BY created_at DESC LIMIT 1';

describe('migration 0110-growth-indexes', () => {
  it('turns the two full scans into index searches', () => {
    migrate(db, 70);
    expect(plan(BY_MSGID, 'm', 'm')).toMatch(/^SCAN settlements$/m);
    expect(plan(INBOX_BY_VISIT, 'v')).toContain('SCAN inbox');
    expect(migrate(db)).toContain(110);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(110);
    expect(plan(BY_MSGID, 'm', 'm')).toContain('settlements_by_cancel_msgid');
    expect(plan(BY_MSGID, 'm', 'm')).not.toMatch(/SCAN settlements( \||$)/);
    expect(plan(INBOX_BY_VISIT, 'v')).toContain('inbox_by_visit');
  });

  it('keeps the rows and finds the same ones as before', () => {
    migrate(db, 70);
    db.prepare(
      `INSERT INTO inbox (inbox_id, kind, psn_no, certno, state, payload, visit_id, created_at)
      VALUES ('I1', 'outpatient', 'P1', 'C1', 'opened', '{}', 'V1', 1)`,
    ).run();
    migrate(db);
    expect((db.prepare(INBOX_BY_VISIT).get('V1') as { inbox_id: string }).inbox_id).toBe('I1');
    expect(db.prepare(INBOX_BY_VISIT).get('V2')).toBeUndefined();
  });
});

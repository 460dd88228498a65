/**
 * Migration 0120: settlements record their operator and window. Rows made before it take their
 * `opter` from their settle's journal row (the column, else the request envelope), keep a NULL window,
 * and the day list by window reads through an index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mig120-'));
  db = openSqlite(path.join(dir, 'a.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function plan(q: string, ...args: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('migration 0120-settlement-window', () => {
  it('adds opter and window_id, fills opter from the journal, and indexes the list by window', () => {
    migrate(db, 70);
    db.exec(`INSERT INTO visits (visit_id, kind, psn_no, insutype, med_type, insuplc_admdvs, region_kind, mdtrt_cert_type, mdtrt_cert_no,
        ipt_otp_no, begntime, state, details, created_at, updated_at)
      VALUES ('V1','outpatient','P1','310','11','430100','cross_province','02','x','MZ1','2026-11-20 09:00:00','open','{}',1,1);
      INSERT INTO journal (call_id, msgid, infno, visit_id, state, request, created_at, opter) VALUES
        ('c1','M1','2207','V1','SUCCESS','{}',1,'C01'),
        ('c2','M2','2207','V1','SUCCESS','{"infno":"2207","opter":"C02"}',2,NULL),
        ('c3','M3','2207','V1','SUCCESS','not json',3,NULL);
      INSERT INTO settlements (settlement_id, visit_id, mdtrt_id, psn_no, infno, msgid, state, acct_used_flag, bill_total_fen,
        created_at, updated_at)
      VALUES ('S1','V1','MD1','P1','2207','M1','CANCELLED','0',100,1,1),
             ('S2','V1','MD1','P1','2207','M2','CANCELLED','0',100,2,2),
             ('S3','V1','MD1','P1','2207','M3','SETTLED','0',100,3,3);`);
    const columns = () => (db.prepare('PRAGMA table_info(settlements)').all() as { name: string }[]).map((c) => c.name);
    expect(columns()).not.toContain('window_id');
    expect(migrate(db, 120)).toContain(120);
    expect(schemaVersion(db)).toBe(120);
    expect(columns()).toEqual(expect.arrayContaining(['opter', 'window_id']));
    const rows = db.prepare('SELECT settlement_id, opter, window_id FROM settlements ORDER BY settlement_id').all();
    expect(rows).toEqual([
      { settlement_id: 'S1', opter: 'C01', window_id: null },
      { settlement_id: 'S2', opter: 'C02', window_id: null },
      { settlement_id: 'S3', opter: null, window_id: null },
    ]);
    const byWindow = 'SELECT * FROM settlements WHERE window_id = ? AND created_at >= ? ORDER BY created_at DESC';
    expect(plan(byWindow, 'W', 0)).toContain('settlements_by_window');
  });
});

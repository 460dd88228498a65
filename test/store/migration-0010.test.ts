/**
 * Migration 0010 (docs/architecture.md §5.8): migrate to 10 on a real SQLite file, insert rows, and check
 * the invariants the database itself must keep (unique msgid, one live settlement per visit) and
 * that the hot queries use their indexes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate, schemaVersion, assertIncreasing } from '../../main/store/migrations/run-migrations';
import { MIGRATIONS } from '../../main/store/migrations/index';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mig-'));
  db = openSqlite(path.join(dir, 'a.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function visit(id: string, mdtrt: string): void {
  db.prepare(
    `INSERT INTO visits (visit_id, kind, psn_no, insutype, med_type, insuplc_admdvs, region_kind, mdtrt_cert_type, mdtrt_cert_no,
    mdtrt_id, ipt_otp_no, begntime, state, details, created_at, updated_at)
    VALUES (?, 'outpatient', 'P1', '310', '11', '430100', 'cross_province', '02', 'x', ?, 'MZ1', '2026-11-20 09:00:00', 'open', '{}', 1, 1)`,
  ).run(id, mdtrt);
}

function settlement(id: string, visitId: string, mdtrt: string, msgid: string, state: string): void {
  db.prepare(
    `INSERT INTO settlements (settlement_id, visit_id, mdtrt_id, psn_no, infno, msgid, state, acct_used_flag, bill_total_fen, created_at, updated_at)
    VALUES (?, ?, ?, 'P1', '2207', ?, ?, '0', 36500, 1, 1)`,
  ).run(id, visitId, mdtrt, msgid, state);
}

describe('migration 0010-initial', () => {
  it('migrates to 10 and records user_version', () => {
    expect(migrate(db, 10)).toEqual([10]);
    expect(schemaVersion(db)).toBe(10);
    expect(migrate(db, 10)).toEqual([]);
  });

  it('keeps at most one live settlement per visit, but allows history', () => {
    migrate(db, 10);
    visit('V1', 'M1');
    settlement('S1', 'V1', 'M1', 'MSG0001', 'REVERSED');
    settlement('S2', 'V1', 'M1', 'MSG0002', 'UNKNOWN');
    expect(() => settlement('S3', 'V1', 'M1', 'MSG0003', 'SENDING')).toThrow(/UNIQUE constraint failed/);
    db.prepare(`UPDATE settlements SET state = 'NOT_SETTLED' WHERE settlement_id = 'S2'`).run();
    settlement('S3', 'V1', 'M1', 'MSG0003', 'SETTLED');
    expect(() => db.prepare(`UPDATE settlements SET state = 'SETTLED' WHERE settlement_id = 'S1'`).run()).toThrow(
      /UNIQUE/,
    );
  });

  it('a msgid is unique for life, in the journal and among settlements', () => {
    migrate(db, 10);
    const j = db.prepare(
      `INSERT INTO journal (call_id, msgid, infno, state, request, created_at) VALUES (?, ?, '1101', 'SENDING', '{}', 1)`,
    );
    j.run('C1', 'MSG1');
    expect(() => j.run('C2', 'MSG1')).toThrow(/UNIQUE/);
    visit('V1', 'M1');
    settlement('S1', 'V1', 'M1', 'MSG9', 'FAILED_DEFINITE');
    expect(() => settlement('S2', 'V1', 'M1', 'MSG9', 'NOT_SENT')).toThrow(/UNIQUE/);
  });

  it('rejects unknown states and money as text (STRICT tables, CHECK constraints)', () => {
    migrate(db, 10);
    visit('V1', 'M1');
    expect(() => settlement('S1', 'V1', 'M1', 'MSG1', 'PAID')).toThrow(/CHECK/);
    settlement('S1', 'V1', 'M1', 'MSG1', 'SETTLED');
    expect(() => db.prepare(`UPDATE settlements SET bill_total_fen = 'abc' WHERE settlement_id = 'S1'`).run()).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
  });

  it('hot queries use their indexes (EXPLAIN QUERY PLAN)', () => {
    migrate(db, 10);
    const plan = (q: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT * FROM journal WHERE visit_id = 'V' ORDER BY created_at`)).toMatch(
      /USING INDEX journal_by_visit/,
    );
    expect(plan(`SELECT * FROM settlements WHERE visit_id = 'V' ORDER BY created_at DESC`)).toMatch(
      /USING INDEX settlements_by_visit/,
    );
    expect(plan(`SELECT * FROM settlements WHERE state IN ('UNKNOWN','REVERSING') ORDER BY updated_at`)).toMatch(
      /USING INDEX settlements_by_state/,
    );
    expect(plan(`SELECT * FROM journal WHERE msgid = 'X'`)).toMatch(/USING INDEX sqlite_autoindex_journal/);
  });

  it('the migration list strictly increases, each a multiple of 10 (numbers are reserved per change, so gaps may wait for theirs)', () => {
    expect(() => assertIncreasing(MIGRATIONS)).not.toThrow();
    MIGRATIONS.forEach((m) => expect(m.version % 10).toBe(0));
    expect(MIGRATIONS[0]?.version).toBe(10);
    expect(() =>
      assertIncreasing([
        { version: 20, name: 'a', up: () => undefined },
        { version: 10, name: 'b', up: () => undefined },
      ]),
    ).toThrow();
  });

  it('refuses a database newer than the program', () => {
    migrate(db);
    db.pragma('user_version = 990');
    expect(() => migrate(db)).toThrow(/数据库版本/);
  });
});

/**
 * Migration 0080 (retail settlements): on a real SQLite file with rows from before, the table is
 * rebuilt so that `2102` is a valid infno and the one-live-settlement guard is per visit_id (a 2102
 * has no mdtrt_id until the platform answers); history and child rows survive unchanged.
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
  dir = mkdtempSync(path.join(tmpdir(), 'mig80-'));
  db = openSqlite(path.join(dir, 'a.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function indexes(): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'settlements' AND sql IS NOT NULL")
      .all() as { name: string }[]
  )
    .map((r) => r.name)
    .sort();
}

function visit(id: string, mdtrt: string | null): void {
  db.prepare(
    `INSERT INTO visits (visit_id, kind, psn_no, insutype, med_type, insuplc_admdvs, region_kind, mdtrt_cert_type, mdtrt_cert_no,
    mdtrt_id, ipt_otp_no, begntime, state, details, created_at, updated_at)
    VALUES (?, 'pharmacy', 'P1', '310', '41', '430100', 'cross_province', '02', 'x', ?, ?, '2026-11-20 09:00:00', 'open', '{}', 1, 1)`,
  ).run(id, mdtrt, `MZ-${id}`);
}

function settlement(id: string, visitId: string, mdtrt: string, infno: string, msgid: string, state: string): void {
  db.prepare(
    `INSERT INTO settlements (settlement_id, visit_id, mdtrt_id, psn_no, infno, msgid, state, acct_used_flag, bill_total_fen, created_at, updated_at)
    VALUES (?, ?, ?, 'P1', ?, ?, ?, '0', 5079, 1, 1)`,
  ).run(id, visitId, mdtrt, infno, msgid, state);
}

describe('migration 0080-retail-settlements', () => {
  it('keeps rows and events, accepts 2102, guards one live settlement per visit_id', () => {
    migrate(db, 70);
    const indexesBefore = indexes();
    visit('V1', 'M1');
    settlement('S1', 'V1', 'M1', '2207', 'MSG1', 'SETTLED');
    db.prepare(
      `INSERT INTO settlement_events (settlement_id, at, from_state, to_state, note) VALUES ('S1', 5, 'SENDING', 'SETTLED', '结算成功')`,
    ).run();
    expect(() => settlement('S0', 'V1', 'M1', '2102', 'MSG0', 'REVERSED')).toThrow(/CHECK constraint failed/);

    expect(migrate(db, 80)).toEqual([80]);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(80);
    expect(db.prepare('SELECT settlement_id, state, bill_total_fen FROM settlements').all()).toEqual([
      { settlement_id: 'S1', state: 'SETTLED', bill_total_fen: 5079 },
    ]);
    expect(db.prepare('SELECT settlement_id, note FROM settlement_events').all()).toEqual([
      { settlement_id: 'S1', note: '结算成功' },
    ]);

    // two retail sales in flight at once: both have mdtrt_id "" and must not collide
    visit('V2', null);
    visit('V3', null);
    settlement('S2', 'V2', '', '2102', 'MSG2', 'SENDING');
    settlement('S3', 'V3', '', '2102', 'MSG3', 'UNKNOWN');
    // but one visit still has at most one live settlement
    expect(() => settlement('S4', 'V2', '', '2102', 'MSG4', 'SENDING')).toThrow(/UNIQUE constraint failed/);
    settlement('S5', 'V2', '', '2102', 'MSG5', 'NOT_SETTLED');
    expect(() => settlement('S6', 'V1', 'M1', '2304', 'MSG6', 'SENDING')).toThrow(/UNIQUE constraint failed/);
    expect(() => settlement('S7', 'V1', 'M1', '2201', 'MSG7', 'NOT_SENT')).toThrow(/CHECK constraint failed/);

    // foreign keys still hold, and nothing dangles
    expect(() =>
      db
        .prepare(`INSERT INTO settlement_events (settlement_id, at, to_state, note) VALUES ('NOPE', 1, 'SENDING', 'x')`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Every index of the table survives the rebuild (0010's, 0070's …); the live guard is now on visit_id.
    expect(indexes()).toEqual(indexesBefore);
    expect(indexesBefore).toEqual(
      expect.arrayContaining([
        'one_live_settlement_per_visit',
        'settlements_by_state',
        'settlements_by_visit',
        'settlements_by_created',
      ]),
    );
    const guard = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'one_live_settlement_per_visit'").get() as {
      sql: string;
    };
    expect(guard.sql).toContain('(visit_id)');
  });
});

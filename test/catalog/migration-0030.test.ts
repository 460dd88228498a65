/**
 * Migration 0030 (catalog, caps, shares, mappings, sync state): migrate to 30, insert rows and
 * assert the constraints (docs/architecture.md §5.8).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';
import { MIGRATIONS } from '../../main/store/migrations/index';

let db: SqliteDb | undefined;
let dir: string | undefined;
afterEach(() => {
  db?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  db = undefined;
  dir = undefined;
});

function open(target: number): SqliteDb {
  dir = mkdtempSync(path.join(tmpdir(), 'm0030-'));
  db = openSqlite(path.join(dir, 'a.db'));
  migrate(db, target);
  return db;
}

describe('migration 0030-catalog', () => {
  it('is listed and brings the schema from 20 to 30 with STRICT tables and one meta and sync row', () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(30);
    const d = open(20);
    expect(migrate(d, 30)).toEqual([30]);
    expect(schemaVersion(d)).toBe(30);
    const tables = d
      .prepare(
        `SELECT name, strict FROM pragma_table_list WHERE name IN
      ('catalog_meta','catalog_changes','catalog_items','catalog_caps','catalog_shares','catalog_mappings','hospital_items','catalog_sync','catalog_cursors') ORDER BY name`,
      )
      .all();
    expect(tables).toHaveLength(9);
    expect(tables.every((t) => (t as { strict: number }).strict === 1)).toBe(true);
    expect(d.prepare('SELECT version, mapping_version, last_sync_at FROM catalog_meta').all()).toEqual([
      { version: 0, mapping_version: 0, last_sync_at: null },
    ]);
    expect(d.prepare('SELECT state, page, done, total FROM catalog_sync').all()).toEqual([
      { state: 'idle', page: 0, done: 0, total: 0 },
    ]);
  });

  it('keys rows by code, region and begndate and enforces classes, periods and ranges', () => {
    const d = open(30);
    const item =
      d.prepare(`INSERT INTO catalog_items (med_list_codg, insu_admdvs, begndate, enddate, name, med_chrgitm_type, chrgitm_lv, source, updt_time, version)
      VALUES (?, ?, ?, ?, 'x', '01', ?, 'sync', NULL, 1)`);
    item.run('A', '410200', '2020-01-01', null, '01');
    item.run('A', '410200', '2027-01-01', null, '02'); // a later period of the same code
    item.run('A', '410000', '2020-01-01', null, '01'); // the province's row of the same code
    expect(() => item.run('A', '410200', '2020-01-01', null, '01')).toThrow(/UNIQUE/);
    expect(() => item.run('B', '410200', '2020-01-01', null, '04')).toThrow(/CHECK/);
    expect(() => item.run('B', '410200', '2020-01-02', '2020-01-01', '01')).toThrow(/CHECK/);
    expect(() => item.run('B', '410200', '2020/01/02', null, '01')).toThrow(/CHECK/);
    const cap =
      d.prepare(`INSERT INTO catalog_caps (med_list_codg, insu_admdvs, begndate, enddate, pric_uplmt_e6, source, updt_time, version)
      VALUES ('A', '410200', '2020-01-01', NULL, ?, 'sync', NULL, 1)`);
    expect(() => cap.run(-1)).toThrow(/CHECK/);
    expect(() => cap.run('12.5')).toThrow(/cannot store (TEXT|REAL) value in INTEGER column/);
    expect(() => cap.run('abc')).toThrow(/cannot store TEXT value in INTEGER column/);
    cap.run(null);
    const share =
      d.prepare(`INSERT INTO catalog_shares (med_list_codg, insu_admdvs, begndate, enddate, selfpay_prop_e4, source, updt_time, version)
      VALUES ('A', '410200', '2020-01-01', NULL, ?, 'sync', NULL, 1)`);
    expect(() => share.run(10_001)).toThrow(/CHECK/);
    share.run(1000);
    const mapping =
      d.prepare(`INSERT INTO catalog_mappings (medins_list_codg, begndate, enddate, med_list_codg, medins_list_name, source, updated_at)
      VALUES ('H1', '2020-01-01', NULL, ?, '', 'file', 0)`);
    expect(() => mapping.run('')).toThrow(/CHECK/);
    mapping.run('A');
    expect(() => d.prepare("UPDATE catalog_sync SET state = 'running' WHERE id = 1").run()).toThrow(/CHECK/);
    expect(() => d.prepare("INSERT INTO catalog_cursors (infno, updt_time) VALUES ('1301', 'x')").run()).toThrow(
      /CHECK/,
    );
  });
});

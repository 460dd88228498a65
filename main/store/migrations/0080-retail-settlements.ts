/**
 * Retail pharmacy settlements (2102, docs/sandbox-policy.md §9) in the settlements table:
 * - `infno` may be `2102` besides `2207` and `2304`;
 * - a 2102 has no `mdtrt_id` until the platform answers (the platform opens the visit itself), so
 *   the "one live settlement per visit" guard moves from `mdtrt_id` to `visit_id` (the same visit
 *   for every existing row, since a visit has one mdtrt_id).
 *
 * SQLite cannot alter a CHECK constraint, so the table is rebuilt from its own stored DDL (any
 * column another step added survives). Child rows (settlement_events and any table referencing
 * settlements) are set aside and put back, so no foreign key is ever violated, and every index and
 * trigger of the table is recreated.
 */
import type { SqliteDb } from '../sqlite-database';
import type { Migration } from './migration';
import { LIVE_SETTLEMENT_STATES_SQL } from './0010-initial';

interface SchemaRow {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

const quoteId = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Tables holding a foreign key to `parent`. */
function childTables(db: SqliteDb, parent: string): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return tables
    .map((t) => t.name)
    .filter(
      (t) =>
        t !== parent &&
        (db.prepare(`PRAGMA foreign_key_list(${quoteId(t)})`).all() as { table: string }[]).some(
          (f) => f.table === parent,
        ),
    );
}

export const migration0080: Migration = {
  version: 80,
  name: 'retail-settlements',
  up(db) {
    const table = db
      .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type = 'table' AND name = 'settlements'")
      .get() as SchemaRow | undefined;
    if (!table?.sql) throw new Error('migration 80: table settlements is missing');
    const ddl = table.sql.replace(/infno\s+IN\s*\(\s*'2207'\s*,\s*'2304'\s*\)/, "infno IN ('2207','2304','2102')");
    if (!ddl.includes("'2102'")) throw new Error('migration 80: the infno check of settlements has an unexpected form');
    const extras = db
      .prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE tbl_name = 'settlements' AND type IN ('index', 'trigger') AND sql IS NOT NULL",
      )
      .all() as SchemaRow[];
    const children = childTables(db, 'settlements');
    db.exec(ddl.replace(/^CREATE TABLE\s+("settlements"|settlements)/, 'CREATE TABLE settlements_0080'));
    db.exec('INSERT INTO settlements_0080 SELECT * FROM settlements');
    for (const c of children)
      db.exec(
        `CREATE TEMP TABLE ${quoteId(`keep_0080_${c}`)} AS SELECT * FROM ${quoteId(c)}; DELETE FROM ${quoteId(c)};`,
      );
    // Legacy rename: the children's REFERENCES settlements keep naming "settlements" (the new table).
    db.pragma('legacy_alter_table = ON');
    try {
      db.exec('DROP TABLE settlements');
      db.exec('ALTER TABLE settlements_0080 RENAME TO settlements');
    } finally {
      db.pragma('legacy_alter_table = OFF');
    }
    for (const c of children)
      db.exec(
        `INSERT INTO ${quoteId(c)} SELECT * FROM ${quoteId(`keep_0080_${c}`)}; DROP TABLE ${quoteId(`keep_0080_${c}`)};`,
      );
    for (const x of extras) {
      if (x.name === 'one_live_settlement_per_visit') continue;
      db.exec(x.sql as string);
    }
    db.exec(
      `CREATE UNIQUE INDEX one_live_settlement_per_visit ON settlements (visit_id) WHERE state IN (${LIVE_SETTLEMENT_STATES_SQL})`,
    );
  },
};

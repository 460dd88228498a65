/**
 * Prepared-statement cache for the sandbox ledger: each SQL text is prepared once per database
 * handle. SQL is always parameterised; no string concatenation of values.
 */
import type Database from 'better-sqlite3';

/** The better-sqlite3 database handle of the ledger. */
export type Db = Database.Database;

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement for `sql` on `db`. */
export function stmt(db: Db, sql: string): Database.Statement {
  let m = cache.get(db);
  if (m === undefined) {
    m = new Map();
    cache.set(db, m);
  }
  let s = m.get(sql);
  if (s === undefined) {
    s = db.prepare(sql);
    m.set(sql, s);
  }
  return s;
}

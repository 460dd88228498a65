/** Running tagged-template queries on better-sqlite3 (synchronous; callers wrap in transactions). */
import type { SqliteDb } from './sqlite-database';
import type { SqlQuery } from './sql';

/** Runs a statement; returns the number of changed rows. */
export function run(db: SqliteDb, q: SqlQuery): number {
  return db.prepare(q.text).run(...q.params).changes;
}

/** First row or undefined. */
export function get<T>(db: SqliteDb, q: SqlQuery): T | undefined {
  return db.prepare(q.text).get(...q.params) as T | undefined;
}

/** All rows. */
export function all<T>(db: SqliteDb, q: SqlQuery): T[] {
  return db.prepare(q.text).all(...q.params) as T[];
}

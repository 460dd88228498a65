/**
 * Running tagged-template queries on better-sqlite3 (synchronous; callers wrap in transactions).
 * Prepared statements are cached per connection and query text: preparing is a large share of a
 * small query's cost, and the texts are a fixed set written in code (values are parameters).
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from './sqlite-database';
import type { SqlQuery } from './sql';

/** Most statements kept per connection (the project has far fewer distinct texts). */
const MAX_CACHED = 500;

const caches = new WeakMap<SqliteDb, Map<string, Statement>>();

/** The prepared statement of `text` on `db`, from the cache when there. */
export function statement(db: SqliteDb, text: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(text);
  if (!s) {
    s = db.prepare(text);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(text, s);
  }
  return s;
}

/** Runs a statement; returns the number of changed rows. */
export function run(db: SqliteDb, q: SqlQuery): number {
  return statement(db, q.text).run(...q.params).changes;
}

/** First row or undefined. */
export function get<T>(db: SqliteDb, q: SqlQuery): T | undefined {
  return statement(db, q.text).get(...q.params) as T | undefined;
}

/** All rows. */
export function all<T>(db: SqliteDb, q: SqlQuery): T[] {
  return statement(db, q.text).all(...q.params) as T[];
}

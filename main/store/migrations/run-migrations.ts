/**
 * Applies pending migrations (docs/architecture.md §5.8): the list must strictly increase, every pending
 * step runs in ONE transaction, and `user_version` records where the schema stands. A database
 * newer than this program is refused rather than guessed at.
 */
import type { SqliteDb } from '../sqlite-database';
import type { Migration } from './migration';
import { MIGRATIONS } from './index';
import { AppError } from '../../../shared/errors/app-error';

/** The current schema version of a database. */
export function schemaVersion(db: SqliteDb): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Throws when versions do not strictly increase. */
export function assertIncreasing(list: readonly Migration[]): void {
  list.reduce((prev, m) => {
    if (!(m.version > prev)) throw new Error(`migration ${m.version}-${m.name} does not increase on ${prev}`);
    return m.version;
  }, 0);
}

/**
 * Migrates to `target` (default: the newest). Returns the versions applied.
 * `list` is injectable so each migration's test can stop at its own step.
 */
export function migrate(db: SqliteDb, target?: number, list: readonly Migration[] = MIGRATIONS): number[] {
  assertIncreasing(list);
  const newest = list.length > 0 ? (list[list.length - 1]?.version ?? 0) : 0;
  const goal = target ?? newest;
  const current = schemaVersion(db);
  if (current > newest) {
    throw new AppError('STORE_UNAVAILABLE', {
      message: `数据库版本（${current}）比本程序新（${newest}），为防止损坏已停止。`,
      detail: { current, newest },
    });
  }
  const pending = list.filter((m) => m.version > current && m.version <= goal);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return pending.map((m) => m.version);
}

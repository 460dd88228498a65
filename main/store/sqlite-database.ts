/**
 * Opening the adapter's SQLite store with the settings docs/reliability.md §3 requires (R6):
 * WAL, synchronous FULL, foreign keys on, busy timeout ≥ 5000 ms, and a quick_check at start.
 * If any of them fails, the store refuses to open: no settlements on a store we cannot trust.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors/app-error';

export type SqliteDb = Database.Database;

/** What `checkStoreSettings` read back (R6). */
export interface StoreSettings {
  readonly journal_mode: string;
  readonly synchronous: number;
  readonly foreign_keys: number;
  readonly busy_timeout: number;
  readonly quick_check: string;
}

/** Busy timeout in ms, given to the constructor (docs/reliability.md §3). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * better-sqlite3 13 segfaults on Node 20 at `new Database()` (docs/toolchain.md), so the version is
 * checked first and the process gets a clear message instead of a crash.
 */
export function assertNodeVersion(version: string = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (!(major >= 22)) {
    throw new AppError('NODE_VERSION', {
      message: `运行环境版本过低：Node ${version}，需要 Node 22 以上（请用 npm 脚本启动）。`,
    });
  }
}

/** Opens (creating if needed) a store file with the required settings, or throws STORE_UNAVAILABLE. */
export function openSqlite(file: string): SqliteDb {
  assertNodeVersion();
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let db: SqliteDb;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    // Only this user reads the store (S3); SQLite gives the -wal and -shm the database file's mode.
    if (file !== ':memory:')
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    // Deleted or overwritten content is zeroed, so no old personal data lingers in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (cause) {
    throw new AppError('STORE_UNAVAILABLE', { cause, detail: { file } });
  }
  const settings = checkStoreSettings(db);
  const problems = storeSettingProblems(settings, file === ':memory:');
  if (problems.length > 0) {
    db.close();
    throw new AppError('STORE_UNAVAILABLE', { detail: { file, problems } });
  }
  return db;
}

/**
 * Reads the settings back from the database (R6). `quickCheck: false` skips the page scan (for
 * frequent health probes; the scan ran at start-up) and reports it as 'ok'.
 */
export function checkStoreSettings(db: SqliteDb, opts: { quickCheck?: boolean } = {}): StoreSettings {
  return {
    journal_mode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    foreign_keys: Number(db.pragma('foreign_keys', { simple: true })),
    busy_timeout: Number(db.pragma('busy_timeout', { simple: true })),
    quick_check: opts.quickCheck === false ? 'ok' : String(db.pragma('quick_check', { simple: true })),
  };
}

/** The settings that are not as required; empty when all is well. */
export function storeSettingProblems(s: StoreSettings, inMemory = false): string[] {
  const problems: string[] = [];
  if (!inMemory && s.journal_mode !== 'wal') problems.push(`journal_mode=${s.journal_mode}`);
  if (s.synchronous !== 2) problems.push(`synchronous=${s.synchronous}`);
  if (s.foreign_keys !== 1) problems.push(`foreign_keys=${s.foreign_keys}`);
  if (s.busy_timeout < BUSY_TIMEOUT_MS) problems.push(`busy_timeout=${s.busy_timeout}`);
  if (s.quick_check !== 'ok') problems.push(`quick_check=${s.quick_check}`);
  return problems;
}

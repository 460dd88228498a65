/**
 * Opens the sandbox ledger `<dataDir>/sandbox.db` (docs/reliability.md §3: WAL, synchronous FULL,
 * foreign keys, busy timeout ≥ 5 s, quick_check). A fresh file is seeded from the scenario; a
 * file seeded from a different scenario (content hash) is moved aside to
 * `sandbox.db.<timestamp>.bak` and a fresh one seeded.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Scenario } from '../scenario/schema';
import { ensureFilesTable } from './files-repo';
import { getMeta, setMeta } from './meta-repo';
import { createSchema, LEDGER_VERSION } from './schema';
import { seedLedger } from './seed';
import type { Db } from './sql';

/** Options of `openLedger`. */
export interface OpenLedgerOptions {
  readonly dataDir: string;
  readonly scenario: Scenario;
  readonly hash: string;
  /** `yyyy-MM-dd HH:mm:ss` now (seed time of catalog rows). */
  readonly nowText: string;
  /** `yyyyMMddHHmmss` for the name of a moved-aside file. */
  readonly stamp: string;
  readonly log: (line: string) => void;
}

/** better-sqlite3 13 needs Node ≥ 22 (it crashes on Node 20): fail clearly instead. */
function assertNodeVersion(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (!(major >= 22))
    throw new Error(
      `the sandbox ledger needs Node 22 or later (this is ${process.versions.node}); run it through npm/npx`,
    );
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw new Error(`sandbox ledger failed quick_check: ${String(check)}`);
}

function open(file: string): Db {
  const db = new Database(file, { timeout: 5000 });
  configure(db);
  ensureFilesTable(db);
  return db;
}

function moveAside(file: string, stamp: string): string {
  let target = `${file}.${stamp}.bak`;
  for (let i = 1; existsSync(target); i += 1) target = `${file}.${stamp}-${i}.bak`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

/** Opens (and if needed seeds) the ledger; returns the open handle. */
export function openLedger(opts: OpenLedgerOptions): Db {
  assertNodeVersion();
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, 'sandbox.db');
  if (existsSync(file)) {
    const db = open(file);
    const hasMeta =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    const hash = hasMeta ? getMeta(db, 'scenario_hash') : null;
    const version = hasMeta ? getMeta(db, 'ledger_version') : null;
    if (hash === opts.hash && version === String(LEDGER_VERSION)) return db;
    // A different scenario (or layout): keep the old ledger for IT, start clean.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const target = moveAside(file, opts.stamp);
    opts.log(`sandbox: scenario changed; previous ledger moved to ${target}`);
  }
  const db = open(file);
  db.transaction(() => {
    createSchema(db);
    setMeta(db, 'ledger_version', String(LEDGER_VERSION));
    seedLedger(db, opts.scenario, opts.hash, opts.nowText);
  })();
  opts.log('sandbox: ledger seeded from scenario');
  return db;
}

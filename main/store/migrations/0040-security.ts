/**
 * The security issue's schema: the operator roster (passwords as memory-hard hashes, lockout
 * counters), the append-only hash-chained audit trail, the operator of every journal row, and the
 * sealed ID number of inbox bills (the `certno` column then holds a keyed look-up index only).
 *
 * The audit trail refuses UPDATE and DELETE in the database itself (triggers), so no code path —
 * nor a hand-typed SQL statement — can rewrite history without first dropping a trigger, which the
 * chain then exposes (`npm run admin -- audit verify`). Rows are never deleted: kept ≥ 180 days (S6).
 */
import type { Migration } from './migration';

/** The hash before the first audit row (64 zeros). */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const migration0040: Migration = {
  version: 40,
  name: 'security',
  up(db) {
    db.exec(`
      CREATE TABLE operators (
        opter TEXT PRIMARY KEY CHECK (length(opter) BETWEEN 1 AND 30),
        opter_name TEXT NOT NULL CHECK (length(opter_name) BETWEEN 1 AND 50),
        role TEXT NOT NULL CHECK (role IN ('cashier','supervisor','it_admin')),
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_count >= 0),
        locked_until INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        opter TEXT NOT NULL,
        role TEXT,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      ) STRICT;
      CREATE INDEX audit_log_by_at ON audit_log (at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- When every personal-data column was last found sealed (seal-existing-rows.ts); NULL: never.
      CREATE TABLE seal_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        sealed_at INTEGER
      ) STRICT;
      INSERT INTO seal_state (id, sealed_at) VALUES (1, NULL);

      ALTER TABLE journal ADD COLUMN opter TEXT;
      ALTER TABLE inbox ADD COLUMN certno_sealed TEXT;
    `);
  },
};

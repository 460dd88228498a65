/**
 * Takes a database written before personal data was sealed (schema < 40, or rows written without a
 * key) and seals every personal-data column in place, then rewrites the file (VACUUM) and empties
 * the WAL, so no plaintext page survives in the database, its free pages or its `-wal`. Idempotent:
 * sealed values are recognised by their prefix and left alone. Runs at start-up once a cipher is set.
 */
import type { SqliteDb } from './sqlite-database';
import { INDEX_PREFIX, SEALED_PREFIX } from './ports/security';
import { fieldCipherOf, indexOf, sealText } from './sealed-columns';
import { AppError } from '../../shared/errors/app-error';
import { all, get, run } from './sql-exec';
import { sql } from './sql';

/** Table, key column and the columns sealed in it. */
const SEALED_COLUMNS: readonly { table: string; key: string; columns: readonly string[] }[] = [
  { table: 'persons', key: 'psn_no', columns: ['baseinfo', 'insuinfo', 'extra'] },
  { table: 'visits', key: 'visit_id', columns: ['mdtrt_cert_no', 'dise_name', 'eligibility', 'details'] },
  { table: 'settlements', key: 'settlement_id', columns: ['setlinfo', 'setldetail', 'cancel_setlinfo'] },
  { table: 'inbox', key: 'inbox_id', columns: ['payload'] },
];

/** Rows sealed per transaction (bounded transactions on a large database). */
const BATCH = 500;

/** True once a pass found (or left) every personal-data column sealed: later starts skip the scan. */
function sealedBefore(db: SqliteDb): boolean {
  return (
    (get<{ sealed_at: number | null }>(db, sql`SELECT sealed_at FROM seal_state WHERE id = 1`)?.sealed_at ?? null) !==
    null
  );
}

/**
 * Seals what is still plaintext; returns the number of values sealed. VACUUMs when it sealed any.
 * The scan runs until one pass completes (recorded in `seal_state`); from then on every write goes
 * through the registered cipher, so later starts skip it (`force` scans anyway).
 */
export function sealExistingRows(db: SqliteDb, now: number = Date.now(), force = false): number {
  if (!fieldCipherOf(db)) throw new AppError('KEY_UNAVAILABLE');
  if (!force && sealedBefore(db)) return 0;
  let sealed = 0;
  for (const t of SEALED_COLUMNS) {
    for (const c of t.columns) {
      for (;;) {
        const rows = all<{ k: string; v: string }>(
          db,
          sql`SELECT ${sql.raw(t.key)} AS k, ${sql.raw(c)} AS v FROM ${sql.raw(t.table)}
          WHERE ${sql.raw(c)} IS NOT NULL AND substr(${sql.raw(c)}, 1, ${SEALED_PREFIX.length}) <> ${SEALED_PREFIX} LIMIT ${BATCH}`,
        );
        if (rows.length === 0) break;
        db.transaction(() => {
          for (const r of rows)
            run(
              db,
              sql`UPDATE ${sql.raw(t.table)} SET ${sql.raw(c)} = ${sealText(db, r.v)} WHERE ${sql.raw(t.key)} = ${r.k}`,
            );
        }).immediate();
        sealed += rows.length;
      }
    }
  }
  // Inbox ID numbers: the number moves, sealed, to certno_sealed; certno keeps only its look-up index.
  for (;;) {
    const rows = all<{ k: string; v: string }>(
      db,
      sql`SELECT inbox_id AS k, certno AS v FROM inbox
      WHERE certno IS NOT NULL AND substr(certno, 1, ${INDEX_PREFIX.length}) <> ${INDEX_PREFIX} LIMIT ${BATCH}`,
    );
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const r of rows)
        run(
          db,
          sql`UPDATE inbox SET certno = ${indexOf(db, r.v)}, certno_sealed = ${sealText(db, r.v)} WHERE inbox_id = ${r.k}`,
        );
    }).immediate();
    sealed += rows.length;
  }
  run(db, sql`UPDATE seal_state SET sealed_at = ${now} WHERE id = 1`);
  if (sealed > 0) {
    // Old plaintext may remain in free pages and the WAL: rewrite the file and empty the WAL.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return sealed;
}

/** True when any personal-data column of `db` holds a sealed value (so a key must already exist). */
export function hasSealedValues(db: SqliteDb): boolean {
  return (
    sealedBefore(db) ||
    SEALED_COLUMNS.some((t) =>
      t.columns.some(
        (c) =>
          all(
            db,
            sql`SELECT 1 FROM ${sql.raw(t.table)}
    WHERE substr(${sql.raw(c)}, 1, ${SEALED_PREFIX.length}) = ${SEALED_PREFIX} LIMIT 1`,
          ).length > 0,
      ),
    )
  );
}

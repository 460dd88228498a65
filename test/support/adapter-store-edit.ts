/**
 * TEST-ONLY: edits the running adapter's SQLite file from outside, to plant a local difference
 * the product itself would never make (for reconciliation tests). The adapter keeps running; the
 * write goes through SQLite's own locking (WAL, busy timeout).
 */
import path from 'node:path';
import Database from 'better-sqlite3';

/** Adds `deltaFen` to a money field of the local settlement's stored setlinfo (fen integers). */
export function adjustLocalSetlinfo(dataDir: string, setl_id: string, field: string, deltaFen: number): void {
  if (!/^[a-z_]{1,40}$/.test(field)) throw new Error('bad field name');
  const db = new Database(path.join(dataDir, 'adapter.db'), { fileMustExist: true, timeout: 5000 });
  try {
    const r = db
      .prepare(
        `UPDATE settlements SET setlinfo = json_set(setlinfo, '$.${field}', json_extract(setlinfo, '$.${field}') + ?) WHERE setl_id = ?`,
      )
      .run(deltaFen, setl_id);
    if (r.changes !== 1) throw new Error(`no local settlement ${setl_id}`);
  } finally {
    db.close();
  }
}

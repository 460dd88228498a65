/**
 * Files of 9101 uploads and 3202 results (docs/sandbox-policy.md §7), kept under their
 * `file_qury_no`. The table is created on open when missing, so ledgers made before it existed
 * keep working without a layout change.
 */
import { stmt, type Db } from './sql';

/** One stored file. */
export interface StoredFile {
  readonly file_qury_no: string;
  readonly fixmedins_code: string;
  readonly filename: string;
  readonly bytes: Buffer;
  /** Business date it was stored on, `yyyy-MM-dd`. */
  readonly stored_on: string;
}

/** Creates the files table if it is missing. */
export function ensureFilesTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS files (
    file_qury_no TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, filename TEXT NOT NULL,
    bytes BLOB NOT NULL, stored_on TEXT NOT NULL) STRICT`);
}

/** Stores a file. */
export function insertFile(db: Db, f: StoredFile): void {
  stmt(db, 'INSERT INTO files (file_qury_no, fixmedins_code, filename, bytes, stored_on) VALUES (?, ?, ?, ?, ?)').run(
    f.file_qury_no,
    f.fixmedins_code,
    f.filename,
    f.bytes,
    f.stored_on,
  );
}

/**
 * Drops files stored before `keepFrom` (`yyyy-MM-dd`): a file is kept for its day (and, leniently,
 * the next), so the table stays bounded on a sandbox that runs for months.
 */
export function purgeFilesBefore(db: Db, keepFrom: string): number {
  return stmt(db, 'DELETE FROM files WHERE stored_on < ?').run(keepFrom).changes;
}

/** The file under this number, if any. */
export function getFile(db: Db, fileQuryNo: string): StoredFile | undefined {
  return stmt(db, 'SELECT * FROM files WHERE file_qury_no = ?').get(fileQuryNo) as StoredFile | undefined;
}

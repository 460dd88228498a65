/**
 * TEST-ONLY: edits the running adapter's SQLite file from outside, to plant a local difference
 * the product itself would never make (for reconciliation tests). The adapter keeps running; the
 * write goes through SQLite's own locking (WAL, busy timeout). Personal-data columns are sealed at
 * rest (main/security/README.md), so the edit opens and re-seals `setlinfo` with the data folder's key.
 */
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createFieldCipher } from '../../main/security/field-cipher';
import { keyFilePath } from '../../main/security/data-key';
import { SEALED_PREFIX } from '../../main/store/ports/security';

/** Adds `deltaFen` to a money field of the local settlement's stored setlinfo (fen integers). */
export function adjustLocalSetlinfo(dataDir: string, setl_id: string, field: string, deltaFen: number): void {
  if (!/^[a-z_]{1,40}$/.test(field)) throw new Error('bad field name');
  const keyFile = keyFilePath(dataDir);
  const cipher = existsSync(keyFile) ? createFieldCipher(readFileSync(keyFile)) : null;
  const db = new Database(path.join(dataDir, 'adapter.db'), { fileMustExist: true, timeout: 5000 });
  try {
    db.transaction(() => {
      const row = db.prepare('SELECT setlinfo FROM settlements WHERE setl_id = ?').get(setl_id) as
        { setlinfo: string | null } | undefined;
      if (!row?.setlinfo) throw new Error(`no local settlement ${setl_id}`);
      const sealed = row.setlinfo.startsWith(SEALED_PREFIX);
      if (sealed && !cipher) throw new Error('sealed setlinfo but no key file');
      const info = JSON.parse(sealed && cipher ? cipher.open(row.setlinfo) : row.setlinfo) as Record<string, unknown>;
      info[field] = Number(info[field]) + deltaFen;
      const text = JSON.stringify(info);
      db.prepare('UPDATE settlements SET setlinfo = ? WHERE setl_id = ?').run(
        sealed && cipher ? cipher.seal(text) : text,
        setl_id,
      );
    }).immediate();
  } finally {
    db.close();
  }
}

/**
 * Makes a settled local settlement look like one whose settle reply never arrived: `state` UNKNOWN
 * or NEEDS_ATTENTION, no setl_id and no figures (as after a lost reply whose reversal budget was
 * spent), while the platform still holds the settlement. Its journal rows are left as they were.
 */
export function forgetLocalOutcome(dataDir: string, settlement_id: string, state: 'UNKNOWN' | 'NEEDS_ATTENTION'): void {
  const db = new Database(path.join(dataDir, 'adapter.db'), { fileMustExist: true, timeout: 5000 });
  try {
    const n = db
      .prepare(
        `UPDATE settlements SET state = ?, setl_id = NULL, setlinfo = NULL, setldetail = NULL
      WHERE settlement_id = ? AND state = 'SETTLED'`,
      )
      .run(state, settlement_id).changes;
    if (n !== 1) throw new Error(`no settled local settlement ${settlement_id}`);
  } finally {
    db.close();
  }
}

/** Puts a settled local settlement into NEEDS_ATTENTION as it is (setl_id and figures kept), e.g. a cancel never confirmed. */
export function markNeedsAttention(dataDir: string, settlement_id: string): void {
  const db = new Database(path.join(dataDir, 'adapter.db'), { fileMustExist: true, timeout: 5000 });
  try {
    const n = db
      .prepare(`UPDATE settlements SET state = 'NEEDS_ATTENTION' WHERE settlement_id = ? AND state = 'SETTLED'`)
      .run(settlement_id).changes;
    if (n !== 1) throw new Error(`no settled local settlement ${settlement_id}`);
  } finally {
    db.close();
  }
}

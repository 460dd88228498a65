/**
 * Every msgid the sandbox received (docs/sandbox-policy.md §4: a msgid seen before fails with
 * DUPLICATE_MSGID; §5: 2601 looks the original up here).
 */
import { stmt, type Db } from './sql';

/** One received message. */
export interface MessageRow {
  readonly msgid: string;
  readonly fixmedins_code: string;
  readonly infno: string;
  readonly received_at: string;
  readonly outcome: 'pending' | 'ok' | 'refused';
  readonly err_msg: string | null;
  readonly psn_no: string | null;
  /** setl_id (settles, cancels) or mdtrt_id (admissions) the message acted on. */
  readonly ref: string | null;
  /** msgid of the 2601 that reversed it. */
  readonly reversed_by: string | null;
}

/** The message with this msgid, if received. */
export function getMessage(db: Db, msgid: string): MessageRow | undefined {
  return stmt(db, 'SELECT * FROM messages WHERE msgid = ?').get(msgid) as MessageRow | undefined;
}

/** Records a message on receipt (outcome pending). */
export function recordMessage(db: Db, msgid: string, fixmedinsCode: string, infno: string, receivedAt: string): void {
  stmt(
    db,
    "INSERT INTO messages (msgid, fixmedins_code, infno, received_at, outcome) VALUES (?, ?, ?, ?, 'pending')",
  ).run(msgid, fixmedinsCode, infno, receivedAt);
}

/** Stores the outcome of a message. */
export function finishMessage(
  db: Db,
  msgid: string,
  outcome: 'ok' | 'refused',
  errMsg: string | null,
  psnNo: string | null,
  ref: string | null,
): void {
  stmt(db, 'UPDATE messages SET outcome = ?, err_msg = ?, psn_no = ?, ref = ? WHERE msgid = ?').run(
    outcome,
    errMsg,
    psnNo,
    ref,
    msgid,
  );
}

/** Marks a message reversed by a 2601. */
export function markReversed(db: Db, msgid: string, by: string): void {
  stmt(db, 'UPDATE messages SET reversed_by = ? WHERE msgid = ?').run(by, msgid);
}

/** Sign-ins (9001/9002): every business call must carry a `sign_no` issued here and still active. */
import { stmt, type Db } from './sql';

/** One sign-in. */
export interface SigninRow {
  readonly sign_no: string;
  readonly fixmedins_code: string;
  readonly opter_no: string;
  readonly sign_time: string;
  readonly state: 'active' | 'signed_out' | 'invalidated';
}

/** Stores a new active sign-in. */
export function insertSignin(db: Db, signNo: string, fixmedinsCode: string, opterNo: string, signTime: string): void {
  stmt(
    db,
    "INSERT INTO signins (sign_no, fixmedins_code, opter_no, sign_time, state) VALUES (?, ?, ?, ?, 'active')",
  ).run(signNo, fixmedinsCode, opterNo, signTime);
}

/** The sign-in with this number, if any. */
export function getSignin(db: Db, signNo: string): SigninRow | undefined {
  return stmt(db, 'SELECT * FROM signins WHERE sign_no = ?').get(signNo) as SigninRow | undefined;
}

/** Signs a sign_no out (9002). */
export function signOut(db: Db, signNo: string): void {
  stmt(db, "UPDATE signins SET state = 'signed_out' WHERE sign_no = ?").run(signNo);
}

/** Invalidates every active sign-in (`DELETE /__admin/signins`); returns how many. */
export function invalidateAllSignins(db: Db): number {
  return stmt(db, "UPDATE signins SET state = 'invalidated' WHERE state = 'active'").run().changes;
}

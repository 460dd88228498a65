/** Visits (就诊): outpatient visits opened by 2201, inpatient stays opened by 2401. */
import { stmt, type Db } from './sql';

/** One visit. Times are `yyyy-MM-dd HH:mm:ss` as the institution sent them. */
export interface VisitRow {
  readonly mdtrt_id: string;
  readonly fixmedins_code: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly kind: 'outpatient' | 'inpatient';
  readonly med_type: string | null;
  readonly dise_codg: string | null;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly state: 'open' | 'discharged' | 'cancelled';
  readonly ipt_otp_no: string;
  readonly mdtrt_cert_type: string;
  readonly open_msgid: string;
  readonly created_at: string;
}

/** Stores a new visit. */
export function insertVisit(db: Db, v: VisitRow): void {
  stmt(
    db,
    `INSERT INTO visits (mdtrt_id, fixmedins_code, psn_no, insutype, kind, med_type, dise_codg, begntime, endtime, state, ipt_otp_no, mdtrt_cert_type, open_msgid, created_at)
     VALUES (@mdtrt_id, @fixmedins_code, @psn_no, @insutype, @kind, @med_type, @dise_codg, @begntime, @endtime, @state, @ipt_otp_no, @mdtrt_cert_type, @open_msgid, @created_at)`,
  ).run(v);
}

/** The visit with this id, if any. */
export function getVisit(db: Db, mdtrtId: string): VisitRow | undefined {
  return stmt(db, 'SELECT * FROM visits WHERE mdtrt_id = ?').get(mdtrtId) as VisitRow | undefined;
}

/** Sets the outpatient visit information of 2203. */
export function setVisitInfo(db: Db, mdtrtId: string, medType: string, diseCodg: string | null): void {
  stmt(db, 'UPDATE visits SET med_type = ?, dise_codg = ? WHERE mdtrt_id = ?').run(medType, diseCodg, mdtrtId);
}

/** Sets a visit's state and end time (discharge, cancel). */
export function setVisitState(db: Db, mdtrtId: string, state: VisitRow['state'], endtime: string | null): void {
  stmt(db, 'UPDATE visits SET state = ?, endtime = ? WHERE mdtrt_id = ?').run(state, endtime, mdtrtId);
}

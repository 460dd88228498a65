/** The monthly reports' read of settlements with their visits, on SQLite (index settlements_by_updated). */
import type { SqliteDb } from './sqlite-database';
import type { ReportRepository } from './ports/reports';
import type { ReportSource } from '../domain/declaration-report';
import type { RegionKind } from '../../shared/region';
import { sql } from './sql';
import { all } from './sql-exec';
import { openJson, openText } from './sealed-columns';

interface Row {
  settlement_id: string;
  visit_id: string;
  state: string;
  setl_id: string | null;
  mdtrt_id: string;
  setlinfo: string | null;
  setldetail: string | null;
  cancel_setlinfo: string | null;
  kind: string;
  region_kind: RegionKind;
  insuplc_admdvs: string;
  ipt_otp_no: string;
  med_type: string;
  begntime: string;
  endtime: string | null;
  dise_codg: string | null;
  dise_name: string | null;
}

export class SqliteReportRepository implements ReportRepository {
  constructor(private readonly db: SqliteDb) {}

  async settlementsForPeriod(since: number, until: number, limit: number): Promise<ReportSource[]> {
    const rows = all<Row>(
      this.db,
      sql`SELECT s.settlement_id, s.visit_id, s.state, s.setl_id, s.mdtrt_id, s.setlinfo, s.setldetail,
        s.cancel_setlinfo, v.kind, v.region_kind, v.insuplc_admdvs, v.ipt_otp_no, v.med_type, v.begntime, v.endtime, v.dise_codg, v.dise_name
      FROM settlements s JOIN visits v ON v.visit_id = s.visit_id
      WHERE s.updated_at >= ${since} AND s.created_at < ${until}
      ORDER BY s.updated_at, s.rowid LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      settlement_id: r.settlement_id,
      visit_id: r.visit_id,
      state: r.state,
      setl_id: r.setl_id,
      mdtrt_id: r.mdtrt_id,
      // Figures and the diagnosis are sealed at rest (S3): opened here like the settlement repository does.
      setlinfo: openJson<Record<string, unknown>>(this.db, r.setlinfo),
      setldetail: openJson<Record<string, unknown>[]>(this.db, r.setldetail),
      cancel_setlinfo: openJson<Record<string, unknown>>(this.db, r.cancel_setlinfo),
      visit: {
        kind: r.kind,
        region_kind: r.region_kind,
        insuplc_admdvs: r.insuplc_admdvs,
        ipt_otp_no: r.ipt_otp_no,
        med_type: r.med_type,
        begntime: r.begntime,
        endtime: r.endtime,
        dise_codg: r.dise_codg,
        dise_name: openText(this.db, r.dise_name),
      },
    }));
  }
}

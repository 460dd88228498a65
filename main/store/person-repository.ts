/** Persons as last seen by 1101, so later calls know the insured place (docs/his-api.md). Sealed at rest (S3). */
import type { SqliteDb } from './sqlite-database';
import type { PersonRepository } from './ports/settlement-store';
import type { PersonRecord } from './ports/records';
import { sql } from './sql';
import { get, run } from './sql-exec';
import { openJson, sealJson } from './sealed-columns';

interface PersonRow {
  psn_no: string;
  baseinfo: string;
  insuinfo: string;
  extra: string;
  identified_at: number;
}

export class SqlitePersonRepository implements PersonRepository {
  constructor(private readonly db: SqliteDb) {}

  async save(p: PersonRecord): Promise<void> {
    run(
      this.db,
      sql`INSERT INTO persons (psn_no, baseinfo, insuinfo, extra, identified_at)
      VALUES (${p.psn_no}, ${sealJson(this.db, p.baseinfo)}, ${sealJson(this.db, p.insuinfo)}, ${sealJson(this.db, p.extra)}, ${p.identified_at})
      ON CONFLICT (psn_no) DO UPDATE SET baseinfo = excluded.baseinfo, insuinfo = excluded.insuinfo,
        extra = excluded.extra, identified_at = excluded.identified_at`,
    );
  }

  async get(psn_no: string): Promise<PersonRecord | null> {
    const r = get<PersonRow>(this.db, sql`SELECT * FROM persons WHERE psn_no = ${psn_no}`);
    if (!r) return null;
    return {
      psn_no: r.psn_no,
      baseinfo: openJson<PersonRecord['baseinfo']>(this.db, r.baseinfo) as PersonRecord['baseinfo'],
      insuinfo: openJson<PersonRecord['insuinfo']>(this.db, r.insuinfo) as PersonRecord['insuinfo'],
      extra: openJson<PersonRecord['extra']>(this.db, r.extra) as PersonRecord['extra'],
      identified_at: r.identified_at,
    };
  }
}

/** The HIS inbox on SQLite. */
import type { SqliteDb } from './sqlite-database';
import type { InboxRepository } from './ports/settlement-store';
import type { InboxRecord } from './ports/records';
import { sql } from './sql';
import { all, get, run } from './sql-exec';
import { indexOf, openJson, openText, sealJson, sealText } from './sealed-columns';

interface InboxRow extends Omit<InboxRecord, 'payload'> {
  payload: string;
  certno_sealed: string | null;
}

/**
 * At rest (S3) the bill is sealed and `certno` holds only the keyed look-up index of the ID number;
 * the number itself is kept sealed in `certno_sealed`.
 */
function fromRow(db: SqliteDb, row: InboxRow): InboxRecord {
  const { certno_sealed, ...r } = row;
  return {
    ...r,
    certno: certno_sealed !== null ? openText(db, certno_sealed) : r.certno,
    payload: openJson<InboxRecord['payload']>(db, r.payload) as InboxRecord['payload'],
  };
}

export class SqliteInboxRepository implements InboxRepository {
  constructor(private readonly db: SqliteDb) {}

  async push(r: InboxRecord): Promise<void> {
    run(
      this.db,
      sql`INSERT INTO inbox (inbox_id, his_visit_id, visit_id, kind, certno, certno_sealed, psn_no, payload, state, created_at)
      VALUES (${r.inbox_id}, ${r.his_visit_id}, ${r.visit_id}, ${r.kind}, ${indexOf(this.db, r.certno)}, ${sealText(this.db, r.certno)}, ${r.psn_no},
        ${sealJson(this.db, r.payload)}, ${r.state}, ${r.created_at})
      ON CONFLICT (inbox_id) DO UPDATE SET payload = excluded.payload, certno = excluded.certno, certno_sealed = excluded.certno_sealed,
        psn_no = excluded.psn_no`,
    );
  }

  async get(inbox_id: string): Promise<InboxRecord | null> {
    const r = get<InboxRow>(this.db, sql`SELECT * FROM inbox WHERE inbox_id = ${inbox_id}`);
    return r ? fromRow(this.db, r) : null;
  }

  async forPatient(q: { certno?: string | null; psn_no?: string | null }, limit: number): Promise<InboxRecord[]> {
    return all<InboxRow>(
      this.db,
      sql`SELECT * FROM inbox WHERE state IN ('waiting','opened')
      AND ((certno IS NOT NULL AND certno = ${indexOf(this.db, q.certno ?? null)}) OR (psn_no IS NOT NULL AND psn_no = ${q.psn_no ?? null}))
      ORDER BY created_at DESC LIMIT ${limit}`,
    ).map((r) => fromRow(this.db, r));
  }

  async listOpen(limit: number): Promise<InboxRecord[]> {
    return all<InboxRow>(
      this.db,
      sql`SELECT * FROM inbox WHERE state IN ('waiting','opened') ORDER BY created_at DESC LIMIT ${limit}`,
    ).map((r) => fromRow(this.db, r));
  }

  async setState(inbox_id: string, state: InboxRecord['state'], visit_id?: string | null): Promise<void> {
    if (visit_id === undefined) run(this.db, sql`UPDATE inbox SET state = ${state} WHERE inbox_id = ${inbox_id}`);
    else run(this.db, sql`UPDATE inbox SET state = ${state}, visit_id = ${visit_id} WHERE inbox_id = ${inbox_id}`);
  }

  async byVisit(visit_id: string): Promise<InboxRecord | null> {
    const r = get<InboxRow>(
      this.db,
      sql`SELECT * FROM inbox WHERE visit_id = ${visit_id} ORDER BY created_at DESC LIMIT 1`,
    );
    return r ? fromRow(this.db, r) : null;
  }
}

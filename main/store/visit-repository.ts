/** Visits on SQLite. */
import type { SqliteDb } from './sqlite-database';
import type { CallOutcomeRecord, VisitRepository } from './ports/settlement-store';
import type { NewJob } from './ports/jobs';
import type { JournalEntry, VisitRecord, VisitRecordState } from './ports/records';
import type { OutboxWriter } from './outbox';
import { applyJournalOutcome, insertJournalRow } from './journal-repository';
import { sql, type SqlQuery } from './sql';
import { all, get, run } from './sql-exec';
import { openJson, openText, sealJson, sealText } from './sealed-columns';

interface VisitRow extends Omit<VisitRecord, 'eligibility' | 'details'> {
  eligibility: string | null;
  details: string;
}

const JSON_FIELDS = new Set(['eligibility', 'details']);
const UPDATABLE = new Set([
  'psn_no',
  'insutype',
  'med_type',
  'insuplc_admdvs',
  'region_kind',
  'mdtrt_cert_type',
  'mdtrt_cert_no',
  'card_sn',
  'mdtrt_id',
  'ipt_otp_no',
  'begntime',
  'endtime',
  'dise_codg',
  'dise_name',
  'chrg_bchno',
  'batch_seq',
  'state',
  'eligibility',
  'details',
  'updated_at',
  'kind',
]);

/** Columns that may hold personal data, sealed at rest (S3): the credential, diagnosis name and JSON. */
const SEALED_TEXT = new Set(['mdtrt_cert_no', 'dise_name']);

function fromRow(db: SqliteDb, r: VisitRow): VisitRecord {
  return {
    ...r,
    mdtrt_cert_no: openText(db, r.mdtrt_cert_no) ?? '',
    dise_name: openText(db, r.dise_name),
    eligibility: openJson<unknown>(db, r.eligibility),
    details: openJson<VisitRecord['details']>(db, r.details) as VisitRecord['details'],
  };
}

export class SqliteVisitRepository implements VisitRepository {
  constructor(
    private readonly db: SqliteDb,
    private readonly outbox: OutboxWriter,
  ) {}

  async createOpening(v: VisitRecord, opening: JournalEntry | null): Promise<void> {
    this.db.transaction(() => {
      run(
        this.db,
        sql`INSERT INTO visits (visit_id, kind, psn_no, insutype, med_type, insuplc_admdvs, region_kind,
          mdtrt_cert_type, mdtrt_cert_no, card_sn, mdtrt_id, ipt_otp_no, begntime, endtime, dise_codg, dise_name,
          chrg_bchno, batch_seq, state, eligibility, details, created_at, updated_at)
        VALUES (${v.visit_id}, ${v.kind}, ${v.psn_no}, ${v.insutype}, ${v.med_type}, ${v.insuplc_admdvs}, ${v.region_kind},
          ${v.mdtrt_cert_type}, ${sealText(this.db, v.mdtrt_cert_no)}, ${v.card_sn}, ${v.mdtrt_id}, ${v.ipt_otp_no}, ${v.begntime}, ${v.endtime},
          ${v.dise_codg}, ${sealText(this.db, v.dise_name)}, ${v.chrg_bchno}, ${v.batch_seq}, ${v.state},
          ${sealJson(this.db, v.eligibility)}, ${sealJson(this.db, v.details)}, ${v.created_at}, ${v.updated_at})`,
      );
      if (opening) insertJournalRow(this.db, opening);
    })();
  }

  async get(visit_id: string): Promise<VisitRecord | null> {
    const r = get<VisitRow>(this.db, sql`SELECT * FROM visits WHERE visit_id = ${visit_id}`);
    return r ? fromRow(this.db, r) : null;
  }

  async byMdtrtId(mdtrt_id: string): Promise<VisitRecord | null> {
    const r = get<VisitRow>(this.db, sql`SELECT * FROM visits WHERE mdtrt_id = ${mdtrt_id}`);
    return r ? fromRow(this.db, r) : null;
  }

  async update(
    visit_id: string,
    patch: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>,
    now: number,
    outcome?: CallOutcomeRecord,
  ): Promise<VisitRecord> {
    return this.db.transaction(() => {
      if (outcome) applyJournalOutcome(this.db, outcome.msgid, outcome.journal);
      this.applyPatch(visit_id, patch, now);
      const r = get<VisitRow>(this.db, sql`SELECT * FROM visits WHERE visit_id = ${visit_id}`);
      if (!r) throw new Error(`visit ${visit_id} vanished`);
      return fromRow(this.db, r);
    })();
  }

  async updateWithJob(
    visit_id: string,
    patch: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>,
    job: NewJob,
    now: number,
  ): Promise<void> {
    this.db.transaction(() => {
      this.applyPatch(visit_id, patch, now);
      this.outbox(this.db, job, now);
    })();
  }

  async listByState(states: readonly VisitRecordState[], limit: number): Promise<VisitRecord[]> {
    if (states.length === 0) return [];
    const inList = sql.join(
      states.map((s) => sql`${s}`),
      ', ',
    );
    return all<VisitRow>(
      this.db,
      sql`SELECT * FROM visits WHERE state IN (${inList}) ORDER BY created_at DESC LIMIT ${limit}`,
    ).map((r) => fromRow(this.db, r));
  }

  async forPatient(psn_no: string, states: readonly VisitRecordState[], limit: number): Promise<VisitRecord[]> {
    if (states.length === 0) return [];
    const inList = sql.join(
      states.map((s) => sql`${s}`),
      ', ',
    );
    return all<VisitRow>(
      this.db,
      sql`SELECT * FROM visits WHERE psn_no = ${psn_no} AND state IN (${inList})
      ORDER BY created_at DESC LIMIT ${limit}`,
    ).map((r) => fromRow(this.db, r));
  }

  /** Applies a patch inside a caller's transaction (fee uploads that also move the visit's batch). */
  applyPatchIn(visit_id: string, patch: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>, now: number): void {
    this.applyPatch(visit_id, patch, now);
  }

  private applyPatch(
    visit_id: string,
    patch: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>,
    now: number,
  ): void {
    const sets: SqlQuery[] = [];
    for (const [k, v] of Object.entries({ ...patch, updated_at: now })) {
      if (!UPDATABLE.has(k)) throw new Error(`visit field ${k} is not updatable`);
      const value = JSON_FIELDS.has(k)
        ? sealJson(this.db, v)
        : SEALED_TEXT.has(k)
          ? sealText(this.db, v as string | null)
          : (v as string | number | null);
      sets.push(sql`${sql.raw(k)} = ${value}`);
    }
    const n = run(this.db, sql`UPDATE visits SET ${sql.join(sets, ', ')} WHERE visit_id = ${visit_id}`);
    if (n === 0) throw new Error(`visit ${visit_id} not found`);
  }
}

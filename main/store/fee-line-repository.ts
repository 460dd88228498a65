/** Fee lines on SQLite. */
import type { SqliteDb } from './sqlite-database';
import type { CallOutcomeRecord, FeeLineRepository } from './ports/settlement-store';
import type { FeeLineRecord, JournalEntry, VisitRecord } from './ports/records';
import type { SqliteVisitRepository } from './visit-repository';
import { applyJournalOutcome, insertJournalRow } from './journal-repository';
import { sql } from './sql';
import { all, get, run, statement } from './sql-exec';

interface FeeLineRow extends Omit<FeeLineRecord, 'platform' | 'preview'> {
  platform: string | null;
  preview: string | null;
}

/** The columns of one inserted line, in the order of {@link insertText}. */
const COLUMNS = [
  'visit_id',
  'feedetl_sn',
  'med_list_codg',
  'medins_list_codg',
  'name',
  'cnt',
  'pric',
  'amount_fen',
  'fee_ocur_time',
  'init_feedetl_sn',
  'chrg_bchno',
  'state',
  'platform',
  'preview',
  'seq',
] as const;

/**
 * Lines per INSERT statement: a 50-line bill is one statement instead of 50 (issue 19: per-line
 * statement work was the largest share of the upload step). 15 parameters a row keeps a full
 * chunk (960) far below SQLite's parameter limit.
 */
const CHUNK = 64;

/** The upsert of `n` lines (statement texts are cached per connection; at most CHUNK distinct ones). */
function insertText(n: number): string {
  const row = `(${COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO fee_lines (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: n }, () => row).join(', ')}
    ON CONFLICT (visit_id, feedetl_sn) DO UPDATE SET med_list_codg = excluded.med_list_codg,
      medins_list_codg = excluded.medins_list_codg, name = excluded.name, cnt = excluded.cnt, pric = excluded.pric,
      amount_fen = excluded.amount_fen, fee_ocur_time = excluded.fee_ocur_time, init_feedetl_sn = excluded.init_feedetl_sn,
      chrg_bchno = excluded.chrg_bchno, state = excluded.state, platform = excluded.platform, preview = excluded.preview,
      seq = excluded.seq`;
}

function fromRow(r: FeeLineRow): FeeLineRecord {
  // Fields named one by one (no object spread): this runs for every line of every read.
  return {
    visit_id: r.visit_id,
    feedetl_sn: r.feedetl_sn,
    med_list_codg: r.med_list_codg,
    medins_list_codg: r.medins_list_codg,
    name: r.name,
    cnt: r.cnt,
    pric: r.pric,
    amount_fen: r.amount_fen,
    fee_ocur_time: r.fee_ocur_time,
    init_feedetl_sn: r.init_feedetl_sn,
    chrg_bchno: r.chrg_bchno,
    state: r.state,
    platform: r.platform === null ? null : (JSON.parse(r.platform) as FeeLineRecord['platform']),
    preview: r.preview === null ? null : (JSON.parse(r.preview) as FeeLineRecord['preview']),
    seq: r.seq,
  };
}

export class SqliteFeeLineRepository implements FeeLineRepository {
  constructor(
    private readonly db: SqliteDb,
    private readonly visits: SqliteVisitRepository,
  ) {}

  async forVisit(visit_id: string): Promise<FeeLineRecord[]> {
    return all<FeeLineRow>(this.db, sql`SELECT * FROM fee_lines WHERE visit_id = ${visit_id} ORDER BY seq`).map(
      fromRow,
    );
  }

  async saveUploaded(
    visit_id: string,
    lines: readonly FeeLineRecord[],
    now: number,
    with_: {
      readonly visit?: Partial<Omit<VisitRecord, 'visit_id' | 'created_at'>>;
      readonly outcome?: CallOutcomeRecord;
      readonly attempt?: JournalEntry;
    } = {},
  ): Promise<void> {
    this.db.transaction(() => {
      if (with_.outcome) applyJournalOutcome(this.db, with_.outcome.msgid, with_.outcome.journal);
      if (with_.visit) this.visits.applyPatchIn(visit_id, with_.visit, now);
      const top = get<{ m: number | null }>(
        this.db,
        sql`SELECT MAX(seq) AS m FROM fee_lines WHERE visit_id = ${visit_id}`,
      );
      let seq = top?.m ?? 0;
      for (let start = 0; start < lines.length; start += CHUNK) {
        const chunk = lines.slice(start, start + CHUNK);
        const params: unknown[] = [];
        for (const l of chunk) {
          seq += 1;
          params.push(
            visit_id,
            l.feedetl_sn,
            l.med_list_codg,
            l.medins_list_codg,
            l.name,
            l.cnt,
            l.pric,
            l.amount_fen,
            l.fee_ocur_time,
            l.init_feedetl_sn,
            l.chrg_bchno,
            l.state,
            l.platform === null ? null : JSON.stringify(l.platform),
            l.preview === null ? null : JSON.stringify(l.preview),
            seq,
          );
        }
        statement(this.db, insertText(chunk.length)).run(...params);
      }
      // Last, so that the journal row is committed with the lines it is about to send.
      if (with_.attempt) insertJournalRow(this.db, with_.attempt);
    })();
  }

  async setPreviews(
    visit_id: string,
    previews: readonly { readonly feedetl_sn: string; readonly preview: Readonly<Record<string, unknown>> }[],
  ): Promise<void> {
    const update = statement(this.db, 'UPDATE fee_lines SET preview = ? WHERE visit_id = ? AND feedetl_sn = ?');
    this.db.transaction(() => {
      for (const p of previews) update.run(JSON.stringify(p.preview), visit_id, p.feedetl_sn);
    })();
  }

  async setState(
    visit_id: string,
    chrg_bchno: string | null,
    from: readonly FeeLineRecord['state'][],
    to: FeeLineRecord['state'],
  ): Promise<number> {
    if (from.length === 0) return 0;
    const inList = sql.join(
      from.map((s) => sql`${s}`),
      ', ',
    );
    const batch = chrg_bchno === null ? sql`` : sql` AND chrg_bchno = ${chrg_bchno}`;
    return run(
      this.db,
      sql`UPDATE fee_lines SET state = ${to} WHERE visit_id = ${visit_id} AND state IN (${inList})${batch}`,
    );
  }
}

/** The call journal on SQLite (docs/reliability.md §2): written before sending, outcomes applied once. */
import type { SqliteDb } from './sqlite-database';
import type { JournalRepository } from './ports/settlement-store';
import type { JournalEntry, JournalOutcome, JournalRecord } from './ports/records';
import { sql } from './sql';
import { all, get, run } from './sql-exec';

/** The operator of a call: the entry's own, else the `opter` of the request envelope it records. */
export function opterOfEntry(e: JournalEntry): string | null {
  if (e.opter) return e.opter;
  try {
    const env = JSON.parse(e.request) as { opter?: unknown };
    return typeof env.opter === 'string' && env.opter !== '' ? env.opter : null;
  } catch {
    return null;
  }
}

/** Inserts a journal row in SENDING (with its operator); used inside other repositories' transactions too. */
export function insertJournalRow(db: SqliteDb, e: JournalEntry): void {
  run(
    db,
    sql`INSERT INTO journal (call_id, msgid, infno, visit_id, settlement_id, omsgid, state, request, created_at, opter)
    VALUES (${e.call_id}, ${e.msgid}, ${e.infno}, ${e.visit_id ?? null}, ${e.settlement_id ?? null}, ${e.omsgid ?? null},
            'SENDING', ${e.request}, ${e.created_at}, ${opterOfEntry(e)})`,
  );
}

/**
 * Applies an outcome while the row is SENDING. A reply for a row already decided is kept in
 * `late_response` and ignored (a late approval is still reversed). Returns whether it applied.
 */
export function applyJournalOutcome(db: SqliteDb, msgid: string, o: JournalOutcome): boolean {
  const changed = run(
    db,
    sql`UPDATE journal SET state = ${o.outcome}, response = ${o.response ?? null},
      err_code = ${o.err_code ?? null}, err_msg = ${o.err_msg ?? null}, http_status = ${o.http_status ?? null},
      transport_error = ${o.transport_error ?? null}, ended_at = ${o.ended_at}
    WHERE msgid = ${msgid} AND state = 'SENDING'`,
  );
  if (changed === 0) {
    run(db, sql`UPDATE journal SET late_response = ${JSON.stringify({ ...o })} WHERE msgid = ${msgid}`);
  }
  return changed > 0;
}

export class SqliteJournalRepository implements JournalRepository {
  constructor(private readonly db: SqliteDb) {}

  async recordAttempt(entry: JournalEntry): Promise<void> {
    insertJournalRow(this.db, entry);
  }

  async recordOutcome(msgid: string, outcome: JournalOutcome): Promise<boolean> {
    return this.db.transaction(() => applyJournalOutcome(this.db, msgid, outcome))();
  }

  async sendingToUnknownAtStartup(now: number): Promise<number> {
    return this.db.transaction(() => {
      const n = run(
        this.db,
        sql`UPDATE journal SET state = 'UNKNOWN', err_msg = '进程中断时请求状态未知', ended_at = ${now}
        WHERE state = 'SENDING'`,
      );
      return n;
    })();
  }

  async byMsgid(msgid: string): Promise<JournalRecord | null> {
    return get<JournalRecord>(this.db, sql`SELECT * FROM journal WHERE msgid = ${msgid}`) ?? null;
  }

  async forVisit(visit_id: string): Promise<JournalRecord[]> {
    return all<JournalRecord>(
      this.db,
      sql`SELECT * FROM journal WHERE visit_id = ${visit_id} ORDER BY created_at, rowid`,
    );
  }

  async between(from: number, to: number, limit: number): Promise<JournalRecord[]> {
    return all<JournalRecord>(
      this.db,
      sql`SELECT * FROM journal WHERE created_at >= ${from} AND created_at < ${to}
      ORDER BY created_at, rowid LIMIT ${limit}`,
    );
  }
}

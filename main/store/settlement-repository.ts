/**
 * Settlements on SQLite. Each method is one business step in one transaction; the partial unique
 * index `one_live_settlement_per_visit` is the guard against a second concurrent settle (R7), so
 * it holds across processes too.
 */
import type { SqliteDb } from './sqlite-database';
import type { SettlementFigures, SettlementRepository, TransitionExtra } from './ports/settlement-store';
import type { JournalEntry, JournalOutcome, SettlementEvent, SettlementRecord, SettlementScope } from './ports/records';
import { LIVE_STATES, type SettlementStateCode } from '../domain/settlement-state';
import type { OutboxWriter } from './outbox';
import type { NewJob } from './ports/jobs';
import { applyJournalOutcome, insertJournalRow, opterOfEntry } from './journal-repository';
import { AppError } from '../../shared/errors/app-error';
import { sql, type SqlQuery } from './sql';
import { all, get, run } from './sql-exec';
import { openJson, sealJson } from './sealed-columns';

export interface SettlementRow extends Omit<SettlementRecord, 'setlinfo' | 'setldetail' | 'flags' | 'cancel_setlinfo'> {
  setlinfo: string | null;
  setldetail: string | null;
  flags: string;
  cancel_setlinfo: string | null;
}

/** The platform's figures (setlinfo carries the name and ID number) are sealed at rest (S3). */
export function fromRow(db: SqliteDb, r: SettlementRow): SettlementRecord {
  return {
    ...r,
    setlinfo: openJson<SettlementRecord['setlinfo']>(db, r.setlinfo),
    setldetail: openJson<SettlementRecord['setldetail']>(db, r.setldetail),
    flags: JSON.parse(r.flags) as string[],
    cancel_setlinfo: openJson<SettlementRecord['cancel_setlinfo']>(db, r.cancel_setlinfo),
  };
}

function isLiveIndexViolation(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : '';
  return (
    msg.includes('UNIQUE constraint failed') &&
    (msg.includes('settlements.mdtrt_id') ||
      msg.includes('settlements.visit_id') ||
      msg.includes('one_live_settlement'))
  );
}

function inList(states: readonly string[]): SqlQuery {
  return sql.join(
    states.map((s) => sql`${s}`),
    ', ',
  );
}

export class SqliteSettlementRepository implements SettlementRepository {
  constructor(
    private readonly db: SqliteDb,
    private readonly outbox: OutboxWriter,
  ) {}

  async beginSettle(s: SettlementRecord, entry: JournalEntry): Promise<void> {
    try {
      this.db.transaction(() => {
        run(
          this.db,
          sql`INSERT INTO settlements (settlement_id, visit_id, mdtrt_id, psn_no, infno, msgid, chrg_bchno, state,
            acct_used_flag, bill_total_fen, setl_id, setlinfo, setldetail, flags, created_at, updated_at, opter, window_id)
          VALUES (${s.settlement_id}, ${s.visit_id}, ${s.mdtrt_id}, ${s.psn_no}, ${s.infno}, ${s.msgid}, ${s.chrg_bchno}, ${s.state},
            ${s.acct_used_flag}, ${s.bill_total_fen}, NULL, NULL, NULL, '[]', ${s.created_at}, ${s.updated_at},
            ${s.opter ?? opterOfEntry(entry)}, ${s.window_id ?? null})`,
        );
        insertJournalRow(this.db, entry);
        this.event({
          settlement_id: s.settlement_id,
          at: s.created_at,
          from_state: null,
          to_state: s.state,
          note: '开始结算，已记账后发送',
        });
      })();
    } catch (e) {
      if (isLiveIndexViolation(e)) throw new AppError('SETTLEMENT_IN_PROGRESS', { cause: e });
      throw e;
    }
  }

  async recordSettleOutcome(
    msgid: string,
    to: SettlementStateCode,
    figures: SettlementFigures | null,
    journal: JournalOutcome,
    note: string,
    job?: NewJob,
  ): Promise<boolean> {
    return this.db.transaction(() => {
      const applied = applyJournalOutcome(this.db, msgid, journal);
      const row = get<SettlementRow>(this.db, sql`SELECT * FROM settlements WHERE msgid = ${msgid}`);
      if (!applied || !row || row.state !== 'SENDING') return false;
      // A 2102 is journaled before the platform opens its visit: its mdtrt_id arrives with the reply.
      const mdtrt = typeof figures?.setlinfo?.mdtrt_id === 'string' ? figures.setlinfo.mdtrt_id : '';
      run(
        this.db,
        sql`UPDATE settlements SET state = ${to}, setl_id = ${figures?.setl_id ?? null},
          mdtrt_id = CASE WHEN mdtrt_id = '' THEN ${mdtrt} ELSE mdtrt_id END,
          setlinfo = ${figures?.setlinfo ? sealJson(this.db, figures.setlinfo) : null},
          setldetail = ${figures?.setldetail ? sealJson(this.db, figures.setldetail) : null},
          flags = ${JSON.stringify(figures?.flags ?? [])}, err_code = ${journal.err_code ?? null}, updated_at = ${journal.ended_at}
        WHERE msgid = ${msgid} AND state = 'SENDING'`,
      );
      this.event({ settlement_id: row.settlement_id, at: journal.ended_at, from_state: 'SENDING', to_state: to, note });
      if (job) this.outbox(this.db, job, journal.ended_at);
      return true;
    })();
  }

  async transition(
    settlement_id: string,
    from: readonly SettlementStateCode[],
    to: SettlementStateCode,
    note: string,
    now: number,
    extra: TransitionExtra = {},
  ): Promise<boolean> {
    try {
      return this.db.transaction(() => {
        if (extra.outcome && !applyJournalOutcome(this.db, extra.outcome.msgid, extra.outcome.journal)) return false;
        const row = get<SettlementRow>(this.db, sql`SELECT * FROM settlements WHERE settlement_id = ${settlement_id}`);
        if (!row || !from.includes(row.state)) return false;
        const sets: SqlQuery[] = [sql`state = ${to}`, sql`updated_at = ${now}`];
        if (extra.cancel_msgid !== undefined) sets.push(sql`cancel_msgid = ${extra.cancel_msgid}`);
        if (extra.cancel_setlinfo !== undefined)
          sets.push(sql`cancel_setlinfo = ${sealJson(this.db, extra.cancel_setlinfo)}`);
        if (extra.err_code !== undefined) sets.push(sql`err_code = ${extra.err_code}`);
        if (extra.figures) {
          sets.push(sql`setl_id = ${extra.figures.setl_id}`);
          sets.push(sql`setlinfo = ${extra.figures.setlinfo ? sealJson(this.db, extra.figures.setlinfo) : null}`);
          sets.push(sql`setldetail = ${extra.figures.setldetail ? sealJson(this.db, extra.figures.setldetail) : null}`);
          sets.push(sql`flags = ${JSON.stringify(extra.figures.flags)}`);
        }
        run(
          this.db,
          sql`UPDATE settlements SET ${sql.join(sets, ', ')} WHERE settlement_id = ${settlement_id} AND state = ${row.state}`,
        );
        if (extra.entry) insertJournalRow(this.db, extra.entry);
        this.event({ settlement_id, at: now, from_state: row.state, to_state: to, note });
        if (extra.job) this.outbox(this.db, extra.job, now);
        return true;
      })();
    } catch (e) {
      if (isLiveIndexViolation(e)) throw new AppError('SETTLEMENT_IN_PROGRESS', { cause: e });
      throw e;
    }
  }

  async get(settlement_id: string): Promise<SettlementRecord | null> {
    const r = get<SettlementRow>(this.db, sql`SELECT * FROM settlements WHERE settlement_id = ${settlement_id}`);
    return r ? fromRow(this.db, r) : null;
  }

  async byMsgid(msgid: string): Promise<SettlementRecord | null> {
    const r = get<SettlementRow>(
      this.db,
      sql`SELECT * FROM settlements WHERE msgid = ${msgid} OR cancel_msgid = ${msgid}`,
    );
    return r ? fromRow(this.db, r) : null;
  }

  async liveForVisit(visit_id: string): Promise<SettlementRecord | null> {
    const r = get<SettlementRow>(
      this.db,
      sql`SELECT * FROM settlements WHERE visit_id = ${visit_id}
      AND state IN (${inList(LIVE_STATES)}) ORDER BY created_at DESC LIMIT 1`,
    );
    return r ? fromRow(this.db, r) : null;
  }

  async forVisit(visit_id: string): Promise<SettlementRecord[]> {
    return all<SettlementRow>(
      this.db,
      sql`SELECT * FROM settlements WHERE visit_id = ${visit_id} ORDER BY created_at DESC, rowid DESC`,
    ).map((r) => fromRow(this.db, r));
  }

  async inStates(states: readonly SettlementStateCode[], limit: number): Promise<SettlementRecord[]> {
    if (states.length === 0) return [];
    return all<SettlementRow>(
      this.db,
      sql`SELECT * FROM settlements WHERE state IN (${inList(states)}) ORDER BY updated_at LIMIT ${limit}`,
    ).map((r) => fromRow(this.db, r));
  }

  async createdSince(
    from: number,
    limit: number,
    psn_no?: string,
    scope: SettlementScope = {},
  ): Promise<SettlementRecord[]> {
    const who = psn_no === undefined ? sql`` : sql` AND psn_no = ${psn_no}`;
    // A row with no window predates migration 0120 and was made by this (stand-alone) store's own window.
    const where =
      scope.window_id === undefined ? sql`` : sql` AND (window_id = ${scope.window_id} OR window_id IS NULL)`;
    const by = scope.opter === undefined ? sql`` : sql` AND opter = ${scope.opter}`;
    return all<SettlementRow>(
      this.db,
      sql`SELECT * FROM settlements WHERE created_at >= ${from}${who}${where}${by}
      ORDER BY created_at DESC, rowid DESC LIMIT ${limit}`,
    ).map((r) => fromRow(this.db, r));
  }

  async events(settlement_id: string): Promise<SettlementEvent[]> {
    return all<SettlementEvent>(
      this.db,
      sql`SELECT settlement_id, at, from_state, to_state, note FROM settlement_events
      WHERE settlement_id = ${settlement_id} ORDER BY event_id`,
    );
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = all<{ state: string; n: number }>(
      this.db,
      sql`SELECT state, COUNT(*) AS n FROM settlements GROUP BY state`,
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  private event(e: SettlementEvent): void {
    run(
      this.db,
      sql`INSERT INTO settlement_events (settlement_id, at, from_state, to_state, note)
      VALUES (${e.settlement_id}, ${e.at}, ${e.from_state}, ${e.to_state}, ${e.note})`,
    );
  }
}

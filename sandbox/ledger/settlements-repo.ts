/** Settlements (结算) made by 2207/2304, with their cancel and reversal state. */
import type { Fen } from '../../shared/money';
import type { SettlementEffects, SettlementRecord } from '../model/settlement-record';
import { stmt, type Db } from './sql';

/** A settlement's lifecycle state as `/__admin/settlements` and 5203 report it. */
export type SettlementState = 'settled' | 'cancelled' | 'reversed';

/** One settlement as stored (record and effects as JSON text). */
export interface SettlementRow {
  readonly setl_id: string;
  readonly seq: number;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly fixmedins_code: string;
  readonly infno: string;
  readonly msgid: string;
  readonly chrg_bchno: string | null;
  readonly mid_setl_flag: string;
  readonly state: SettlementState;
  readonly setl_time: string;
  readonly age: number;
  readonly mdtrt_cert_type: string;
  readonly medfee_sumamt: Fen;
  readonly record: string;
  readonly effects: string;
  /** JSON array of the ids of the lines it settled. */
  readonly line_ids: string;
  readonly cancel_msgid: string | null;
  readonly cancel_infno: string | null;
  readonly cancel_time: string | null;
  readonly cancel_balc: Fen | null;
}

/** Parsed record of a row. */
export function recordOf(row: SettlementRow): SettlementRecord {
  return JSON.parse(row.record) as SettlementRecord;
}

/** Parsed effects of a row. */
export function effectsOfRow(row: SettlementRow): SettlementEffects {
  return JSON.parse(row.effects) as SettlementEffects;
}

/** Stores a new settlement in state `settled`. */
export function insertSettlement(
  db: Db,
  s: Omit<
    SettlementRow,
    | 'seq'
    | 'state'
    | 'record'
    | 'effects'
    | 'line_ids'
    | 'cancel_msgid'
    | 'cancel_infno'
    | 'cancel_time'
    | 'cancel_balc'
  > & {
    record: SettlementRecord;
    effects: SettlementEffects;
    line_ids: readonly number[];
  },
): void {
  const seq = (stmt(db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM settlements').get() as { n: number }).n;
  stmt(
    db,
    `INSERT INTO settlements (setl_id, seq, mdtrt_id, psn_no, fixmedins_code, infno, msgid, chrg_bchno, mid_setl_flag, state, setl_time, age, mdtrt_cert_type, medfee_sumamt, record, effects, line_ids)
     VALUES (@setl_id, @seq, @mdtrt_id, @psn_no, @fixmedins_code, @infno, @msgid, @chrg_bchno, @mid_setl_flag, 'settled', @setl_time, @age, @mdtrt_cert_type, @medfee_sumamt, @record, @effects, @line_ids)`,
  ).run({
    ...s,
    seq,
    record: JSON.stringify(s.record),
    effects: JSON.stringify(s.effects),
    line_ids: JSON.stringify(s.line_ids),
  });
}

/** The settlement with this id, if any. */
export function getSettlement(db: Db, setlId: string): SettlementRow | undefined {
  return stmt(db, 'SELECT * FROM settlements WHERE setl_id = ?').get(setlId) as SettlementRow | undefined;
}

/** Settlements of a visit, oldest first. */
export function settlementsOfVisit(db: Db, mdtrtId: string): SettlementRow[] {
  return stmt(db, 'SELECT * FROM settlements WHERE mdtrt_id = ? ORDER BY seq').all(mdtrtId) as SettlementRow[];
}

/** Settlements of a person, oldest first. */
export function settlementsOfPerson(db: Db, psnNo: string): SettlementRow[] {
  return stmt(db, 'SELECT * FROM settlements WHERE psn_no = ? ORDER BY seq').all(psnNo) as SettlementRow[];
}

/** Every settlement, oldest first. */
export function allSettlements(db: Db): SettlementRow[] {
  return stmt(db, 'SELECT * FROM settlements ORDER BY seq').all() as SettlementRow[];
}

/** Marks a settlement cancelled by a 2208/2305. */
export function markCancelled(
  db: Db,
  setlId: string,
  cancelMsgid: string,
  cancelInfno: string,
  cancelTime: string,
  balcAfter: Fen,
): void {
  stmt(
    db,
    "UPDATE settlements SET state = 'cancelled', cancel_msgid = ?, cancel_infno = ?, cancel_time = ?, cancel_balc = ? WHERE setl_id = ?",
  ).run(cancelMsgid, cancelInfno, cancelTime, balcAfter, setlId);
}

/** Sets a settlement's state (reversal of the settle → reversed; reversal of its cancel → settled). */
export function setSettlementState(db: Db, setlId: string, state: SettlementState): void {
  stmt(db, 'UPDATE settlements SET state = ? WHERE setl_id = ?').run(state, setlId);
}

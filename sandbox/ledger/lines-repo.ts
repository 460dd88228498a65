/** Fee lines (费用明细) uploaded by 2204/2301 with their split (docs/sandbox-policy.md §3), amounts in fen. */
import type { Fen } from '../../shared/money';
import { stmt, type Db } from './sql';

/** One fee line. `cnt` and `pric` keep the decimal text; amounts are fen. */
export interface FeeLineRow {
  readonly id: number;
  readonly mdtrt_id: string;
  readonly feedetl_sn: string;
  readonly chrg_bchno: string | null;
  readonly init_feedetl_sn: string | null;
  readonly med_list_codg: string;
  readonly medins_list_codg: string;
  readonly fee_ocur_time: string;
  readonly cnt: string;
  readonly pric: string;
  readonly amt: Fen;
  readonly fulamt_ownpay_amt: Fen;
  readonly overlmt_amt: Fen;
  readonly preselfpay_amt: Fen;
  readonly inscp_scp_amt: Fen;
  readonly chrgitm_lv: string;
  readonly med_chrgitm_type: string;
  readonly selfpay_prop: string;
  readonly pric_uplmt_amt: string | null;
  readonly memo: string | null;
  readonly state: 'unsettled' | 'settled' | 'deleted';
  readonly setl_id: string | null;
  readonly upload_msgid: string;
}

/** A new line (without id). */
export type NewFeeLine = Omit<FeeLineRow, 'id'>;

/** Stores a line; returns its id. */
export function insertLine(db: Db, l: NewFeeLine): number {
  const r = stmt(
    db,
    `INSERT INTO fee_lines (mdtrt_id, feedetl_sn, chrg_bchno, init_feedetl_sn, med_list_codg, medins_list_codg, fee_ocur_time, cnt, pric, amt,
       fulamt_ownpay_amt, overlmt_amt, preselfpay_amt, inscp_scp_amt, chrgitm_lv, med_chrgitm_type, selfpay_prop, pric_uplmt_amt, memo, state, setl_id, upload_msgid)
     VALUES (@mdtrt_id, @feedetl_sn, @chrg_bchno, @init_feedetl_sn, @med_list_codg, @medins_list_codg, @fee_ocur_time, @cnt, @pric, @amt,
       @fulamt_ownpay_amt, @overlmt_amt, @preselfpay_amt, @inscp_scp_amt, @chrgitm_lv, @med_chrgitm_type, @selfpay_prop, @pric_uplmt_amt, @memo, @state, @setl_id, @upload_msgid)`,
  ).run(l);
  return Number(r.lastInsertRowid);
}

/** Lines of a visit that are not deleted, in upload order. */
export function liveLines(db: Db, mdtrtId: string): FeeLineRow[] {
  return stmt(db, "SELECT * FROM fee_lines WHERE mdtrt_id = ? AND state <> 'deleted' ORDER BY id").all(
    mdtrtId,
  ) as FeeLineRow[];
}

/** Serial numbers of a visit's lines that are not deleted (a fee upload's duplicate check reads only these). */
export function liveSns(db: Db, mdtrtId: string): Pick<FeeLineRow, 'feedetl_sn'>[] {
  return stmt(db, "SELECT feedetl_sn FROM fee_lines WHERE mdtrt_id = ? AND state <> 'deleted'").all(mdtrtId) as Pick<
    FeeLineRow,
    'feedetl_sn'
  >[];
}

/** Whether a batch has a settled line (without reading the batch). */
export function batchHasSettled(db: Db, mdtrtId: string, chrgBchno: string): boolean {
  return (
    stmt(db, "SELECT 1 FROM fee_lines WHERE mdtrt_id = ? AND chrg_bchno = ? AND state = 'settled' LIMIT 1").get(
      mdtrtId,
      chrgBchno,
    ) !== undefined
  );
}

/** Lines of one batch that are not deleted. */
export function batchLines(db: Db, mdtrtId: string, chrgBchno: string): FeeLineRow[] {
  return stmt(
    db,
    "SELECT * FROM fee_lines WHERE mdtrt_id = ? AND chrg_bchno = ? AND state <> 'deleted' ORDER BY id",
  ).all(mdtrtId, chrgBchno) as FeeLineRow[];
}

/** Lines settled by a settlement. */
export function linesOfSettlement(db: Db, setlId: string): FeeLineRow[] {
  return stmt(db, 'SELECT * FROM fee_lines WHERE setl_id = ? ORDER BY id').all(setlId) as FeeLineRow[];
}

/** Marks lines settled by `setlId`. */
export function settleLines(db: Db, ids: readonly number[], setlId: string): void {
  const s = stmt(db, "UPDATE fee_lines SET state = 'settled', setl_id = ? WHERE id = ?");
  for (const id of ids) s.run(setlId, id);
}

/** Makes the lines of a settlement unsettled again (cancel, reversal). */
export function unsettleLines(db: Db, setlId: string): void {
  stmt(db, "UPDATE fee_lines SET state = 'unsettled', setl_id = NULL WHERE setl_id = ? AND state = 'settled'").run(
    setlId,
  );
}

/** Deletes (marks deleted) unsettled lines by id. */
export function deleteLines(db: Db, ids: readonly number[]): void {
  const s = stmt(db, "UPDATE fee_lines SET state = 'deleted' WHERE id = ? AND state = 'unsettled'");
  for (const id of ids) s.run(id);
}

/** The state of a line by id, or null when there is no such line. */
export function lineState(db: Db, id: number): FeeLineRow['state'] | null {
  const row = stmt(db, 'SELECT state FROM fee_lines WHERE id = ?').get(id) as
    { state: FeeLineRow['state'] } | undefined;
  return row?.state ?? null;
}

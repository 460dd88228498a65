/**
 * Fee lines on a real SQLite file (issue 19): lines are written with multi-row statements, in
 * order, upserting earlier lines of the same feedetl_sn, and the journal row of the call that
 * sends them is committed in the same transaction — or nothing is, when any part fails.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import type { FeeLineRecord, JournalEntry, VisitRecord } from '../../main/store/ports/records';

let dir: string;
let opened: OpenedStore;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fee-lines-'));
  opened = openSettlementStore(path.join(dir, 'a.db'));
  await opened.store.visits.createOpening(visit(), entry('M0', '2201'));
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

function visit(): VisitRecord {
  return {
    visit_id: 'V1',
    kind: 'outpatient',
    psn_no: 'P1',
    insutype: '310',
    med_type: '11',
    insuplc_admdvs: '430100',
    region_kind: 'cross_province',
    mdtrt_cert_type: '02',
    mdtrt_cert_no: 'C1',
    card_sn: null,
    mdtrt_id: null,
    ipt_otp_no: 'O1',
    begntime: '2026-11-20 09:00:00',
    endtime: null,
    dise_codg: null,
    dise_name: null,
    chrg_bchno: null,
    batch_seq: 0,
    state: 'opening',
    eligibility: null,
    details: {},
    created_at: 1,
    updated_at: 1,
  } as VisitRecord;
}

function entry(msgid: string, infno: string): JournalEntry {
  return { call_id: `call-${msgid}`, msgid, infno, visit_id: 'V1', request: '{}', created_at: 2 };
}

/** `n` lines `sn-<from>` … with amount i fen. */
function lines(from: number, n: number, over: Partial<FeeLineRecord> = {}): FeeLineRecord[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      visit_id: 'V1',
      feedetl_sn: `sn-${i}`,
      med_list_codg: 'X1',
      medins_list_codg: 'H1',
      name: `项目${i}`,
      cnt: '1',
      pric: `${i}.00`,
      amount_fen: i * 100,
      fee_ocur_time: '2026-11-20 09:10:00',
      init_feedetl_sn: null,
      chrg_bchno: 'B1',
      state: 'pending',
      platform: null,
      preview: null,
      seq: 0,
      ...over,
    };
  });
}

describe('SqliteFeeLineRepository.saveUploaded', () => {
  it('stores 150 lines (three statements) in order with consecutive seq, and reads them back unchanged', async () => {
    await opened.store.fees.saveUploaded('V1', lines(1, 150), 5);
    const back = await opened.store.fees.forVisit('V1');
    expect(back).toHaveLength(150);
    expect(back.map((l) => l.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(back[149]).toEqual({ ...lines(150, 1)[0], seq: 150 });
    expect(back.reduce((a, l) => a + l.amount_fen, 0)).toBe((100 * (150 * 151)) / 2);
  });

  it('upserts lines of the same feedetl_sn with their platform split, and continues seq after the last', async () => {
    await opened.store.fees.saveUploaded('V1', lines(1, 3), 5);
    const split = { fulamt_ownpay_amt: '0.00', inscp_scp_amt: '2.00' };
    await opened.store.fees.saveUploaded('V1', lines(2, 3, { state: 'uploaded', platform: split }), 6);
    const back = await opened.store.fees.forVisit('V1');
    expect(back.map((l) => [l.feedetl_sn, l.state, l.seq])).toEqual([
      ['sn-1', 'pending', 1],
      ['sn-2', 'uploaded', 4],
      ['sn-3', 'uploaded', 5],
      ['sn-4', 'uploaded', 6],
    ]);
    expect(back[1]?.platform).toEqual(split);
  });

  it("commits the sending call's journal row with the lines", async () => {
    const visitPatch = { chrg_bchno: 'B1', batch_seq: 1 };
    await opened.store.fees.saveUploaded('V1', lines(1, 2), 5, { attempt: entry('M1', '2204'), visit: visitPatch });
    expect((await opened.store.journal.byMsgid('M1'))?.state).toBe('SENDING');
    expect((await opened.store.visits.get('V1'))?.chrg_bchno).toBe('B1');
    expect(await opened.store.fees.forVisit('V1')).toHaveLength(2);
  });

  it('writes nothing when the journal row cannot be written (a msgid used before)', async () => {
    const visitPatch = { chrg_bchno: 'B9', batch_seq: 1 };
    const save = opened.store.fees.saveUploaded('V1', lines(1, 2), 5, {
      attempt: entry('M0', '2204'),
      visit: visitPatch,
    });
    await expect(save).rejects.toThrow();
    expect(await opened.store.fees.forVisit('V1')).toEqual([]);
    expect((await opened.store.visits.get('V1'))?.chrg_bchno).toBeNull();
    expect((await opened.store.journal.byMsgid('M0'))?.infno).toBe('2201');
  });
});

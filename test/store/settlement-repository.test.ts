/**
 * The settlement store's business steps on a real SQLite file: journal before sending, outcomes
 * applied once (a late reply is kept but ignored), start-up recovery, the live-settlement guard
 * surfacing as SETTLEMENT_IN_PROGRESS, and the outbox committing or rolling back with its write.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { insertJobRow } from '../../main/store/jobs-repository';
import type { SettlementRecord, VisitRecord } from '../../main/store/ports/records';

let dir: string;
let opened: OpenedStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'store-'));
  opened = openSettlementStore(path.join(dir, 'adapter.db'), (db, job, now) => void insertJobRow(db, job, now));
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (msgid: string, infno = '2207', extra: object = {}) => ({
  call_id: `C-${msgid}`,
  msgid,
  infno,
  request: '{}',
  created_at: 1000,
  ...extra,
});
const outcome = (o: 'SUCCESS' | 'UNKNOWN' | 'DEFINITE_FAIL', at = 2000) => ({ outcome: o, ended_at: at });

async function seedVisit(): Promise<VisitRecord> {
  const v: VisitRecord = {
    visit_id: 'V1',
    kind: 'outpatient',
    psn_no: 'P1',
    insutype: '310',
    med_type: '11',
    insuplc_admdvs: '430100',
    region_kind: 'cross_province',
    mdtrt_cert_type: '02',
    mdtrt_cert_no: 'x',
    card_sn: null,
    mdtrt_id: null,
    ipt_otp_no: 'MZ1',
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
  };
  await opened.store.visits.createOpening(v, entry('OPEN1', '2201', { visit_id: 'V1' }));
  return opened.store.visits.update('V1', { mdtrt_id: 'M1', state: 'open' }, 2);
}

const settlementRow = (id: string, msgid: string): SettlementRecord => ({
  settlement_id: id,
  visit_id: 'V1',
  mdtrt_id: 'M1',
  psn_no: 'P1',
  infno: '2207',
  msgid,
  chrg_bchno: 'B0001',
  state: 'SENDING',
  acct_used_flag: '0',
  bill_total_fen: 36500,
  setl_id: null,
  setlinfo: null,
  setldetail: null,
  flags: [],
  cancel_msgid: null,
  cancel_setlinfo: null,
  err_code: null,
  created_at: 1000,
  updated_at: 1000,
});

const jobs = () =>
  opened.db.prepare('SELECT type, key, money, payload FROM jobs').all() as {
    type: string;
    key: string;
    money: number;
    payload: string;
  }[];

describe('journal', () => {
  it('applies the first outcome only; a late reply is kept aside and ignored', async () => {
    await opened.store.journal.recordAttempt(entry('M-1', '1101'));
    expect(await opened.store.journal.recordOutcome('M-1', outcome('UNKNOWN'))).toBe(true);
    expect(await opened.store.journal.recordOutcome('M-1', outcome('SUCCESS', 3000))).toBe(false);
    const row = await opened.store.journal.byMsgid('M-1');
    expect(row?.state).toBe('UNKNOWN');
    expect(JSON.parse(row?.late_response ?? '{}')).toMatchObject({ outcome: 'SUCCESS' });
  });

  it('start-up recovery turns every SENDING call into UNKNOWN', async () => {
    await opened.store.journal.recordAttempt(entry('M-2', '2207'));
    await opened.store.journal.recordAttempt(entry('M-3', '1101'));
    await opened.store.journal.recordOutcome('M-3', outcome('SUCCESS'));
    expect(await opened.store.journal.sendingToUnknownAtStartup(5000)).toBe(1);
    expect((await opened.store.journal.byMsgid('M-2'))?.state).toBe('UNKNOWN');
    expect((await opened.store.journal.byMsgid('M-3'))?.state).toBe('SUCCESS');
  });
});

describe('settlements', () => {
  it('a second settle while one is live is SETTLEMENT_IN_PROGRESS and writes nothing (R7)', async () => {
    await seedVisit();
    await opened.store.settlements.beginSettle(
      settlementRow('S1', 'MSG-1'),
      entry('MSG-1', '2207', { visit_id: 'V1' }),
    );
    await expect(
      opened.store.settlements.beginSettle(settlementRow('S2', 'MSG-2'), entry('MSG-2', '2207', { visit_id: 'V1' })),
    ).rejects.toMatchObject({ code: 'SETTLEMENT_IN_PROGRESS' });
    expect(await opened.store.journal.byMsgid('MSG-2')).toBeNull();
    expect(await opened.store.settlements.get('S2')).toBeNull();
  });

  it('an UNKNOWN outcome enqueues its reversal in the same transaction (outbox)', async () => {
    await seedVisit();
    await opened.store.settlements.beginSettle(
      settlementRow('S1', 'MSG-1'),
      entry('MSG-1', '2207', { visit_id: 'V1' }),
    );
    const applied = await opened.store.settlements.recordSettleOutcome(
      'MSG-1',
      'UNKNOWN',
      null,
      outcome('UNKNOWN'),
      '结果不明',
      {
        type: 'reverse-settlement',
        key: 'V1',
        money: true,
        maxAttempts: 20,
        payload: { settlement_id: 'S1' },
      },
    );
    expect(applied).toBe(true);
    expect((await opened.store.settlements.get('S1'))?.state).toBe('UNKNOWN');
    expect(jobs()).toEqual([
      { type: 'reverse-settlement', key: 'V1', money: 1, payload: JSON.stringify({ settlement_id: 'S1' }) },
    ]);
    // A late approval of the same msgid changes nothing and enqueues nothing more.
    expect(
      await opened.store.settlements.recordSettleOutcome('MSG-1', 'SETTLED', null, outcome('SUCCESS', 9000), 'late'),
    ).toBe(false);
    expect((await opened.store.settlements.get('S1'))?.state).toBe('UNKNOWN');
    expect(jobs()).toHaveLength(1);
  });

  it('a transition whose job cannot be written rolls back the state change too', async () => {
    await seedVisit();
    await opened.store.settlements.beginSettle(
      settlementRow('S1', 'MSG-1'),
      entry('MSG-1', '2207', { visit_id: 'V1' }),
    );
    await opened.store.settlements.recordSettleOutcome(
      'MSG-1',
      'SETTLED',
      { setl_id: 'ST1', setlinfo: {}, setldetail: [], flags: [] },
      outcome('SUCCESS'),
      'ok',
    );
    const bad = { type: 'check-cancel', key: 'V1', money: true, payload: { settlement_id: 'S1' }, maxAttempts: 0 };
    await expect(
      opened.store.settlements.transition('S1', ['SETTLED'], 'CANCEL_UNKNOWN', 'x', 3000, { job: bad }),
    ).rejects.toThrow();
    expect((await opened.store.settlements.get('S1'))?.state).toBe('SETTLED');
    expect(jobs()).toHaveLength(0);
  });

  it('keeps the history of every step', async () => {
    await seedVisit();
    await opened.store.settlements.beginSettle(
      settlementRow('S1', 'MSG-1'),
      entry('MSG-1', '2207', { visit_id: 'V1' }),
    );
    await opened.store.settlements.recordSettleOutcome(
      'MSG-1',
      'FAILED_DEFINITE',
      null,
      outcome('DEFINITE_FAIL'),
      '平台拒绝',
    );
    expect((await opened.store.settlements.events('S1')).map((e) => [e.from_state, e.to_state])).toEqual([
      [null, 'SENDING'],
      ['SENDING', 'FAILED_DEFINITE'],
    ]);
    // A failed settle frees the visit: a new attempt with a new msgid may start.
    await opened.store.settlements.beginSettle(
      settlementRow('S2', 'MSG-2'),
      entry('MSG-2', '2207', { visit_id: 'V1' }),
    );
    expect((await opened.store.settlements.liveForVisit('V1'))?.settlement_id).toBe('S2');
  });
});

/**
 * The window's list queries on a real SQLite file (migration 0070's indexes): a person's visits in
 * given states, and settlements created since a time, for everyone or one person, newest first.
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
  dir = mkdtempSync(path.join(tmpdir(), 'lists-'));
  opened = openSettlementStore(path.join(dir, 'adapter.db'), (db, job, now) => void insertJobRow(db, job, now));
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (msgid: string, infno: string, extra: object = {}) => ({
  call_id: `C-${msgid}`,
  msgid,
  infno,
  request: '{}',
  created_at: 1000,
  ...extra,
});

async function visit(id: string, psn: string, state: VisitRecord['state']): Promise<void> {
  const v: VisitRecord = {
    visit_id: id,
    kind: 'outpatient',
    psn_no: psn,
    insutype: '310',
    med_type: '11',
    insuplc_admdvs: '430100',
    region_kind: 'cross_province',
    mdtrt_cert_type: '02',
    mdtrt_cert_no: 'x',
    card_sn: null,
    mdtrt_id: null,
    ipt_otp_no: `MZ-${id}`,
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
  await opened.store.visits.createOpening(v, entry(`OPEN-${id}`, '2201', { visit_id: id }));
  await opened.store.visits.update(id, { mdtrt_id: `M-${id}`, state }, 2);
}

function settlement(id: string, visitId: string, psn: string, at: number): SettlementRecord {
  return {
    settlement_id: id,
    visit_id: visitId,
    mdtrt_id: `M-${visitId}`,
    psn_no: psn,
    infno: '2207',
    msgid: `MSG-${id}`,
    chrg_bchno: null,
    state: 'SENDING',
    acct_used_flag: '0',
    bill_total_fen: 100,
    setl_id: null,
    setlinfo: null,
    setldetail: null,
    flags: [],
    cancel_msgid: null,
    cancel_setlinfo: null,
    err_code: null,
    created_at: at,
    updated_at: at,
  };
}

describe('window list queries', () => {
  it("lists a person's visits in the given states only, newest first", async () => {
    await visit('V1', 'P1', 'open');
    await visit('V2', 'P1', 'cancelled');
    await visit('V3', 'P2', 'open');
    await visit('V4', 'P1', 'discharged');
    const open = await opened.store.visits.forPatient('P1', ['opening', 'open', 'discharged'], 10);
    expect(open.map((v) => v.visit_id).sort()).toEqual(['V1', 'V4']);
    expect(await opened.store.visits.forPatient('P1', [], 10)).toEqual([]);
  });

  it('lists settlements created since a time, for everyone or one person, newest first and bounded', async () => {
    await visit('V1', 'P1', 'open');
    await visit('V2', 'P2', 'open');
    await opened.store.settlements.beginSettle(
      settlement('S-old', 'V1', 'P1', 500),
      entry('MSG-S-old', '2207', { visit_id: 'V1' }),
    );
    await opened.store.settlements.transition('S-old', ['SENDING'], 'NOT_SENT', 'test', 600);
    await opened.store.settlements.beginSettle(
      settlement('S-1', 'V1', 'P1', 2000),
      entry('MSG-S-1', '2207', { visit_id: 'V1' }),
    );
    await opened.store.settlements.beginSettle(
      settlement('S-2', 'V2', 'P2', 3000),
      entry('MSG-S-2', '2207', { visit_id: 'V2' }),
    );
    expect((await opened.store.settlements.createdSince(1000, 10)).map((s) => s.settlement_id)).toEqual(['S-2', 'S-1']);
    expect((await opened.store.settlements.createdSince(0, 10, 'P1')).map((s) => s.settlement_id)).toEqual([
      'S-1',
      'S-old',
    ]);
    expect((await opened.store.settlements.createdSince(0, 1)).map((s) => s.settlement_id)).toEqual(['S-2']);
  });

  it("records the settle's operator and window, and lists by window (rows without one count as this window's) and operator", async () => {
    await visit('V1', 'P1', 'open');
    await visit('V2', 'P2', 'open');
    await visit('V3', 'P3', 'open');
    const envelope = (opter: string) => JSON.stringify({ infno: '2207', opter, opter_name: `${opter}名` });
    const begin = opened.store.settlements.beginSettle.bind(opened.store.settlements);
    const at = (id: string, visitId: string, opter: string) =>
      entry(`MSG-${id}`, '2207', { visit_id: visitId, request: envelope(opter) });
    await begin({ ...settlement('S-A', 'V1', 'P1', 2000), window_id: 'WIN-A' }, at('S-A', 'V1', 'C01'));
    await begin({ ...settlement('S-B', 'V2', 'P2', 3000), window_id: 'WIN-B' }, at('S-B', 'V2', 'C02'));
    await begin(settlement('S-OLD', 'V3', 'P3', 1500), entry('MSG-S-OLD', '2207', { visit_id: 'V3', opter: 'C01' }));
    expect(await opened.store.settlements.get('S-A')).toMatchObject({ opter: 'C01', window_id: 'WIN-A' });
    expect(await opened.store.settlements.get('S-B')).toMatchObject({ opter: 'C02', window_id: 'WIN-B' });
    expect(await opened.store.settlements.get('S-OLD')).toMatchObject({ opter: 'C01', window_id: null });
    const ids = async (scope: { window_id?: string; opter?: string }, psn?: string) =>
      (await opened.store.settlements.createdSince(0, 10, psn, scope)).map((s) => s.settlement_id);
    expect(await ids({})).toEqual(['S-B', 'S-A', 'S-OLD']);
    expect(await ids({ window_id: 'WIN-A' })).toEqual(['S-A', 'S-OLD']);
    expect(await ids({ window_id: 'WIN-B' })).toEqual(['S-B', 'S-OLD']);
    expect(await ids({ opter: 'C01' })).toEqual(['S-A', 'S-OLD']);
    expect(await ids({ window_id: 'WIN-B', opter: 'C01' })).toEqual(['S-OLD']);
    expect(await ids({ window_id: 'WIN-A' }, 'P2')).toEqual([]);
  });
});

/**
 * A supervisor's recheck of a settlement that needs attention (D-25, docs/reliability.md §2): a settle
 * never confirmed goes back to UNKNOWN with a fresh reversal job, a cancel never confirmed back to
 * CANCEL_UNKNOWN with a 5203 check; a settlement the platform confirmed is left for a cancel.
 * Real SQLite file; the upstream client is real but never called by a recheck.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { insertJobRow } from '../../main/store/jobs-repository';
import { createUpstreamClient } from '../../main/upstream/http-client';
import { createServices, type Services } from '../../main/services/services';
import { DeferredJobScheduler } from '../../main/queue/job-types';
import { resolutionJobRegistry } from '../../main/app/resolution-jobs';
import type { SettlementRecord } from '../../main/store/ports/records';

let dir: string;
let opened: OpenedStore;
let services: Services;
let woken = 0;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'recheck-'));
  opened = openSettlementStore(path.join(dir, 'adapter.db'), (db, job, now) => void insertJobRow(db, job, now));
  const upstream = createUpstreamClient({
    options: {
      url: 'http://127.0.0.1:9',
      timeout_ms: 1000,
      fixmedins_code: 'H41020200011',
      fixmedins_name: 'x',
      mdtrtarea_admvs: '410202',
      opter: 'T',
      opter_name: 't',
      opter_type: '1',
      infver: 'V1.0',
      recer_sys_code: 'YBXT',
    },
    msgids: { next: async () => 'H4102020001120261120090000' + '0001' },
  });
  let id = 0;
  const scheduler = new DeferredJobScheduler(() => void (woken += 1));
  services = createServices({
    store: opened.store,
    upstream,
    clock: { now: () => 5_000 },
    ids: { next: () => `ID${++id}` },
    institution: { fixmedins_code: 'H41020200011', fixmedins_name: 'x', mdtrtarea_admvs: '410202' },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    jobs: scheduler,
    upstreamTimeoutMs: 1000,
  });
  scheduler.use(resolutionJobRegistry(services.resolution));
  opened.db
    .prepare(
      `INSERT INTO visits (visit_id, kind, psn_no, insutype, med_type, insuplc_admdvs, region_kind, mdtrt_cert_type, mdtrt_cert_no, mdtrt_id, ipt_otp_no, begntime, state, details, created_at, updated_at)
    VALUES ('V1', 'outpatient', 'P1', '310', '11', '430100', 'cross_province', '02', 'x', 'M1', 'MZ1', '2026-11-20 09:00:00', 'open', '{}', 1, 1)`,
    )
    .run();
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

function attention(setl_id: string | null, cancel_msgid: string | null): void {
  opened.db
    .prepare(
      `INSERT INTO settlements (settlement_id, visit_id, mdtrt_id, psn_no, infno, msgid, state, acct_used_flag, bill_total_fen, setl_id, cancel_msgid, created_at, updated_at)
    VALUES ('S1', 'V1', 'M1', 'P1', '2207', 'MSG1', 'NEEDS_ATTENTION', '0', 100, ?, ?, 1, 1)`,
    )
    .run(setl_id, cancel_msgid);
}
const jobs = () => opened.db.prepare('SELECT type, key, money FROM jobs').all();

describe('supervisor recheck', () => {
  it('a settle never confirmed goes back to UNKNOWN with a fresh reversal job, and the history says who asked', async () => {
    attention(null, null);
    const s = (await services.resolution.recheck('S1', '主管')) as SettlementRecord;
    expect(s.state).toBe('UNKNOWN');
    expect(jobs()).toEqual([{ type: 'reverse-settlement', key: 'V1', money: 1 }]);
    expect((await opened.store.settlements.events('S1')).at(-1)?.note).toMatch(/^主管要求重新核实/);
    expect(woken).toBe(1);
  });

  it('a cancel never confirmed goes back to CANCEL_UNKNOWN with a 5203 check', async () => {
    attention('ST1', 'MSG2');
    expect((await services.resolution.recheck('S1', '主管'))?.state).toBe('CANCEL_UNKNOWN');
    expect(jobs()).toEqual([{ type: 'check-cancel', key: 'V1', money: 1 }]);
  });

  it('a settlement the platform confirmed is left for the supervisor to cancel', async () => {
    attention('ST1', null);
    expect((await services.resolution.recheck('S1', '主管'))?.state).toBe('NEEDS_ATTENTION');
    expect(jobs()).toEqual([]);
  });
});

/**
 * Growth (issue 19, step 5): every statement the window's paths run — settlement by visit, the day's
 * settlements, a patient's lists, the jobs claim and finish, the journal by msgid, a visit's fee
 * lines — is captured as the repositories really prepare it, and its EXPLAIN QUERY PLAN must not
 * read a growing table from end to end: a plain `SCAN <table>` without an index is a failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { SqliteJobStore } from '../../main/store/jobs-repository';

/** Tables that grow with every settlement or job. */
const GROWING = ['journal', 'visits', 'fee_lines', 'settlements', 'settlement_events', 'jobs', 'inbox', 'persons'];

let dir: string;
let opened: OpenedStore;
let captured: Set<string>;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'query-plans-'));
  opened = openSettlementStore(path.join(dir, 'a.db'));
  captured = new Set();
  const db = opened.db;
  const prepare = db.prepare.bind(db);
  (db as unknown as { prepare: (text: string) => unknown }).prepare = (text: string) => {
    captured.add(text);
    return prepare(text);
  };
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The plan of `text`, every parameter bound to a neutral value. */
function plan(text: string): string[] {
  const named = [...new Set([...text.matchAll(/@(\w+)/g)].map((m) => m[1] ?? ''))];
  const positional = (text.match(/\?/g) ?? []).length;
  const stmt = opened.db.prepare(`EXPLAIN QUERY PLAN ${text}`);
  const rows = (
    named.length > 0
      ? stmt.all(Object.fromEntries(named.map((n) => [n, 'x'])))
      : stmt.all(...Array.from({ length: positional }, () => 'x'))
  ) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** The plan lines of `text` that read a growing table without an index. */
function fullScans(text: string): string[] {
  return plan(text).filter((d) => {
    const m = /^SCAN (\w+)/.exec(d);
    return m !== null && GROWING.includes(m[1] ?? '') && !/USING (COVERING )?INDEX/.test(d);
  });
}

describe('query plans of the window paths', () => {
  it("a settlement by visit, the day's settlements, a patient's lists, the journal by msgid, fee lines: no full scans", async () => {
    const s = opened.store;
    await s.settlements.liveForVisit('V1');
    await s.settlements.forVisit('V1');
    await s.settlements.byMsgid('M1');
    await s.settlements.get('S1');
    await s.settlements.createdSince(0, 50);
    await s.settlements.createdSince(0, 50, 'P1');
    await s.settlements.events('S1');
    await s.journal.byMsgid('M1');
    await s.journal.forVisit('V1');
    await s.visits.get('V1');
    await s.visits.byMdtrtId('MD1');
    await s.visits.forPatient('P1', ['open'], 20);
    await s.fees.forVisit('V1');
    await s.inbox.forPatient({ certno: 'C1' }, 20);
    await s.inbox.forPatient({ psn_no: 'P1' }, 20);
    await s.inbox.byVisit('V1');
    await s.persons.get('P1');
    expect(captured.size).toBeGreaterThan(10);
    const bad = [...captured].map((t) => ({ t, scans: fullScans(t) })).filter((x) => x.scans.length > 0);
    expect(bad).toEqual([]);
  });

  it("the jobs claim, finish and the due-time probe use the queue's indexes", async () => {
    const jobs = new SqliteJobStore(opened.db, () => 1_000);
    const id = await jobs.enqueue({ type: 't', key: 'k', payload: '{}', money: false, maxAttempts: 3 });
    const claimed = await jobs.claimDue('me', 2_000, 30_000, 16);
    expect(claimed.map((j) => j.job_id)).toEqual([id]);
    expect(await jobs.finish(id, 'me')).toBe(true);
    await jobs.nextWakeAt(0);
    await jobs.releaseExpiredLeases(5_000);
    const bad = [...captured].map((t) => ({ t, scans: fullScans(t) })).filter((x) => x.scans.length > 0);
    expect(bad).toEqual([]);
  });

  it('the check itself catches a full scan', () => {
    expect(fullScans('SELECT * FROM settlements WHERE mdtrt_id = ?')).toEqual(['SCAN settlements']);
    expect(fullScans('SELECT * FROM settlements WHERE visit_id = ?')).toEqual([]);
  });
});

/**
 * Queue throughput against the sandbox (reliability issue, bench): N durable jobs, each making one
 * real journaled upstream call (1101) to the sandbox process through the adapter's HTTP client,
 * drained by the QueueRunner (4 at a time), beside the raw SQLite commit rate measured in the same
 * run on the same disk. Goal: ≥ 1,000 jobs/s. Figures only.
 *
 * Run alone: `npx tsx bench/queue-sandbox-bench.ts [N]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { openSqlite } from '../main/store/sqlite-database';
import { migrate } from '../main/store/migrations/run-migrations';
import { SqliteJobStore } from '../main/store/jobs-repository';
import { SqliteJournalRepository } from '../main/store/journal-repository';
import { SqliteMsgidCounter } from '../main/store/msgid-counter';
import { defineJobType, JobRegistry } from '../main/queue/job-types';
import { QueueRunner } from '../main/queue/queue-runner';
import { createUpstreamClient } from '../main/upstream/http-client';
import type { CallJournal } from '../main/upstream/ports';
import { formatMsgid } from '../shared/msgid';
import { chinaStamp14 } from '../shared/china-time';
import { startSandboxOn } from '../test/support/managed-process';
import { writeTestScenario } from '../test/support/test-scenario';

const PEOPLE = [
  '43010219560302031X',
  '430104197111200228',
  '220102198807140158',
  '430111195912010576',
  '430102195001250839',
];

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export async function runQueueSandboxBench(n = 1000): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'yidi-queue-sandbox-bench-'));
  const sandbox = await startSandboxOn(join(dir, 'sandbox'), writeTestScenario());
  const raw = openSqlite(join(dir, 'raw.db'));
  const db = openSqlite(join(dir, 'adapter.db'));
  try {
    migrate(db);
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
    const insert = raw.prepare('INSERT INTO t (v) VALUES (?)');
    const one = raw.transaction((v: string) => insert.run(v));
    let t = performance.now();
    for (let i = 0; i < n; i++) one.immediate(`row-${i}`);
    const rawRate = (n * 1000) / (performance.now() - t);

    const journalRepo = new SqliteJournalRepository(db);
    const counter = new SqliteMsgidCounter(db);
    let callId = 0;
    const journal: CallJournal = {
      beforeSend: async (p) =>
        journalRepo.recordAttempt({
          call_id: `C${++callId}`,
          msgid: p.msgid,
          infno: p.infno,
          request: '{}',
          created_at: Date.now(),
        }),
      afterOutcome: async (r) =>
        void (await journalRepo.recordOutcome(r.msgid, { outcome: r.outcome, ended_at: r.endedAt })),
    };
    const upstream = createUpstreamClient({
      options: {
        url: sandbox.found.url ?? '',
        timeout_ms: 10_000,
        fixmedins_code: 'H41020200011',
        fixmedins_name: '开封市示范第一医院',
        mdtrtarea_admvs: '410202',
        opter: 'B01',
        opter_name: 'bench',
        opter_type: '1',
        infver: 'V1.0',
        recer_sys_code: 'YBXT',
      },
      msgids: { next: async (now) => formatMsgid('H41020200011', chinaStamp14(now), await counter.nextSequence()) },
    });
    await upstream.signIn();
    let failed = 0;
    const registry = new JobRegistry().register(
      defineJobType({
        type: 'bench-1101',
        schema: z.object({ certno: z.string() }),
        money: false,
        maxAttempts: 3,
        handler: async (p) => {
          const r = await upstream.call(
            '1101',
            { data: { mdtrt_cert_type: '02', mdtrt_cert_no: p.certno, psn_cert_type: '01', certno: p.certno } },
            { journal },
          );
          if (r.outcome === 'SUCCESS') return 'finished';
          failed += 1;
          return { retry: r.reason };
        },
      }),
    );
    const store = new SqliteJobStore(db);
    const runner = new QueueRunner({
      store,
      registry,
      clock: { now: () => Date.now() },
      concurrency: 4,
      owner: 'bench',
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    });
    t = performance.now();
    for (let i = 0; i < n; i++)
      await store.enqueue(registry.newJob('bench-1101', `k${i % 64}`, { certno: PEOPLE[i % PEOPLE.length] }));
    const tDrain = performance.now();
    const report = await runner.drain({ maxCycles: 100_000 });
    const ms = performance.now() - t;
    const drainRate = (n * 1000) / (performance.now() - tDrain);
    const jobs = (n * 1000) / ms;
    return [
      `queue against the sandbox (N=${n}, each job one journaled 1101 call, 4 at a time; WAL + synchronous FULL)`,
      `  raw SQLite commits (1 INSERT / txn):  ${fmt(rawRate)} commits/s`,
      `  durable jobs with an upstream call:   ${fmt(jobs)} jobs/s  (ratio to raw ${String(Math.round((jobs / rawRate) * 1000) / 1000)}; goal ≥ 1,000 jobs/s)`,
      `  drain only (claim, call with journal before and after, finish): ${fmt(drainRate)} jobs/s`,
      `  attempts ${report.attempts}, finished ${report.outcomes.finished}, failed calls ${failed}`,
      `  each job costs 5 durable commits here (enqueue, claim, journal before, journal after, finish) plus the sandbox's own, so the raw rate / 5 bounds it`,
    ];
  } finally {
    raw.close();
    db.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runQueueSandboxBench(process.argv[2] !== undefined ? Number(process.argv[2]) : 1000))
    console.log(line);
}

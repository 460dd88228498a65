/**
 * R7 (docs/reliability.md §5): concurrency on one visit, explored with `fc.scheduler`. The visit has a
 * settle whose outcome is unknown (the sandbox processed it, or not, and the reply was lost); then
 * 2–3 settle clicks and 1–2 runs of its reversal (the 2601 retry) go at once. The scheduler decides
 * the order in which every store step and every upstream call starts and resumes; the store is a
 * real SQLite file and the platform the real sandbox process.
 *
 * Each interleaving must give: exactly one 2207 per logical attempt (journal rows = settlement
 * rows); every click answered with a view or a typed SETTLEMENT_IN_PROGRESS (no silent or raw
 * index violation); at most one live settlement per visit, locally and at the sandbox; and, once
 * the queue has drained, the local settlements equal to the sandbox's ledger.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { ulid } from 'ulid';
import type { Scheduler } from 'fast-check';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { SqliteJobStore, insertJobRow } from '../../main/store/jobs-repository';
import { createUpstreamClient, type HttpUpstreamClient } from '../../main/upstream/http-client';
import { createServices } from '../../main/services/services';
import { QueueRunner } from '../../main/queue/queue-runner';
import { DeferredJobScheduler } from '../../main/queue/job-types';
import { resolutionJobRegistry } from '../../main/app/resolution-jobs';
import { CONFIRM_REVERSAL } from '../../main/services/job-names';
import type { ServiceDeps } from '../../main/services/service-deps';
import type { SettlementRepository } from '../../main/store/ports/settlement-store';
import { createAxiosTransport, type Transport } from '../../main/upstream/transport';
import { formatMsgid } from '../../shared/msgid';
import { chinaStamp14 } from '../../shared/china-time';
import { AppError } from '../../shared/errors/app-error';
import { OpenVisitRequest, SettleRequest, UploadFeesRequest } from '../../shared/api/requests';
import type { ManagedProcess } from '../support/managed-process';
import {
  HARNESS_INSTITUTION,
  HARNESS_PATIENTS,
  armSandboxFaults,
  checkLedgers,
  harnessBill,
  harnessRoot,
  ledger,
  ledgersAgree,
  sleep,
  startHarnessSandbox,
} from './harness-env';

/** The shared parts of all runs: sandbox, store file, upstream client, queue. */
export interface R7Env {
  readonly sandboxUrl: string;
  readonly opened: OpenedStore;
  readonly upstream: HttpUpstreamClient;
  readonly jobs: SqliteJobStore;
  close(): Promise<void>;
}

const D = 1500;

export async function startR7Env(): Promise<R7Env> {
  const root = harnessRoot('r7');
  const sandbox: { proc: ManagedProcess; url: string } = await startHarnessSandbox(root);
  const opened = openSettlementStore(path.join(root, 'adapter.db'), (db, job, now) => {
    insertJobRow(db, job, now);
  });
  const base = createAxiosTransport();
  // The HTTP exchange is the real I/O of a call: under a run's scheduler it starts and resumes
  // when the scheduler says (the journal hooks around it are store steps, gated on their own).
  const transport: Transport = {
    exchange: (req) => gated('exchange', () => base.exchange(req)),
    close: () => base.close(),
  };
  const upstream = createUpstreamClient({
    transport,
    options: {
      url: sandbox.url,
      timeout_ms: D,
      ...HARNESS_INSTITUTION,
      opter: 'R7',
      opter_name: 'R7',
      opter_type: '1',
      infver: '',
      recer_sys_code: '',
    },
    msgids: {
      next: async (nowMs) =>
        formatMsgid(HARNESS_INSTITUTION.fixmedins_code, chinaStamp14(nowMs), await opened.store.msgids.nextSequence()),
    },
  });
  return {
    sandboxUrl: sandbox.url,
    opened,
    upstream,
    jobs: new SqliteJobStore(opened.db, () => Date.now()),
    async close() {
      upstream.close();
      opened.close();
      await sandbox.proc.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Real work (an HTTP exchange, a store step) started by a released task and not yet finished. */
const inFlight = { n: 0 };
/** The scheduler of the run under way (null outside the concurrent part). */
const current: { s: Scheduler | null } = { s: null };

/** Runs `fn` when the current scheduler releases it, and resumes the caller when it says. */
async function gated<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const s = current.s;
  if (s === null) return fn();
  await s.schedule(Promise.resolve(), `${label}:start`);
  inFlight.n += 1;
  let r: T;
  try {
    r = await fn();
  } finally {
    inFlight.n -= 1;
  }
  return s.schedule(Promise.resolve(r), `${label}:end`);
}

/** Service deps on the env, every store step of the settlements under the current scheduler. */
function depsOf(env: R7Env, jobs: DeferredJobScheduler): ServiceDeps {
  const gate =
    <A extends unknown[], T>(label: string, fn: (...a: A) => Promise<T>) =>
    (...a: A): Promise<T> =>
      gated(label, () => fn(...a));
  const real = env.opened.store.settlements;
  const settlements: SettlementRepository = {
    ...bindAll(real),
    beginSettle: gate('beginSettle', real.beginSettle.bind(real)),
    recordSettleOutcome: gate('recordSettleOutcome', real.recordSettleOutcome.bind(real)),
    transition: gate('transition', real.transition.bind(real)),
    liveForVisit: gate('liveForVisit', real.liveForVisit.bind(real)),
  };
  return {
    store: { ...env.opened.store, settlements },
    upstream: env.upstream,
    clock: { now: () => Date.now() },
    ids: { next: () => ulid() },
    institution: HARNESS_INSTITUTION,
    log: quiet,
    jobs,
    upstreamTimeoutMs: D,
  };
}

function bindAll(o: SettlementRepository): SettlementRepository {
  const proto = Object.getPrototypeOf(o) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.getOwnPropertyNames(proto)) {
    const v = (o as unknown as Record<string, unknown>)[k];
    if (k !== 'constructor' && typeof v === 'function') out[k] = (v as (...a: unknown[]) => unknown).bind(o);
  }
  return out as unknown as SettlementRepository;
}

/** What one interleaving produced, for the report. */
export interface R7Run {
  readonly clicks: number;
  readonly reversals: number;
  readonly processed: boolean;
  readonly answers: readonly string[];
  readonly settleCalls: number;
  readonly attempts: number;
  readonly finalStates: readonly string[];
}

/** Figures of the property. */
export interface R7Report {
  readonly runs: number;
  readonly settledByAClick: number;
  readonly refusedInProgress: number;
  /** Later clicks answered with the settlement an earlier click of the same run made. */
  readonly answeredExisting: number;
  readonly durationMs: number;
  readonly failure: string | null;
}

/** Runs the property `numRuns` times; never throws, the report says what failed. */
export async function runR7(env: R7Env, numRuns: number, seed?: number): Promise<R7Report> {
  const started = Date.now();
  let n = 0;
  let settledByAClick = 0;
  let refusedInProgress = 0;
  let answeredExisting = 0;
  const scheduler = new DeferredJobScheduler(() => undefined);
  const plain = createServices(depsOf(env, scheduler));
  scheduler.use(resolutionJobRegistry(plain.resolution));
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        async (s, clicks, reversals, processed) => {
          n += 1;
          const p = HARNESS_PATIENTS[n % HARNESS_PATIENTS.length]!;
          const no = `R7-${started}-${n}`;
          const v = await plain.visits.open(
            OpenVisitRequest.parse({
              kind: 'outpatient',
              psn_no: p.psn_no,
              insutype: p.insutype,
              med_type: '11',
              mdtrt_cert_type: '02',
              mdtrt_cert_no: p.certno,
              ipt_otp_no: no,
              begntime: '2026-11-20 09:00:00',
            }),
          );
          await plain.fees.upload(v.visit_id, UploadFeesRequest.parse({ lines: harnessBill(no) }));
          // The first settle's reply is lost: processed by the platform or not.
          await armSandboxFaults(env.sandboxUrl, [
            { infno: '2207', action: processed ? 'process_then_drop' : 'drop_before', count: 1 },
          ]);
          const first = await plain.settlements.settle(v.visit_id, SettleRequest.parse({ acct_used_flag: '0' }));
          if (first.view.state !== 'unknown' || !first.view.settlement_id)
            throw new Error(`setup settle answered ${first.view.state}`);
          const unknownId = first.view.settlement_id;

          // The concurrent part, every step under the scheduler.
          const services = plain;
          current.s = s;
          const answers: string[] = [];
          const ops: Promise<void>[] = [];
          for (let c = 0; c < clicks; c++) {
            ops.push(
              services.settlements.settle(v.visit_id, SettleRequest.parse({ acct_used_flag: '0' })).then(
                (a) => void answers.push(`view:${a.view.state}:${a.view.settlement_id === unknownId ? 'old' : 'new'}`),
                (e: unknown) =>
                  void answers.push(
                    e instanceof AppError ? `error:${e.code}` : `raw:${e instanceof Error ? e.message : String(e)}`,
                  ),
              ),
            );
          }
          for (let r = 0; r < reversals; r++) {
            ops.push(
              services.resolution.reverseSettlement(unknownId, { attempt: 1, maxAttempts: 20 }).then(
                () => undefined,
                (e: unknown) => void answers.push(`reversal-threw:${e instanceof Error ? e.message : String(e)}`),
              ),
            );
          }
          let done = false;
          const all = Promise.all(ops).then(() => {
            done = true;
          });
          try {
            const until = Date.now() + 30_000;
            // Release one task at a time, only when no real work is under way: then every order of
            // the steps is reachable, whatever the latency of the sandbox and the disk.
            while (!done && Date.now() < until) {
              if (inFlight.n === 0 && s.count() > 0) await s.waitNext(1);
              else await sleep(1);
            }
            if (!done)
              throw new Error(
                `interleaving did not finish: ${s
                  .report()
                  .filter((t) => t.status === 'pending')
                  .map((t) => t.label)
                  .join(', ')}`,
              );
            await all;
          } finally {
            current.s = null;
          }

          // Let the queue finish what the interleaving left (a reversal still due, a confirming 2601).
          await drainVisit(env, plain, v.visit_id);
          const rows = await env.opened.store.settlements.forVisit(v.visit_id);
          const journal = await env.opened.store.journal.forVisit(v.visit_id);
          const settleCalls = journal.filter((j) => j.infno === '2207').length;
          const run: R7Run = {
            clicks,
            reversals,
            processed,
            answers,
            settleCalls,
            attempts: rows.length,
            finalStates: rows.map((r) => r.state),
          };
          const bad = answers.filter((a) => !(a.startsWith('view:') || a === 'error:SETTLEMENT_IN_PROGRESS'));
          if (bad.length > 0) throw new Error(`unexpected answers ${JSON.stringify(run)}`);
          // Exactly one 2207 per logical attempt (settlement row).
          if (settleCalls !== rows.length) throw new Error(`2207 calls ≠ attempts ${JSON.stringify(run)}`);
          const live = rows.filter((r) =>
            ['SENDING', 'UNKNOWN', 'REVERSING', 'SETTLED', 'CASH_COLLECTED', 'NEEDS_ATTENTION'].includes(r.state),
          );
          if (live.length > 1) throw new Error(`two live settlements ${JSON.stringify(run)}`);
          const check = checkLedgers(
            rows.map((r) => ({ ...r })),
            await ledger(env.sandboxUrl, v.mdtrt_id),
          );
          if (!ledgersAgree(check)) throw new Error(`ledgers differ ${JSON.stringify(check)} ${JSON.stringify(run)}`);
          if (answers.some((a) => a.startsWith('view:settled:new'))) settledByAClick += 1;
          refusedInProgress += answers.filter((a) => a === 'error:SETTLEMENT_IN_PROGRESS').length;
          // A later click answered with the settlement an earlier click made (no second 2207).
          answeredExisting += Math.max(0, answers.filter((a) => a.startsWith('view:settled:new')).length - 1);
          return true;
        },
      ),
      { numRuns, ...(seed !== undefined ? { seed } : {}), endOnFailure: true },
    );
    return {
      runs: n,
      settledByAClick,
      refusedInProgress,
      answeredExisting,
      durationMs: Date.now() - started,
      failure: null,
    };
  } catch (e) {
    return {
      runs: n,
      settledByAClick,
      refusedInProgress,
      answeredExisting,
      durationMs: Date.now() - started,
      failure: e instanceof Error ? e.message.slice(0, 3000) : String(e),
    };
  }
}

/** Runs the visit's due jobs (reversal, confirming 2601 after 2 × D) until none is left; bounded. */
async function drainVisit(env: R7Env, services: ReturnType<typeof createServices>, visit_id: string): Promise<void> {
  const runner = new QueueRunner({
    store: env.jobs,
    registry: resolutionJobRegistry(services.resolution),
    clock: { now: () => Date.now() },
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    owner: `r7:${process.pid}`,
  });
  const until = Date.now() + 4 * D + 5_000;
  for (;;) {
    await runner.drain({ maxCycles: 20 });
    // The confirming 2601 (due 2 × D later) is left to later drains: nothing here can land late.
    const left = (await env.jobs.list({ key: visit_id, states: ['queued', 'running'] })).filter(
      (j) => j.type !== CONFIRM_REVERSAL,
    );
    if (left.length === 0 || Date.now() > until) return;
    const next = await env.jobs.nextWakeAt(Date.now());
    await sleep(Math.min(500, Math.max(10, next === null ? 50 : next - Date.now())));
  }
}

/** The report as a line for people. */
export function formatR7(r: R7Report): string {
  return `R7 concurrency: ${r.runs} interleavings in ${Math.round(r.durationMs / 100) / 10} s; a click settled after the reversal in ${r.settledByAClick}; ${r.refusedInProgress} clicks refused SETTLEMENT_IN_PROGRESS, ${r.answeredExisting} answered with the settlement already made; ${r.failure === null ? 'HOLDS (one 2207 per attempt, no index violation, ledgers agree)' : `BROKEN: ${r.failure}`}`;
}

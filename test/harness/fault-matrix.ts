/**
 * The fault matrix of docs/reliability.md §4 (target R2): the 12 faults of the catalogue × the money
 * transactions (2207, 2304, 2208, 2305, 2601, 5203, the fee upload 2204, and the retail pharmacy's
 * 2102 / 2103 of docs/sandbox-policy.md §9) × the request or the response path. Retail cells run on a
 * second runtime of the lane, the demo pharmacy with `institution.pharmacy_flow: "retail"`. Each cell runs through the real runtime (in this process) against the real
 * sandbox process, with the fault proxy and a refusable gate in between:
 *
 *   adapter ──► gate (fault 1) ──► fault proxy (2, 6, 8, 11, 12, rewrites) ──► sandbox (docs/sandbox-policy.md §6)
 *
 * "Request path" means the fault strikes before the platform acts (it never processed the call);
 * "response path" means after (it acted, the answer is lost, late, cut or spoiled). Faults that
 * exist on one leg only are given their other leg by the closest real-world shape, e.g. a broken
 * JSON reply to a call that was not processed (sandbox `http_error` + proxy rewrite).
 *
 * Every cell must reach a known state within D + the retry budget, with 0 double settlements,
 * 0 SETTLED without an upstream settlement, and the local settlements equal to the sandbox's
 * ledger for the visit; a visit left free to settle again must then settle exactly once.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startRuntime, type Runtime } from '../../main/app/runtime';
import { isTerminal, type SettlementStateCode } from '../../main/domain/settlement-state';
import {
  CancelRequest,
  DischargeRequest,
  OpenVisitRequest,
  SettleRequest,
  UploadFeesRequest,
} from '../../shared/api/requests';
import { AppError } from '../../shared/errors/app-error';
import { startFaultProxy, rewriteBody, type FaultProxy } from '../support/fault-proxy';
import { startGate, type Gate } from './gate';
import {
  HARNESS_INPATIENT,
  HARNESS_PATIENTS,
  HARNESS_RETAIL_PATIENT,
  HARNESS_RETAIL_PHARMACY,
  armSandboxFaults,
  checkLedgers,
  clearSandboxFaults,
  harnessBill,
  harnessPharmacyBill,
  harnessRoot,
  ledger,
  ledgersAgree,
  sleep,
  startHarnessSandbox,
  writeHarnessConfig,
  type LedgerRow,
  type LocalSettlement,
} from './harness-env';
import type { ManagedProcess } from '../support/managed-process';

/** The fault catalogue of docs/reliability.md §4. */
export const FAULTS: readonly { readonly id: number; readonly name: string }[] = [
  { id: 1, name: 'connection refused' },
  { id: 2, name: 'accept, never answer' },
  { id: 3, name: 'latency just under D' },
  { id: 4, name: 'latency over D' },
  { id: 5, name: 'RST after the request' },
  { id: 6, name: 'RST mid-response' },
  { id: 7, name: 'truncated body' },
  { id: 8, name: 'slow drip 1 B/300 ms' },
  { id: 9, name: 'HTTP 502/503/504' },
  { id: 10, name: '200, invalid JSON' },
  { id: 11, name: '200, schema-invalid' },
  { id: 12, name: 'duplicate or late response' },
];

/** The transactions of the matrix. */
export const MATRIX_TXNS = ['2207', '2304', '2208', '2305', '2601', '5203', '2204', '2102', '2103'] as const;
export type MatrixTxn = (typeof MATRIX_TXNS)[number];
export type FaultLeg = 'request' | 'response';
export const LEGS: readonly FaultLeg[] = ['request', 'response'];

/** One cell to run. */
export interface CellSpec {
  readonly fault: number;
  readonly leg: FaultLeg;
  readonly txn: MatrixTxn;
}

/** What a cell did. */
export interface CellResult extends CellSpec {
  readonly run: number;
  /** What the faulted action answered (`settled`, `unknown`, `error:UPSTREAM_TIMEOUT` …). */
  readonly first: string;
  /** The known state reached (settlement state, or `uploaded` for 2204). */
  readonly final: string;
  /** From the faulted action's start to the known state, ms. */
  readonly ms: number;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** A running environment: sandbox process, proxy, gate and the adapter runtime in this process. */
export interface MatrixEnv {
  readonly rt: Runtime;
  readonly sandboxUrl: string;
  readonly proxy: FaultProxy;
  readonly gate: Gate;
  /** Upstream deadline D, ms. */
  readonly D: number;
  /** Resolution budget after D, ms. */
  readonly budgetMs: number;
  /** The lane's retail pharmacy runtime (started on first use), behind the same gate and proxy. */
  retail(): Promise<Runtime>;
  next(): number;
  close(): Promise<void>;
}

const NO_UI = path.join(tmpdir(), 'yidi-fault-matrix-no-ui');

/** Starts one environment with deadline `D` ms. */
export async function startMatrixEnv(D = 800, lane = 1): Promise<MatrixEnv> {
  const root = harnessRoot(`faults-lane${lane}`);
  const sandbox: { proc: ManagedProcess; url: string } = await startHarnessSandbox(root);
  const proxy = await startFaultProxy(Number(new URL(sandbox.url).port));
  const gate = await startGate(proxy.port);
  const { configPath } = writeHarnessConfig(path.join(root, 'adapter'), gate.url, D);
  const rt = await startRuntime({ configPath, port: 0, startQueue: false, rendererDir: NO_UI, linkFirstProbeMs: 100 });
  let retail: Promise<Runtime> | null = null;
  let seq = 0;
  return {
    rt,
    sandboxUrl: sandbox.url,
    proxy,
    gate,
    D,
    retail() {
      retail ??= startRuntime({
        configPath: writeHarnessConfig(path.join(root, 'retail'), gate.url, D, HARNESS_RETAIL_PHARMACY).configPath,
        port: 0,
        startQueue: false,
        rendererDir: NO_UI,
        linkFirstProbeMs: 100,
      });
      return retail;
    },
    // Retry budget: the confirming 2601 after 2 × D, a few backoffs, and one offline wait (5 s).
    budgetMs: 3 * D + 8_000,
    next: () => ++seq,
    async close() {
      if (retail) await (await retail).close();
      await rt.close();
      await gate.close();
      await proxy.close();
      await sandbox.proc.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Matches the first request of transaction `infno` only (later attempts pass). */
function firstOf(infno: string): (text: string) => boolean {
  let used = false;
  const re = new RegExp(`"infno"\\s*:\\s*"${infno}"`);
  return (text) => {
    if (used || !re.test(text)) return false;
    used = true;
    return true;
  };
}

/** A complete HTTP/1.1 response text. */
function httpResponse(status: string, body: string, extraHead = ''): string {
  return `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body, 'utf8')}\r\n${extraHead}\r\n${body}`;
}

/** A 200 whose body is cut short: it promises more bytes than it sends, then closes. */
const TRUNCATED_200 = (): string => {
  const body = '{"infcode":0,"err_msg":"","output":{"setlinfo":{"setl_id":"';
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body) + 80}\r\nConnection: close\r\n\r\n${body}`;
};

/** A 200 with invalid JSON. */
const INVALID_JSON_200 = (): string => httpResponse('200 OK', '{"infcode":0,"output":{"setlinfo":');

/** A 200 that is JSON but fails the schema (no infcode, no setl_id, a 3-dp amount). */
const SCHEMA_INVALID_200 = (): string =>
  httpResponse('200 OK', '{"err_msg":"","output":{"setlinfo":{"setl_id":null,"medfee_sumamt":365.001}}}');

/** Spoils a processed reply's body so that it fails the schema: no setl_id and a 3-dp amount, or no infcode. */
function spoilBody(body: string): string {
  try {
    const o = JSON.parse(body) as {
      infcode?: unknown;
      output?: { setlinfo?: Record<string, unknown>; result?: Record<string, unknown>[] } | null;
    };
    if (o.output?.setlinfo) {
      delete o.output.setlinfo.setl_id;
      o.output.setlinfo.medfee_sumamt = '__3DP__';
    } else if (Array.isArray(o.output?.result) && o.output.result[0]) {
      o.output.result[0].det_item_fee_sumamt = '__3DP__';
    } else {
      delete o.infcode;
    }
    return JSON.stringify(o).replace('"__3DP__"', '365.001');
  } catch {
    return '{"output":{}}';
  }
}

/** Arms fault `f` on leg `leg` for the first call of `infno`; returns what to do after the action and to disarm. */
async function arm(
  env: MatrixEnv,
  f: number,
  leg: FaultLeg,
  infno: string,
  run: number,
): Promise<{ afterAct: () => Promise<void>; disarm: () => Promise<void> }> {
  const sandboxRule = (rule: Record<string, unknown>) =>
    armSandboxFaults(env.sandboxUrl, [{ infno, count: 1, ...rule }]);
  const proxy = (mode: Parameters<FaultProxy['setMode']>[0]) => env.proxy.setMode(mode, firstOf(infno));
  let reopen: Promise<void> | null = null;
  const afterAct = async () => {
    if (f === 1 && leg === 'response') {
      // The reply was lost (process then drop); now the platform is unreachable for a while.
      await env.gate.refuse();
      reopen = sleep(1_200).then(() => env.gate.open());
    }
  };
  const disarm = async () => {
    if (reopen) await reopen;
    await env.gate.open();
    env.proxy.setMode({ kind: 'pass' });
    await clearSandboxFaults(env.sandboxUrl);
  };
  const req = leg === 'request';
  switch (f) {
    case 1:
      if (req) {
        await env.gate.refuse();
        // Let the client see its pooled keep-alive sockets close, so the next call connects anew.
        await sleep(100);
      } else await sandboxRule({ action: 'process_then_drop' });
      break;
    case 2:
      proxy({ kind: 'blackhole', path: leg });
      break;
    case 3:
      if (req) await sandboxRule({ action: 'delay', ms: Math.max(0, env.D - 300) });
      else proxy({ kind: 'delay', path: 'response', ms: Math.max(0, env.D - 300) });
      break;
    case 4:
      if (req) await sandboxRule({ action: 'delay', ms: env.D + 400 });
      else proxy({ kind: 'delay', path: 'response', ms: env.D + 400 });
      break;
    case 5:
      await sandboxRule({ action: req ? 'drop_before' : 'process_then_drop' });
      break;
    case 6:
      proxy(req ? { kind: 'rst', path: 'request' } : { kind: 'rst', path: 'response' });
      break;
    case 7:
      if (req) {
        await sandboxRule({ action: 'http_error', status: 500 });
        proxy({ kind: 'rewrite', rewrite: TRUNCATED_200 });
      } else await sandboxRule({ action: 'truncate' });
      break;
    case 8:
      if (req) await sandboxRule({ action: 'http_error', status: 503 });
      proxy({ kind: 'drip', byteIntervalMs: 300 });
      break;
    case 9: {
      const status = [503, 504, 502][run % 3] ?? 503;
      if (req) await sandboxRule({ action: 'http_error', status });
      else
        proxy({ kind: 'rewrite', rewrite: (t) => t.replace(/^HTTP\/1\.1 200 OK/, `HTTP/1.1 ${status} Bad Gateway`) });
      break;
    }
    case 10:
      if (req) {
        await sandboxRule({ action: 'http_error', status: 500 });
        proxy({ kind: 'rewrite', rewrite: INVALID_JSON_200 });
      } else await sandboxRule({ action: 'broken_json' });
      break;
    case 11:
      if (req) {
        await sandboxRule({ action: 'http_error', status: 500 });
        proxy({ kind: 'rewrite', rewrite: SCHEMA_INVALID_200 });
      } else proxy({ kind: 'rewrite', rewrite: rewriteBody(spoilBody) });
      break;
    case 12:
      proxy({ kind: 'duplicate', path: leg });
      break;
    default:
      throw new Error(`no fault ${f}`);
  }
  return { afterAct, disarm };
}

interface Visit {
  readonly visit_id: string;
  readonly mdtrt_id: string;
  readonly kind: 'outpatient' | 'inpatient' | 'pharmacy';
  /** The runtime the visit lives in (the lane's hospital, or its retail pharmacy). */
  readonly rt: Runtime;
  /** A retail sale: each 2102 opens its own platform visit, so ledgers are matched by msgid. */
  readonly retail: boolean;
  readonly psn_no: string;
}

/** Opens a visit and uploads its bill (inpatients are discharged too). */
async function prepareVisit(
  env: MatrixEnv,
  kind: 'outpatient' | 'inpatient' | 'pharmacy',
  tag: string,
  withFees = true,
): Promise<Visit> {
  if (kind === 'pharmacy') {
    const rt = await env.retail();
    const p = HARNESS_RETAIL_PATIENT;
    const v = await rt.services.visits.open(
      OpenVisitRequest.parse({
        kind,
        psn_no: p.psn_no,
        insutype: p.insutype,
        med_type: '41',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: p.certno,
        ipt_otp_no: tag,
        begntime: '2026-11-20 09:00:00',
      }),
    );
    if (withFees)
      await rt.services.uploader.upload(v.visit_id, UploadFeesRequest.parse({ lines: harnessPharmacyBill(tag) }));
    return { visit_id: v.visit_id, mdtrt_id: v.mdtrt_id, kind, rt, retail: true, psn_no: p.psn_no };
  }
  const s = env.rt.services;
  if (kind === 'inpatient') {
    const p = HARNESS_INPATIENT;
    const v = await s.visits.open(
      OpenVisitRequest.parse({
        kind,
        psn_no: p.psn_no,
        insutype: p.insutype,
        med_type: '21',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: p.certno,
        ipt_otp_no: tag,
        begntime: '2026-11-15 08:00:00',
        dise_codg: 'K80.100',
        dise_name: '胆囊结石',
      }),
    );
    if (withFees) {
      await s.uploader.upload(
        v.visit_id,
        UploadFeesRequest.parse({
          lines: [
            {
              feedetl_sn: `${tag}-1`,
              med_list_codg: '003315000010000',
              medins_list_codg: 'HIS-00331500',
              name: '腹腔镜胆囊切除术',
              cnt: '1',
              pric: '3200.00',
              det_item_fee_sumamt: '3200.00',
              fee_ocur_time: '2026-11-16 09:00:00',
            },
            {
              feedetl_sn: `${tag}-2`,
              med_list_codg: '001101000010000',
              medins_list_codg: 'HIS-00110100',
              name: '床位费(三人间)',
              cnt: '5',
              pric: '40.00',
              det_item_fee_sumamt: '200.00',
              fee_ocur_time: '2026-11-16 09:00:00',
            },
          ],
        }),
      );
      await s.visits.discharge(v.visit_id, DischargeRequest.parse({ endtime: '2026-11-20 10:00:00', dscg_way: '1' }));
    }
    return { visit_id: v.visit_id, mdtrt_id: v.mdtrt_id, kind, rt: env.rt, retail: false, psn_no: p.psn_no };
  }
  const p = HARNESS_PATIENTS[env.next() % HARNESS_PATIENTS.length]!;
  const v = await s.visits.open(
    OpenVisitRequest.parse({
      kind,
      psn_no: p.psn_no,
      insutype: p.insutype,
      med_type: '11',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: p.certno,
      ipt_otp_no: tag,
      begntime: '2026-11-20 09:00:00',
    }),
  );
  if (withFees) await s.uploader.upload(v.visit_id, UploadFeesRequest.parse({ lines: harnessBill(tag) }));
  return { visit_id: v.visit_id, mdtrt_id: v.mdtrt_id, kind, rt: env.rt, retail: false, psn_no: p.psn_no };
}

/** The answer of an action as a short label. */
function label(e: unknown): string {
  return `error:${e instanceof AppError ? e.code : e instanceof Error ? e.message.slice(0, 40) : 'unknown'}`;
}

async function settle(v: Visit): Promise<string> {
  try {
    return (await v.rt.services.settlements.settle(v.visit_id, SettleRequest.parse({ acct_used_flag: '0' }))).view
      .state;
  } catch (e) {
    return label(e);
  }
}

async function cancel(v: Visit, settlement_id: string): Promise<string> {
  try {
    return (
      await v.rt.services.settlements.cancel(
        settlement_id,
        CancelRequest.parse({ scope: 'settlement', reason: '故障演练' }),
      )
    ).view.state;
  } catch (e) {
    return label(e);
  }
}

async function latest(v: Visit): Promise<{ settlement_id: string; state: SettlementStateCode } | null> {
  const all = await v.rt.services.deps.store.settlements.forVisit(v.visit_id);
  const s = all[0];
  return s ? { settlement_id: s.settlement_id, state: s.state } : null;
}

/** Waits until the link is up, then drains until no job of the visit is left and `known()` holds. */
async function resolve(v: Visit, known: () => Promise<boolean>, deadline: number): Promise<boolean> {
  const rt = v.rt;
  for (;;) {
    if (!rt.link.isOffline()) await rt.queue.drain({ maxCycles: 20 });
    const pending = await rt.jobs.list({ key: v.visit_id, states: ['queued', 'running'] });
    if (pending.length === 0 && !rt.link.isOffline() && (await known())) return true;
    if (Date.now() > deadline) return false;
    const next = await rt.jobs.nextWakeAt(Date.now());
    await sleep(Math.min(250, Math.max(20, next === null ? 100 : next - Date.now())));
  }
}

/** Local rows of one visit in the shape of the ledger check. */
async function localRows(v: Visit): Promise<LocalSettlement[]> {
  return (await v.rt.services.deps.store.settlements.forVisit(v.visit_id)).map((s) => ({
    settlement_id: s.settlement_id,
    visit_id: s.visit_id,
    mdtrt_id: v.retail ? v.visit_id : s.mdtrt_id,
    state: s.state,
    setl_id: s.setl_id,
    msgid: s.msgid,
  }));
}

/**
 * The platform's settlements of the visit. A retail sale's 2102s each open a platform visit of their
 * own, so its rows are the ledger's rows made by the visit's msgids (every 2102 is journaled
 * before it is sent), grouped under the local visit so that a double settlement still shows.
 */
async function visitLedger(env: MatrixEnv, v: Visit): Promise<LedgerRow[]> {
  if (!v.retail) return ledger(env.sandboxUrl, v.mdtrt_id);
  const msgids = new Set(
    (await v.rt.services.deps.store.journal.forVisit(v.visit_id)).filter((j) => j.infno === '2102').map((j) => j.msgid),
  );
  return (await ledger(env.sandboxUrl, undefined, v.psn_no))
    .filter((r) => msgids.has(r.msgid))
    .map((r) => ({ ...r, mdtrt_id: v.visit_id }));
}

async function compareLedgers(env: MatrixEnv, v: Visit, problems: string[], when: string): Promise<void> {
  const check = checkLedgers(await localRows(v), await visitLedger(env, v));
  if (!ledgersAgree(check)) problems.push(`${when}: ledgers differ ${JSON.stringify(check)}`);
}

/** Journal rows of settle calls (2207/2304) of the visit: one per settle the cell asked for (R4). */
async function settleCalls(v: Visit): Promise<number> {
  return (await v.rt.services.deps.store.journal.forVisit(v.visit_id)).filter((j) => SETTLE_INFNOS.has(j.infno)).length;
}

/** The settle transactions of every flow. */
const SETTLE_INFNOS = new Set(['2207', '2304', '2102']);

/** Runs one cell. */
export async function runCell(env: MatrixEnv, spec: CellSpec, run: number): Promise<CellResult> {
  const { fault, leg, txn } = spec;
  const tag = `F${fault}${leg[0]}${txn}-${env.next()}`;
  const problems: string[] = [];
  const kind =
    txn === '2304' || txn === '2305' ? 'inpatient' : txn === '2102' || txn === '2103' ? 'pharmacy' : 'outpatient';
  // Every cell starts with the link up and no fault armed.
  await waitOnline(env);
  const v = await prepareVisit(env, kind, tag, txn !== '2204');
  let first = '';
  let settleAsks = 0;
  let t0 = Date.now();
  const act = async (infno: string, action: () => Promise<string>) => {
    const armed = await arm(env, fault, leg, infno, run);
    t0 = Date.now();
    try {
      first = await action();
      await armed.afterAct();
    } finally {
      await armed.disarm();
    }
  };
  const settleOk = async () => {
    settleAsks += 1;
    const st = await settle(v);
    if (st !== 'settled') throw new Error(`setup settle answered ${st}`);
  };

  if (txn === '2207' || txn === '2304' || txn === '2102') {
    settleAsks += 1;
    await act(txn, () => settle(v));
  } else if (txn === '2208' || txn === '2305' || txn === '2103') {
    await settleOk();
    const s = await latest(v);
    await act(txn, () => cancel(v, s?.settlement_id ?? ''));
  } else if (txn === '2601') {
    // The settle is made UNKNOWN (processed, reply lost); the fault hits the first reversal.
    await armSandboxFaults(env.sandboxUrl, [{ infno: '2207', action: 'process_then_drop', count: 1 }]);
    settleAsks += 1;
    const st = await settle(v);
    if (st !== 'unknown') problems.push(`setup settle answered ${st}, not unknown`);
    await act('2601', async () => {
      await env.rt.queue.drain({ maxCycles: 1 });
      return (await latest(v))?.state.toLowerCase() ?? 'none';
    });
  } else if (txn === '5203') {
    // The cancel is made unknown (processed, reply lost); the fault hits the first 5203 check.
    await settleOk();
    const s = await latest(v);
    await armSandboxFaults(env.sandboxUrl, [{ infno: '2208', action: 'process_then_drop', count: 1 }]);
    const c = await cancel(v, s?.settlement_id ?? '');
    if (c !== 'cancel_unknown') problems.push(`setup cancel answered ${c}, not cancel_unknown`);
    await act('5203', async () => {
      await env.rt.queue.drain({ maxCycles: 1 });
      return (await latest(v))?.state.toLowerCase() ?? 'none';
    });
  } else {
    await act('2204', async () => {
      try {
        await env.rt.services.uploader.upload(v.visit_id, UploadFeesRequest.parse({ lines: harnessBill(tag) }));
        return 'uploaded';
      } catch (e) {
        return label(e);
      }
    });
  }

  const deadline = t0 + env.D + env.budgetMs;
  let final = '';
  if (txn === '2204') {
    // The HIS (or the queue) sends what is pending again; an unclear upload is cleared first.
    let done = false;
    while (!done && Date.now() < deadline) {
      await waitOnline(env);
      const r = await env.rt.services.fees.sendQueued(v.visit_id);
      if (r === 'finished') done = true;
      else if (typeof r === 'object' && 'giveUp' in r) {
        problems.push(`upload gave up: ${r.giveUp}`);
        break;
      } else await sleep(100);
    }
    const lines = await env.rt.services.deps.store.fees.forVisit(v.visit_id);
    final =
      lines.length === 2 && lines.every((l) => l.state === 'uploaded')
        ? 'uploaded'
        : `lines ${lines.map((l) => l.state).join('/')}`;
    if (final !== 'uploaded') problems.push(`upload not complete: ${final}`);
  } else {
    const ok = await resolve(
      v,
      async () => {
        const s = await latest(v);
        return s !== null && isTerminal(s.state) && s.state !== 'CANCELLING';
      },
      deadline,
    );
    final = (await latest(v))?.state ?? 'none';
    if (!ok) problems.push(`no known state within D + budget (${final})`);
  }
  const ms = Date.now() - t0;
  await compareLedgers(env, v, problems, 'after the fault');
  if (txn === '2207' || txn === '2304' || txn === '2102' || txn === '2601') {
    if ((await settleCalls(v)) !== settleAsks)
      problems.push(`settle sent ${await settleCalls(v)} time(s) for ${settleAsks} ask(s)`);
  }

  // The visit must still end settled exactly once (or cancelled, for cancel cells).
  if (problems.length === 0) {
    const s = await latest(v);
    if (txn === '2204') {
      settleAsks += 1;
      const st = await settle(v);
      if (st !== 'settled') problems.push(`settle after the upload answered ${st}`);
      const row = (await latest(v))
        ? await env.rt.services.deps.store.settlements.get((await latest(v))!.settlement_id)
        : null;
      if (row?.setlinfo && (row.setlinfo as { medfee_sumamt?: unknown }).medfee_sumamt !== 36500)
        problems.push(`settled ${String((row.setlinfo as { medfee_sumamt?: unknown }).medfee_sumamt)} fen, bill 36500`);
    } else if (s && ['REVERSED', 'NOT_SETTLED', 'FAILED_DEFINITE', 'NOT_SENT'].includes(s.state)) {
      settleAsks += 1;
      const st = await settle(v);
      if (st !== 'settled') problems.push(`settling again answered ${st}`);
    } else if (s && s.state === 'SETTLED' && (txn === '2208' || txn === '2305' || txn === '2103' || txn === '5203')) {
      const st = await cancel(v, s.settlement_id);
      if (st !== 'cancelled') problems.push(`cancelling again answered ${st}`);
    }
    await resolve(v, async () => true, Date.now() + env.budgetMs);
    await compareLedgers(env, v, problems, 'after settling again');
    const live = (await visitLedger(env, v)).filter((r) => r.state === 'settled').length;
    const expectLive = txn === '2208' || txn === '2305' || txn === '2103' || txn === '5203' ? 0 : 1;
    if (live !== expectLive) problems.push(`sandbox holds ${live} live settlement(s), expected ${expectLive}`);
  }
  return { fault, leg, txn, run, first, final: final.toLowerCase(), ms, ok: problems.length === 0, problems };
}

/** Waits (bounded) until the link monitor says online. */
async function waitOnline(env: MatrixEnv): Promise<void> {
  const until = Date.now() + 20_000;
  while (env.rt.link.isOffline() && Date.now() < until) await sleep(50);
}

/** Every cell of the full matrix. */
export function allCells(): CellSpec[] {
  return FAULTS.flatMap((f) => LEGS.flatMap((leg) => MATRIX_TXNS.map((txn) => ({ fault: f.id, leg, txn }))));
}

/** What to run. */
export interface MatrixOptions {
  readonly cells: readonly CellSpec[];
  /** Runs of each cell (R2: ≥ 3). */
  readonly runs: number;
  /** Environments run side by side (default 3). */
  readonly lanes?: number;
  /** Upstream deadline D, ms (default 800). */
  readonly D?: number;
  /** Stop starting cells after this long, ms. */
  readonly timeCapMs?: number;
  readonly log?: (line: string) => void;
}

/** The figures of a matrix run. */
export interface MatrixReport {
  readonly results: readonly CellResult[];
  readonly planned: number;
  readonly durationMs: number;
  readonly D: number;
  readonly budgetMs: number;
}

/** Runs the cells on `lanes` environments. */
export async function runMatrix(opts: MatrixOptions): Promise<MatrixReport> {
  const started = Date.now();
  const D = opts.D ?? 800;
  const lanes = Math.max(1, opts.lanes ?? 3);
  const work = Array.from({ length: opts.runs }, (_, run) => opts.cells.map((c) => ({ ...c, run: run + 1 }))).flat();
  const deadline = started + (opts.timeCapMs ?? Number.POSITIVE_INFINITY);
  const results: CellResult[] = [];
  let nextIndex = 0;
  let budgetMs = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, l) => {
      const env = await startMatrixEnv(D, l + 1);
      budgetMs = env.budgetMs;
      try {
        for (;;) {
          const i = nextIndex++;
          const w = work[i];
          if (w === undefined || Date.now() > deadline) break;
          let r: CellResult;
          try {
            r = await runCell(env, w, w.run);
          } catch (e) {
            r = {
              ...w,
              first: '',
              final: 'crashed',
              ms: 0,
              ok: false,
              problems: [`cell threw: ${e instanceof Error ? e.message : String(e)}`],
            };
            await clearSandboxFaults(env.sandboxUrl).catch(() => undefined);
            env.proxy.setMode({ kind: 'pass' });
            await env.gate.open();
          }
          results.push(r);
          opts.log?.(
            `${r.ok ? 'ok  ' : 'FAIL'} #${r.fault} ${r.leg.padEnd(8)} ${r.txn} run ${r.run}: ${r.first} → ${r.final} in ${r.ms} ms${r.ok ? '' : ` — ${r.problems.join('; ')}`}`,
          );
        }
      } finally {
        await env.close();
      }
    }),
  );
  return { results, planned: work.length, durationMs: Date.now() - started, D, budgetMs };
}

const SHORT: Readonly<Record<string, string>> = {
  settled: 'SET',
  reversed: 'REV',
  not_settled: 'NSET',
  not_sent: 'NSNT',
  failed_definite: 'FAIL',
  cancelled: 'CAN',
  needs_attention: 'ATTN',
  uploaded: 'UPL',
  crashed: 'CRASH',
};

/** The matrix as text: rows fault × leg, columns transactions; each cell its final states and ✓/✗. */
export function formatMatrix(r: MatrixReport): string {
  const byCell = new Map<string, CellResult[]>();
  for (const x of r.results) {
    const k = `${x.fault}|${x.leg}|${x.txn}`;
    byCell.set(k, [...(byCell.get(k) ?? []), x]);
  }
  const width = 14;
  const head = `${'fault'.padEnd(40)}${MATRIX_TXNS.map((t) => t.padEnd(width)).join('')}`;
  const lines = [head];
  for (const f of FAULTS) {
    for (const leg of LEGS) {
      const cells = MATRIX_TXNS.map((t) => {
        const xs = byCell.get(`${f.id}|${leg}|${t}`) ?? [];
        if (xs.length === 0) return '·'.padEnd(width);
        const finals = [...new Set(xs.map((x) => SHORT[x.final] ?? x.final.slice(0, 5)))].join('/');
        const ok = xs.every((x) => x.ok);
        return `${ok ? '✓' : '✗'} ${finals}×${xs.length}`.padEnd(width);
      });
      lines.push(`${`#${f.id} ${f.name} (${leg === 'request' ? 'req' : 'resp'})`.padEnd(40)}${cells.join('')}`);
    }
  }
  const failed = r.results.filter((x) => !x.ok);
  const cellsRun = new Set(r.results.map((x) => `${x.fault}|${x.leg}|${x.txn}`)).size;
  const maxMs = Math.max(0, ...r.results.map((x) => x.ms));
  lines.push('');
  lines.push(
    `D = ${r.D} ms, retry budget ${r.budgetMs} ms; ${cellsRun} cells, ${r.results.length}/${r.planned} runs in ${Math.round(r.durationMs / 1000)} s; slowest cell ${maxMs} ms to a known state`,
  );
  lines.push(
    `R2: ${failed.length === 0 ? 'HOLDS' : `BROKEN in ${failed.length} run(s)`} (0 double settlements, 0 SETTLED without upstream, local = sandbox ledger per visit)`,
  );
  for (const x of failed.slice(0, 30))
    lines.push(`  ✗ #${x.fault} ${x.leg} ${x.txn} run ${x.run}: ${x.problems.join('; ')}`);
  return lines.join('\n');
}

/**
 * The composition root (architecture §1 main/app): builds every concrete part from the
 * configuration — store, upstream client, services, durable queue, HIS API server and the
 * browser-mode UI — and, in training mode, the embedded sandbox with the demo scenario.
 * `npm run serve`, `npm start` (Electron) and the tests all start the product through here.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ulid } from 'ulid';
import type { SettlementBridge } from '../../shared/ipc/contract';
import type { AppConfig } from '../config/config-schema';
import type { ServiceDeps } from '../services/service-deps';
import type { Services } from '../services/services';
import type { HealthView } from '../../shared/api/views';
import { loadConfigFile, parseConfig } from '../config/load-config';
import { SqliteJobStore, insertJobRow } from '../store/jobs-repository';
import { createUpstreamClient } from '../upstream/http-client';
import { createAxiosTransport } from '../upstream/transport';
import type { CrashPointHook } from '../domain/crash-points';
import type { JobStore } from '../store/ports/jobs';
import { UpstreamLinkMonitor, monitoredUpstream } from '../services/link-monitor';
import { jobsRoutes } from '../his-api/routes/jobs-routes';
import { uploadFeesJobType } from './offline-jobs';
import { jobsOverview } from './jobs-view';
import { createServices } from '../services/services';
import { QueueRunner } from '../queue/queue-runner';
import { DeferredJobScheduler } from '../queue/job-types';
import { startHisApiServer, type RunningServer } from '../his-api/http-server';
import { settlementRoutes } from '../his-api/routes/settlement-routes';
import { catalogRoutes } from '../his-api/routes/catalog-routes';
import { CatalogService } from '../catalog';
import { SqliteCatalogRepository } from '../store/catalog-repository';
import { redactObject } from '../../shared/redact';
import { browserUi } from '../his-api/browser-ui';
import { formatMsgid } from '../../shared/msgid';
import { AppError } from '../../shared/errors/app-error';
import { chinaStamp14 } from '../../shared/china-time';
import { buildRenderer } from '../../renderer/build';
import { cachedRendererDir } from './renderer-cache';
import { startSandbox } from '../../sandbox/server';
import { createFileLogger, type FileLogger } from './app-logger';
import { resolutionJobRegistry } from './resolution-jobs';
import { healthView } from './health-view';
import { SettingsStore } from './settings-store';
import { createSettlementBridge } from './settlement-bridge';
import { trainingBills } from './training-bills';
import { SqliteReconciliationRepository } from '../store/reconciliation-repository';
import { ReconciliationService } from '../services/reconciliation-service';
import { RECONCILE_DAY } from '../services/job-names';
import { reconciliationRoutes } from '../his-api/routes/reconciliation-routes';
import { registerReconciliationJobs, startReconcileSchedule } from './reconciliation-jobs';
import { dayCloseReportFile } from './day-close-export';
import { openSecureStore } from './secure-store';
import { actingUpstream } from './acting-upstream';
import { operatorGate } from './operator-gate';
import { windowSession } from './window-session';
import { OperatorRoster } from '../security/operator-roster';
import type { KeyWrapper } from '../security/data-key';
import type { SecurityStore } from '../store/ports/security';

/** The product version shown in health and diagnostics. */
export const APP_VERSION = '0.1.0';

const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The demo scenario shipped with the sandbox. */
export const DEMO_SCENARIO = join(PROJECT_ROOT, 'sandbox', 'scenarios', 'demo.json');
/** The demo hospital of the demo scenario (training mode configures itself as it). */
export const DEMO_INSTITUTION = { fixmedins_code: 'H41020200011', fixmedins_name: '开封市示范第一医院', mdtrtarea_admvs: '410202' } as const;

export interface RuntimeOptions {
  /** A configuration file; without one (or with `training`), training mode on the embedded sandbox. */
  readonly configPath?: string | null;
  readonly training?: boolean;
  /** Overrides `his_api.port` (0 = a free port). */
  readonly port?: number;
  /** Training mode's data folder (default `.data/training` under the working directory). */
  readonly dataDir?: string;
  /** Training mode's scenario file (default: the demo scenario). */
  readonly scenario?: string;
  /** Training mode's institution: a `fixmedins_code` of the scenario (default: the demo hospital). */
  readonly institution?: string;
  /** Also print warnings and errors to stderr. */
  readonly echoLogs?: boolean;
  /** An already built renderer (the packaged app's `dist/renderer`); default: built once per source version under `dist/ui-cache`. */
  readonly rendererDir?: string;
  /**
   * Start the durable queue's runner (default true). The crash harness passes false and drives
   * `runtime.queue.drain()` itself, so that "restart and drain" is counted in cycles.
   */
  readonly startQueue?: boolean;
  /** The crash harness's named kill points (reliability.md §4); never set in production. */
  readonly crashPoint?: CrashPointHook;
  /** First probe delay of the link monitor after the platform became unreachable, ms (default 250). */
  readonly linkFirstProbeMs?: number;
  /** How the data key is kept: Electron passes its safeStorage wrapper; default a 0600 key file. */
  readonly keyWrapper?: KeyWrapper;
}

export interface Runtime {
  readonly bridge: SettlementBridge;
  readonly services: Services;
  readonly config: AppConfig;
  readonly training: boolean;
  /** The HIS API's base URL. */
  readonly hisApiUrl: string;
  /** The browser-mode UI, with its one-time token in the fragment. */
  readonly uiUrl: string;
  /** The embedded sandbox's URL in training mode, else null. */
  readonly sandboxUrl: string | null;
  readonly log: FileLogger;
  /** The durable queue's runner (started unless `startQueue: false`). */
  readonly queue: QueueRunner;
  /** The job store (for the jobs view and harnesses). */
  readonly jobs: JobStore;
  /** The link monitor of offline mode. */
  readonly link: UpstreamLinkMonitor;
  /** The operator roster (sign-in, lockout) and the security store (audit trail). */
  readonly roster: OperatorRoster;
  readonly security: SecurityStore;
  close(): Promise<void>;
}

/** Starts everything; the returned runtime is serving when the promise resolves. */
export async function startRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  // Every file this process creates (store, logs, exports, bundles) is private to its user (S3).
  process.umask(0o077);
  const training = opts.training === true || !opts.configPath;
  const clock = () => Date.now();
  let sandbox: { url: string; close(): Promise<void> } | null = null;
  let trainingKind: 'hospital' | 'pharmacy' = 'hospital';
  let config: AppConfig;
  if (training) {
    const dataDir = resolve(opts.dataDir ?? '.data/training');
    const scenario = opts.scenario ?? DEMO_SCENARIO;
    trainingKind = opts.institution ? scenarioInstitution(scenario, opts.institution).kind : 'hospital';
    sandbox = await startSandbox({ port: 0, scenario, dataDir: join(dataDir, 'sandbox') });
    config = parseConfig({
      institution: opts.institution ? scenarioInstitution(scenario, opts.institution).institution : DEMO_INSTITUTION,
      upstream: { url: sandbox.url, timeout_ms: 5_000 },
      operator: { opter: 'TRAIN01', opter_name: '培训收费员' },
      his_api: { port: opts.port ?? 0, token: randomBytes(24).toString('base64url') },
      data_dir: dataDir,
    }, dataDir);
  } else {
    config = loadConfigFile(opts.configPath ?? '');
    if (opts.port !== undefined) config = { ...config, his_api: { ...config.his_api, port: opts.port } };
  }

  const log = createFileLogger(config.data_dir, clock, opts.echoLogs ?? false);
  let runner: QueueRunner | null = null;
  // Every job row is built from, and written through, the job registry: each type's budget applies.
  const scheduler = new DeferredJobScheduler(() => runner?.wake());
  const opened = openSecureStore(config.data_dir, (db, job, now) => {
    insertJobRow(db, scheduler.withPolicy(job), now);
  }, opts.keyWrapper);
  if (opened.sealedAtStart > 0) log.info('personal data sealed at rest', { values: opened.sealedAtStart });
  const roster = new OperatorRoster({ operators: opened.security.operators, audit: opened.security.audit, clock: { now: clock } });
  const jobStore = new SqliteJobStore(opened.db, clock);
  const institution = { ...config.institution };
  const bareUpstream = createUpstreamClient({
    options: {
      url: config.upstream.url, timeout_ms: config.upstream.timeout_ms, ...institution,
      opter: config.operator.opter, opter_name: config.operator.opter_name, opter_type: config.operator.opter_type,
      infver: config.upstream.infver, recer_sys_code: config.upstream.recer_sys_code, allowed_hosts: config.upstream.allowed_hosts,
    },
    msgids: { next: async (nowMs) => formatMsgid(institution.fixmedins_code, chinaStamp14(nowMs), await opened.store.msgids.nextSequence()) },
    clock,
    logger: { log: (level, event, data) => log.line(level, `upstream: ${event}`, data) },
    ...(opts.crashPoint ? { transport: createAxiosTransport({ crashPoint: opts.crashPoint }) } : {}),
  });
  // Calls go out as the request's operator (envelope, 9001 per operator); money attempts are audited.
  const upstream = actingUpstream(bareUpstream, {
    audit: opened.security.audit, clock, fallback: { opter: config.operator.opter, opter_name: config.operator.opter_name },
  });

  // Offline mode (issue item 4): a link failure takes the link offline; a 9001 probe brings it back
  // and wakes the queue, which holds its jobs meanwhile.
  const link = new UpstreamLinkMonitor({
    probe: () => upstream.signIn(), clock: { now: clock },
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    onOnline: () => runner?.wake(), log, ...(opts.linkFirstProbeMs !== undefined ? { firstProbeMs: opts.linkFirstProbeMs } : {}),
  });
  const deps: ServiceDeps = {
    store: opened.store, upstream: monitoredUpstream(upstream, link), clock: { now: clock }, ids: { next: () => ulid() }, institution, log,
    jobs: scheduler, upstreamTimeoutMs: config.upstream.timeout_ms, link,
    feeUpload: { batchLines: config.upstream.fee_upload_batch_lines },
    ...(opts.crashPoint ? { crashPoint: opts.crashPoint } : {}),
  };
  const catalog = new CatalogService({
    repo: new SqliteCatalogRepository(opened.db), upstream, clock: { now: clock },
    journal: {
      beforeSend: async (p) => opened.store.journal.recordAttempt({ call_id: ulid(), msgid: p.msgid, infno: p.infno, request: JSON.stringify(redactObject(p.envelope)), created_at: clock() }),
      afterOutcome: async (r) => void (await opened.store.journal.recordOutcome(r.msgid, { outcome: r.outcome, err_code: r.errCode ?? null, err_msg: r.errMsg ?? null, http_status: r.httpStatus ?? null, transport_error: r.transportError ?? null, ended_at: r.endedAt })),
    },
    options: { institutionAdmdvs: institution.mdtrtarea_admvs },
    log: (line: string) => log.info(`catalog: ${line}`),
  });
  const services = createServices(deps, catalog);
  // Daily reconciliation (issue 18): runs go through the durable queue, one key per day.
  const reconciliation = new ReconciliationService({
    base: deps, repo: new SqliteReconciliationRepository(opened.db),
    schedule: async (recon_id, stmt_date) => void (await runner?.enqueue(RECONCILE_DAY, `reconcile:${stmt_date}`, { recon_id })),
    // The supervisor check of a fix reads the operator roster (none: everything allowed, as before).
    roster: async () => {
      if (!(await roster.exists())) return null;
      const roles = new Map((await roster.list()).filter((o) => o.active).map((o) => [o.opter, o.role]));
      return { roleOf: (opter: string) => roles.get(opter) ?? null };
    },
  });
  const registry = registerReconciliationJobs(
    resolutionJobRegistry(services.resolution).register(uploadFeesJobType(services.fees)),
    reconciliation,
  );
  scheduler.use(registry);
  // reliability.md §2: before anything else runs, calls caught in SENDING become UNKNOWN.
  await services.resolution.recoverAtStartup();
  runner = new QueueRunner({
    store: jobStore, registry, clock: { now: clock },
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    owner: `${hostname()}:${process.pid}:${ulid()}`,
    log: (e) => log.line(['handler_threw', 'claim_failed', 'lease_renewal_failed', 'store_error', 'dead_lettered', 'gave_up'].includes(e.kind) ? 'warn' : 'info', `queue: ${e.kind}`, { ...e }),
  });
  runner.pauseWhile(() => link.isOffline());
  if (opts.startQueue === false) await jobStore.requeueRunningAtStartup();
  else await runner.start({ requeueRunning: true });
  const queue = runner;
  // Every morning (and at start-up once 06:30 has passed) the day before is reconciled through the queue.
  const reconSchedule = startReconcileSchedule({
    recon: reconciliation, clock,
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    onError: (e) => log.warn('scheduled reconciliation failed to start', { error: e instanceof Error ? e.message : String(e) }),
  });

  const health = async (): Promise<HealthView> => {
    const h = await healthView({ store: opened.store, jobs: jobStore, upstream, upstreamUrl: config.upstream.url, institution, training, version: APP_VERSION, clock });
    // The link monitor knows first: while it is offline, so is the window.
    const days = await reconciliation.unbalancedDays();
    // A day whose reconciliation stays unbalanced shows on the health strip (issue 18).
    const withRecon: HealthView = {
      ...h,
      reconciliation: { unbalanced_days: days.map((d) => d.stmt_date) },
      ...(days.length > 0 && h.status === 'ok' ? { status: 'degraded' } : {}),
    };
    return link.isOffline() ? { ...withRecon, status: 'offline', upstream: { ...h.upstream, reachable: false } } : withRecon;
  };
  const settings = new SettingsStore({ config, configPath: training ? null : resolve(opts.configPath ?? ''), training, store: opened.store, upstream, logDir: log.dir, clock, version: APP_VERSION });
  const dayClose = (stmt_date: string, format: 'html' | 'csv' | 'xlsx') =>
    dayCloseReportFile(
      reconciliation, { fixmedins_code: institution.fixmedins_code, fixmedins_name: institution.fixmedins_name }, stmt_date, format,
    );
  // The window signs in once a roster exists; role checks and audit rows at the bridge (S5, S6).
  const inner = createSettlementBridge({
    services, settings, health, log, clock,
    reconciliation: {
      service: reconciliation,
      report: async (stmt_date, format) => {
        const f = await dayClose(stmt_date, format);
        return { filename: f.filename, text: typeof f.bytes === 'string' ? f.bytes : new TextDecoder().decode(f.bytes) };
      },
    },
  });
  const bridge = windowSession(inner, { roster, security: opened.security, clock, configured: { opter: config.operator.opter } });

  const uiDir = opts.rendererDir ?? (await cachedRendererDir(PROJECT_ROOT, buildRenderer));
  const uiToken = randomBytes(24).toString('base64url');
  let server: RunningServer | null = null;
  server = await startHisApiServer({
    // A call may sign in first and then wait its own deadline: let it finish at shutdown.
    drainMs: 2 * config.upstream.timeout_ms + 2_000,
    port: config.his_api.port,
    token: config.his_api.token,
    routes: [
      ...settlementRoutes({ services, health }),
      ...catalogRoutes({ catalog }),
      ...reconciliationRoutes({
        reconciliation,
        report: dayClose,
      }),
      ...jobsRoutes({ overview: (q) => jobsOverview({ jobs: jobStore, store: opened.store, upstream, link: () => link.view(), clock }, q) }),
    ],
    gate: operatorGate({ roster, security: opened.security }),
    fallback: browserUi({ staticDir: uiDir, uiToken, bridge, port: () => server?.port ?? 0 }),
  });
  if (training) {
    await seedTrainingInbox(services, clock(), trainingKind);
    // Training: the local catalog comes from the embedded sandbox at once (real sites sync on demand).
    void catalog.startSync().catch((e: unknown) => log.warn('catalog sync failed', { error: e instanceof Error ? e.message : String(e) }));
  }
  log.info('started', { training, his_api: server.url, upstream: config.upstream.url });

  let closed = false;
  return {
    bridge, services, config, training, log,
    hisApiUrl: server.url,
    uiUrl: `${server.url}/#token=${uiToken}`,
    sandboxUrl: sandbox?.url ?? null,
    queue, jobs: jobStore, link, roster, security: opened.security,
    async close() {
      if (closed) return;
      closed = true;
      link.stop();
      reconSchedule.stop();
      await server?.close();
      // Let a catalog sync in flight finish its page (bounded), so nothing writes to a closed store.
      await Promise.race([catalog.whenSyncSettled(), new Promise((r) => setTimeout(r, 3_000))]);
      await runner?.stop();
      await sandbox?.close();
      opened.close();
      log.info('stopped');
    },
  };
}

/** An institution of a scenario file, for training as it; CONFIG_INVALID when the code is not there. */
function scenarioInstitution(file: string, code: string): { institution: typeof DEMO_INSTITUTION; kind: 'hospital' | 'pharmacy' } {
  const s = JSON.parse(readFileSync(file, 'utf8')) as { institutions?: { fixmedins_code: string; fixmedins_name: string; admdvs: string; kind: string }[] };
  const found = (s.institutions ?? []).find((i) => i.fixmedins_code === code);
  if (!found) throw new AppError('CONFIG_INVALID', { message: `场景文件中没有机构 ${code}。` });
  return {
    institution: { fixmedins_code: found.fixmedins_code, fixmedins_name: found.fixmedins_name, mdtrtarea_admvs: found.admdvs } as typeof DEMO_INSTITUTION,
    kind: found.kind === 'pharmacy' ? 'pharmacy' : 'hospital',
  };
}

/**
 * Puts a fresh demo bill in the inbox for every demo patient who has none waiting: pharmacy sales
 * at a pharmacy, outpatient and inpatient bills at a hospital (med_type 41 is for pharmacies only).
 */
async function seedTrainingInbox(services: Services, now: number, kind: 'hospital' | 'pharmacy'): Promise<void> {
  for (const bill of trainingBills(now).filter((b) => (kind === 'pharmacy') === (b.kind === 'pharmacy'))) {
    const waiting = await services.inbox.list({ ...(bill.certno ? { certno: bill.certno } : {}) });
    if (waiting.some((w) => w.kind === bill.kind && w.state === 'waiting')) continue;
    await services.inbox.push(bill);
  }
}

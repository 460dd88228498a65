/**
 * The composition root (docs/architecture.md §1 main/app): builds every concrete part from the
 * configuration — store, upstream client, services, durable queue, HIS API server and the
 * browser-mode UI — and, in training mode, the embedded sandbox with the demo scenario.
 * `npm run serve`, `npm start` (Electron) and the tests all start the product through here.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
import { HttpEVoucherDecoder } from '../upstream/ec-voucher-decoder';
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
import { reportRoutes } from '../his-api/routes/report-routes';
import { selfPayRoutes } from '../his-api/routes/self-pay-routes';
import { MonthlyReportService } from '../services/monthly-report-service';
import { SqliteReportRepository } from '../store/report-repository';
import { SlipTemplateStore } from './slip-template-store';
import type { SlipPrinter } from './slip-printer';
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
import { SettingsFile } from './settings-file';
import { createSettlementBridge } from './settlement-bridge';
import { createCardReader } from './card-reader-setup';
import { trainingBills } from './training-bills';
import { SqliteReconciliationRepository } from '../store/reconciliation-repository';
import { ReconciliationService } from '../services/reconciliation-service';
import { RECONCILE_DAY } from '../services/job-names';
import { reconciliationRoutes } from '../his-api/routes/reconciliation-routes';
import { attentionRoutes } from '../his-api/routes/attention-routes';
import { registerReconciliationJobs, startReconcileSchedule } from './reconciliation-jobs';
import { dayCloseReportFile } from './day-close-export';
import { openSecureStore } from './secure-store';
import { actingUpstream } from './acting-upstream';
import { windowIdOf } from './window-id';
import { ROLES, type Role } from '../../shared/access/roles';
import { operatorGate } from './operator-gate';
import { windowSession } from './window-session';
import { OperatorRoster } from '../security/operator-roster';
import type { KeyWrapper } from '../security/data-key';
import type { SecurityStore } from '../store/ports/security';
import { ensurePrivateDir, tightenFiles } from './file-modes';
import { trainingGateway } from './training-gateway';
import { createSecretVault, type SecretCipher, type SecretVault } from './secret-vault';
import { resolveGateway, type ResolvedGateway } from '../config/gateway-config';
import { regionProfile, transactionClassOf, type RegionProfile } from '../config/region-profile';

/** The product version shown in health and diagnostics. */
export const APP_VERSION = '0.1.0';

/** True when a role string read back from a request is one of the roster's roles. */
const isRole = (r: string | null | undefined): r is Role =>
  (ROLES as readonly (string | null | undefined)[]).includes(r);
const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The demo scenario shipped with the sandbox. */
export const DEMO_SCENARIO = join(PROJECT_ROOT, 'sandbox', 'scenarios', 'demo.json');
/** The demo hospital of the demo scenario (training mode configures itself as it). */
export const DEMO_INSTITUTION = {
  fixmedins_code: 'H41020200011',
  fixmedins_name: '开封市示范第一医院',
  mdtrtarea_admvs: '410202',
} as const;

export interface RuntimeOptions {
  /** Electron's slip printer (electron-main); absent in browser mode, where the page prints itself. */
  readonly slipPrinter?: SlipPrinter;
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
  /** Training mode's pharmacy flow (config `institution.pharmacy_flow`; default `outpatient`). */
  readonly pharmacyFlow?: 'outpatient' | 'retail';
  /** Also print warnings and errors to stderr. */
  readonly echoLogs?: boolean;
  /** An already built renderer (the packaged app's `dist/renderer`); default: built once per source version under `dist/ui-cache`. */
  readonly rendererDir?: string;
  /**
   * Start the durable queue's runner (default true). The crash harness passes false and drives
   * `runtime.queue.drain()` itself, so that "restart and drain" is counted in cycles.
   */
  readonly startQueue?: boolean;
  /** The crash harness's named kill points (docs/reliability.md §4); never set in production. */
  readonly crashPoint?: CrashPointHook;
  /**
   * Serve the browser-mode UI and its HTTP bridge (`/bridge/*`) on the HIS API port (default
   * true). The Electron shell passes false: its window talks over IPC with the sender check, and
   * an HTTP bridge beside it would offer saveSettings, revealPatient and diagnosticBundle to any
   * local program holding no window at all (hardening issue item 6).
   */
  readonly browserUi?: boolean;
  /**
   * The configuration file came from `--config` on the command line (not the default location):
   * with a non-training start, the only start that may change endpoints from the settings screen.
   */
  readonly configFromFlag?: boolean;
  /** First probe delay of the link monitor after the platform became unreachable, ms (default 250). */
  readonly linkFirstProbeMs?: number;
  /** How the data key is kept: Electron passes its safeStorage wrapper; default a 0600 key file. */
  readonly keyWrapper?: KeyWrapper;
  /** Training behind a gateway: `csb`, `tif`, `sm` (demo keys) or a gateway file (training-gateway.ts). */
  readonly gateway?: string;
  /**
   * Shifts the clock the gateway signature uses, ms (drills and tests: a PC whose clock is off).
   * Everything else keeps the real clock.
   */
  readonly gatewayClockOffsetMs?: number | (() => number);
  /** Electron's `safeStorage` (desktop app): gateway secrets kept in the OS secret store. */
  readonly secretCipher?: SecretCipher;
  /** Tests and drills: use this region profile instead of the one `config.region` names. */
  readonly regionOverride?: RegionProfile;
}

export interface Runtime {
  readonly bridge: SettlementBridge;
  readonly services: Services;
  readonly config: AppConfig;
  readonly training: boolean;
  /** The HIS API's base URL. */
  readonly hisApiUrl: string;
  /** The browser-mode UI, with its one-time token in the fragment ('' when `browserUi` is false). */
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
  /** The region capability profile in use (`config.region`). */
  readonly region: RegionProfile;
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
  let gateway: ResolvedGateway;
  let vault: SecretVault | undefined;
  if (training) {
    const dataDir = resolve(opts.dataDir ?? '.data/training');
    const scenario = opts.scenario ?? DEMO_SCENARIO;
    trainingKind = opts.institution ? scenarioInstitution(scenario, opts.institution).kind : 'hospital';
    const tg = opts.gateway === undefined ? null : trainingGateway(opts.gateway);
    gateway = tg?.adapter ?? { style: 'plain' };
    sandbox = await startSandbox({
      port: 0,
      scenario,
      dataDir: join(dataDir, 'sandbox'),
      ...(tg ? { gateway: tg.sandbox } : {}),
    });
    config = parseConfig(
      {
        institution: {
          ...(opts.institution ? scenarioInstitution(scenario, opts.institution).institution : DEMO_INSTITUTION),
          ...(opts.pharmacyFlow ? { pharmacy_flow: opts.pharmacyFlow } : {}),
        },
        upstream: { url: sandbox.url, timeout_ms: 5_000 },
        operator: { opter: 'TRAIN01', opter_name: '培训收费员' },
        his_api: { port: opts.port ?? 0, token: randomBytes(24).toString('base64url') },
        data_dir: dataDir,
      },
      dataDir,
    );
  } else {
    config = loadConfigFile(opts.configPath ?? '');
    if (opts.port !== undefined) config = { ...config, his_api: { ...config.his_api, port: opts.port } };
    // Secrets are read once, now: a missing file or variable fails the start naming the key.
    vault = opts.secretCipher ? createSecretVault(join(config.data_dir, 'secrets.json'), opts.secretCipher) : undefined;
    const fromVault = vault;
    gateway = resolveGateway(config.upstream.gateway, regionProfile(config.region).gateway, {
      baseDir: dirname(resolve(opts.configPath ?? '')),
      ...(fromVault ? { vault: (path: string) => fromVault.get(path) } : {}),
    });
  }
  const region = opts.regionOverride ?? regionProfile(config.region);
  const classTimeout = (infno: string): number | undefined =>
    region.timeouts_ms[transactionClassOf(infno)] ?? undefined;
  const supported = region.transactions.supported === null ? null : new Set(region.transactions.supported);

  // File modes (hardening issue item 4): the data folder 0700; the database, its WAL and the config 0600.
  ensurePrivateDir(config.data_dir);
  const log = createFileLogger(config.data_dir, clock, opts.echoLogs ?? false);
  let runner: QueueRunner | null = null;
  // Every job row is built from, and written through, the job registry: each type's budget applies.
  const scheduler = new DeferredJobScheduler(() => runner?.wake());
  const opened = openSecureStore(
    config.data_dir,
    (db, job, now) => {
      insertJobRow(db, scheduler.withPolicy(job), now);
    },
    opts.keyWrapper,
  );
  if (opened.sealedAtStart > 0) log.info('personal data sealed at rest', { values: opened.sealedAtStart });
  const roster = new OperatorRoster({
    operators: opened.security.operators,
    audit: opened.security.audit,
    clock: { now: clock },
  });
  const dbPath = join(config.data_dir, 'adapter.db');
  const widened = tightenFiles([
    dbPath,
    `${dbPath}-wal`,
    `${dbPath}-shm`,
    ...(training ? [] : [resolve(opts.configPath ?? '')]),
  ]);
  if (widened.length > 0) log.warn('file modes: readable by others, set to 0600', { files: widened });
  const jobStore = new SqliteJobStore(opened.db, clock);
  // The pharmacy flow comes from the configuration, else from the region profile (no code branches on a region).
  const institution = {
    ...config.institution,
    pharmacy_flow: config.institution.pharmacy_flow ?? region.pharmacy_flow,
  };
  const bareUpstream = createUpstreamClient({
    options: {
      url: config.upstream.url,
      timeout_ms: config.upstream.timeout_ms,
      ...institution,
      opter: config.operator.opter,
      opter_name: config.operator.opter_name,
      opter_type: config.operator.opter_type,
      infver: config.upstream.infver,
      recer_sys_code: config.upstream.recer_sys_code,
      allowed_hosts: config.upstream.allowed_hosts,
      gateway,
      variants: region.transactions.variants,
      timeoutFor: classTimeout,
      ...(supported === null ? {} : { supported: (infno: string) => supported.has(infno.slice(0, 4)) }),
    },
    msgids: {
      next: async (nowMs) =>
        formatMsgid(institution.fixmedins_code, chinaStamp14(nowMs), await opened.store.msgids.nextSequence()),
    },
    clock,
    ...(opts.gatewayClockOffsetMs !== undefined
      ? { gatewayClock: gatewayClockOf(clock, opts.gatewayClockOffsetMs) }
      : {}),
    logger: { log: (level, event, data) => log.line(level, `upstream: ${event}`, data) },
    ...(opts.crashPoint ? { transport: createAxiosTransport({ crashPoint: opts.crashPoint }) } : {}),
  });
  // Calls go out as the request's operator (envelope, 9001 per operator); money attempts are audited.
  const upstream = actingUpstream(bareUpstream, {
    audit: opened.security.audit,
    clock,
    fallback: { opter: config.operator.opter, opter_name: config.operator.opter_name },
  });

  // Offline mode (issue item 4): a link failure takes the link offline; a 9001 probe brings it back
  // and wakes the queue, which holds its jobs meanwhile.
  const link = new UpstreamLinkMonitor({
    probe: () => upstream.signIn(),
    clock: { now: clock },
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    onOnline: () => runner?.wake(),
    log,
    ...(opts.linkFirstProbeMs !== undefined ? { firstProbeMs: opts.linkFirstProbeMs } : {}),
  });
  // The e-voucher decode service has its own short deadline (config `evoucher.*`).
  const evoucher = new HttpEVoucherDecoder({
    url: config.evoucher.url ?? config.upstream.url,
    timeout_ms: config.evoucher.timeout_ms,
    fixmedins_code: institution.fixmedins_code,
    opter: config.operator.opter,
    opter_name: config.operator.opter_name,
  });
  const deps: ServiceDeps = {
    store: opened.store,
    upstream: monitoredUpstream(upstream, link),
    clock: { now: clock },
    ids: { next: () => ulid() },
    institution,
    log,
    evoucher,
    jobs: scheduler,
    upstreamTimeoutMs: config.upstream.timeout_ms,
    link,
    // The region profile supplies the batch size unless the configuration sets one.
    feeUpload: { batchLines: config.upstream.fee_upload_batch_lines ?? region.fee_upload_batch_lines },
    dictionaries: region.dictionaries,
    reversible: (infno) => region.reversal.outcomes.includes('UNKNOWN') && region.reversal.infnos.includes(infno),
    selfPaySetlway: config.upstream.self_pay_setlway,
    windowId: windowIdOf(config.window_id),
    ...(opts.crashPoint ? { crashPoint: opts.crashPoint } : {}),
  };
  const catalog = new CatalogService({
    repo: new SqliteCatalogRepository(opened.db),
    upstream,
    clock: { now: clock },
    journal: {
      beforeSend: async (p) =>
        opened.store.journal.recordAttempt({
          call_id: ulid(),
          msgid: p.msgid,
          infno: p.infno,
          request: JSON.stringify(redactObject(p.envelope)),
          created_at: clock(),
        }),
      afterOutcome: async (r) =>
        void (await opened.store.journal.recordOutcome(r.msgid, {
          outcome: r.outcome,
          err_code: r.errCode ?? null,
          err_msg: r.errMsg ?? null,
          http_status: r.httpStatus ?? null,
          transport_error: r.transportError ?? null,
          ended_at: r.endedAt,
        })),
    },
    options: { institutionAdmdvs: institution.mdtrtarea_admvs },
    log: (line: string) => log.info(`catalog: ${line}`),
  });
  const services = createServices(deps, catalog);
  // Daily reconciliation (issue 18): runs go through the durable queue, one key per day.
  const reconciliation = new ReconciliationService({
    base: deps,
    repo: new SqliteReconciliationRepository(opened.db),
    schedule: async (recon_id, stmt_date) =>
      void (await runner?.enqueue(RECONCILE_DAY, `reconcile:${stmt_date}`, { recon_id })),
    // The supervisor check of a fix reads the operator roster (none: everything allowed, as before).
    roster: async () => {
      if (!(await roster.exists())) return null;
      const roles = new Map((await roster.list()).filter((o) => o.active).map((o) => [o.opter, o.role]));
      return { roleOf: (opter: string) => roles.get(opter) ?? null };
    },
    // A fix that changes a local settlement (adopt) is a manual resolution: one row of the audit trail (S6).
    audit: async (e) =>
      void (await opened.security.audit.append({
        at: clock(),
        opter: e.actor.opter,
        role: isRole(e.actor.role) ? e.actor.role : null,
        action: e.action,
        target: e.target,
        detail: e.detail,
      })),
  });
  const registry = registerReconciliationJobs(
    resolutionJobRegistry(services.resolution).register(uploadFeesJobType(services.fees)),
    reconciliation,
  );
  scheduler.use(registry);
  // docs/reliability.md §2: before anything else runs, calls caught in SENDING become UNKNOWN.
  await services.resolution.recoverAtStartup();
  runner = new QueueRunner({
    store: jobStore,
    registry,
    clock: { now: clock },
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    owner: `${hostname()}:${process.pid}:${ulid()}`,
    log: (e) =>
      log.line(
        ['handler_threw', 'claim_failed', 'lease_renewal_failed', 'store_error', 'dead_lettered', 'gave_up'].includes(
          e.kind,
        )
          ? 'warn'
          : 'info',
        `queue: ${e.kind}`,
        { ...e },
      ),
  });
  runner.pauseWhile(() => link.isOffline());
  if (opts.startQueue === false) await jobStore.requeueRunningAtStartup();
  else await runner.start({ requeueRunning: true });
  const queue = runner;
  // Every morning (and at start-up once 06:30 has passed) the day before is reconciled through the queue.
  const reconSchedule = startReconcileSchedule({
    recon: reconciliation,
    clock,
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    onError: (e) =>
      log.warn('scheduled reconciliation failed to start', { error: e instanceof Error ? e.message : String(e) }),
  });

  const health = async (): Promise<HealthView> => {
    const h = await healthView({
      store: opened.store,
      jobs: jobStore,
      upstream,
      upstreamUrl: config.upstream.url,
      institution,
      training,
      version: APP_VERSION,
      clock,
    });
    // The link monitor knows first: while it is offline, so is the window.
    const days = await reconciliation.unbalancedDays();
    // A day whose reconciliation stays unbalanced shows on the health strip (issue 18).
    const withRecon: HealthView = {
      ...h,
      reconciliation: { unbalanced_days: days.map((d) => d.stmt_date) },
      ...(days.length > 0 && h.status === 'ok' ? { status: 'degraded' } : {}),
    };
    return link.isOffline()
      ? { ...withRecon, status: 'offline', upstream: { ...h.upstream, reachable: false } }
      : withRecon;
  };
  const settings = new SettingsFile({
    config,
    configPath: training ? null : resolve(opts.configPath ?? ''),
    training,
    store: opened.store,
    upstream,
    logDir: log.dir,
    clock,
    version: APP_VERSION,
    policy: { endpointsEditable: !training && opts.configFromFlag === true },
    log,
    actor: () => `settings screen (operator ${config.operator.opter})`,
    gateway: { style: gateway.style, region_id: region.id, region_name: region.name },
    ...(vault ? { vault } : {}),
  });
  const dayClose = (stmt_date: string, format: 'html' | 'csv' | 'xlsx') =>
    dayCloseReportFile(
      reconciliation,
      { fixmedins_code: institution.fixmedins_code, fixmedins_name: institution.fixmedins_name },
      stmt_date,
      format,
    );
  // The window's card reader: configured, or in training the simulated one with the scenario's cards.
  const cardReader = createCardReader(
    config.devices.card_reader,
    training ? (opts.scenario ?? DEMO_SCENARIO) : null,
    DEMO_SCENARIO,
  );
  // The window signs in once a roster exists; role checks and audit rows at the bridge (S5, S6).
  const reports = new MonthlyReportService({
    repo: new SqliteReportRepository(opened.db),
    institution,
    clock: { now: clock },
  });
  const inner = createSettlementBridge({
    services,
    settings,
    health,
    log,
    clock,
    cardReader,
    reports,
    reportsDir: join(config.data_dir, 'reports'),
    slipTemplates: new SlipTemplateStore(config.data_dir),
    slipPrinter: opts.slipPrinter ?? null,
    slipsDir: join(config.data_dir, 'slips'),
    reconciliation: {
      service: reconciliation,
      report: async (stmt_date, format) => {
        const f = await dayClose(stmt_date, format);
        return {
          filename: f.filename,
          text: typeof f.bytes === 'string' ? f.bytes : new TextDecoder().decode(f.bytes),
        };
      },
    },
  });
  const bridge = windowSession(inner, {
    roster,
    security: opened.security,
    clock,
    configured: { opter: config.operator.opter },
  });

  const withBrowserUi = opts.browserUi ?? true;
  // The UI is built once per source version (dist/ui-cache), never on every start; Electron passes its own.
  const uiDir =
    opts.rendererDir ??
    (withBrowserUi ? await cachedRendererDir(PROJECT_ROOT, buildRenderer) : join(config.data_dir, 'ui'));
  const uiToken = randomBytes(24).toString('base64url');
  let server: RunningServer | null = null;
  server = await startHisApiServer({
    // A call may sign in first and then wait its own deadline: let it finish at shutdown.
    drainMs: 2 * config.upstream.timeout_ms + 2_000,
    port: config.his_api.port,
    token: config.his_api.token,
    routes: [
      ...settlementRoutes({ services, health }),
      // Supervisor only: recheck or resolve a settlement in needs_attention; audited (S6).
      ...attentionRoutes({
        services,
        audit: async (e) =>
          void (await opened.security.audit.append({
            at: clock(),
            opter: e.operator?.opter ?? config.operator.opter,
            role: isRole(e.operator?.role) ? e.operator.role : null,
            action: e.action,
            target: e.target,
            detail: e.detail,
          })),
      }),
      ...catalogRoutes({ catalog }),
      ...reconciliationRoutes({
        reconciliation,
        report: dayClose,
      }),
      ...reportRoutes({ reports }),
      ...selfPayRoutes({ services }),
      ...jobsRoutes({
        overview: (q) =>
          jobsOverview({ jobs: jobStore, store: opened.store, upstream, link: () => link.view(), clock }, q),
      }),
    ],
    gate: operatorGate({ roster, security: opened.security }),
    ...(withBrowserUi
      ? { fallback: browserUi({ staticDir: uiDir, uiToken, bridge, port: () => server?.port ?? 0 }) }
      : {}),
    log: (message: string, data?: Readonly<Record<string, unknown>>) => log.warn(message, data),
  });
  if (training) {
    await seedTrainingInbox(services, clock(), trainingKind);
    // Training: the local catalog comes from the embedded sandbox at once (real sites sync on demand).
    void catalog
      .startSync()
      .catch((e: unknown) => log.warn('catalog sync failed', { error: e instanceof Error ? e.message : String(e) }));
  }
  log.info('started', {
    training,
    his_api: server.url,
    upstream: config.upstream.url,
    gateway: gateway.style,
    region: region.id,
  });

  let closed = false;
  return {
    bridge,
    services,
    config,
    training,
    log,
    hisApiUrl: server.url,
    uiUrl: withBrowserUi ? `${server.url}/#token=${uiToken}` : '',
    sandboxUrl: sandbox?.url ?? null,
    queue,
    jobs: jobStore,
    link,
    roster,
    security: opened.security,
    region,
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
      cardReader.close();
      evoucher.close();
      opened.close();
      log.info('stopped');
    },
  };
}

/** The gateway's signing clock: the real clock shifted by a fixed or a changing offset (ms). */
function gatewayClockOf(clock: () => number, offset: number | (() => number)): () => number {
  return typeof offset === 'number' ? () => clock() + offset : () => clock() + offset();
}

/** An institution of a scenario file, for training as it; CONFIG_INVALID when the code is not there. */
function scenarioInstitution(
  file: string,
  code: string,
): { institution: typeof DEMO_INSTITUTION; kind: 'hospital' | 'pharmacy' } {
  const s = JSON.parse(readFileSync(file, 'utf8')) as {
    institutions?: { fixmedins_code: string; fixmedins_name: string; admdvs: string; kind: string }[];
  };
  const found = (s.institutions ?? []).find((i) => i.fixmedins_code === code);
  if (!found) throw new AppError('CONFIG_INVALID', { message: `场景文件中没有机构 ${code}。` });
  return {
    institution: {
      fixmedins_code: found.fixmedins_code,
      fixmedins_name: found.fixmedins_name,
      mdtrtarea_admvs: found.admdvs,
    } as typeof DEMO_INSTITUTION,
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

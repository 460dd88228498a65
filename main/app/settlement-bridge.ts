/**
 * The bridge object behind `window.settlement` (shared/ipc/contract.ts), built on the services.
 * The Electron IPC handlers and the browser-mode HTTP bridge both call this same object, after
 * checking the sender or token and parsing the argument with the contract's schema.
 */
import type { BridgeArgs } from '../../shared/ipc/contract';
import type { BridgeEvent, PendingItemView, RevealView } from '../../shared/ipc/views';
import type { HealthView, PatientView, SettlementView, VisitView } from '../../shared/api/views';
import type { Result } from '../../shared/result';
import type { Services } from '../services/services';
import type { SettingsStore } from './settings-store';
import type { FileLogger } from './app-logger';
import type { InnerBridge } from './window-session';
import { currentOperator } from '../security/operator-context';
import { ok, fail } from '../../shared/result';
import { AppError, toErrorInfo } from '../../shared/errors/app-error';
import { apiState, type SettlementStateCode } from '../domain/settlement-state';
import { ageOn, maskBirthDate, maskIdNumber, maskName } from '../../shared/redact';
import { chinaDate, chinaDateTime } from '../../shared/china-time';
import { fenToString } from '../../shared/money';
import { searchCatalog } from '../catalog';
import { WINDOW_ROLE, mayChangeEndpoint, touchesItOnlyFields } from '../../shared/settings-access';
import { addDays } from '../../shared/dates';
import type { ReconciliationService } from '../services/reconciliation-service';

/** States shown in the pending list (D-25: what is stuck and why). */
const PENDING_STATES: readonly SettlementStateCode[] = ['SENDING', 'UNKNOWN', 'REVERSING', 'CANCELLING', 'CANCEL_UNKNOWN', 'NEEDS_ATTENTION'];

/** Days of a patient's recent settlements (`listSettlements` period `recent`). */
const RECENT_DAYS = 7;

/** How often pushed events (health, pending) are refreshed for subscribers, ms. */
const EVENT_INTERVAL_MS = 5_000;

export interface BridgeDeps {
  readonly services: Services;
  /** Daily reconciliation (the 对账 view): its service and the day-close report builder. */
  readonly reconciliation: BridgeReconciliation;
  readonly settings: SettingsStore;
  readonly health: () => Promise<HealthView>;
  readonly log: FileLogger;
  readonly clock: () => number;
}


/** What the 对账 view needs (main/app wires the service and the report). */
export interface BridgeReconciliation {
  readonly service: ReconciliationService;
  readonly report: (stmt_date: string, format: 'html' | 'csv') => Promise<{ filename: string; text: string }>;
  /** How long `reconcile` waits for the run before answering `running`, ms. */
  readonly waitMs?: number;
}

/** Runs a step and turns its throw into a Result (nothing throws across the bridge). */
async function run<T>(step: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await step());
  } catch (e) {
    return fail(toErrorInfo(e));
  }
}

/**
 * S3 at the window: name and ID number masked, and the birth date replaced by the age (digits
 * 7–14 of the ID number are the birth date). The full name and number come only from the reveal.
 */
function maskPatient(p: PatientView, today: string): PatientView {
  const age = p.age ?? (p.brdy ? ageOn(p.brdy, today) : null);
  return {
    ...p,
    psn_name: maskName(p.psn_name),
    certno: p.certno ? maskIdNumber(p.certno) : p.certno,
    brdy: maskBirthDate(p.brdy),
    ...(age !== null && age !== undefined ? { age: String(age) } : {}),
  };
}

/** A visit as the window shows it: the name masked (S3). */
function maskVisit(v: VisitView): VisitView {
  return { ...v, psn_name: maskName(v.psn_name) };
}

/** The bridge without sign-in (main/app/window-session.ts adds the session, role checks and audit). */
export function createSettlementBridge(d: BridgeDeps): InnerBridge {
  const s = d.services;
  const pending = async (): Promise<PendingItemView[]> => {
    const rows = await s.deps.store.settlements.inStates(PENDING_STATES, 200);
    return Promise.all(rows.map(async (r) => {
      const person = await s.deps.store.persons.get(r.psn_no);
      const events = await s.deps.store.settlements.events(r.settlement_id);
      const last = events[events.length - 1];
      let repeats = 0;
      for (let i = events.length - 1; i >= 0 && events[i]?.note === last?.note; i -= 1) repeats += 1;
      const name = typeof person?.baseinfo.psn_name === 'string' ? maskName(person.baseinfo.psn_name) : '';
      return {
        settlement_id: r.settlement_id,
        visit_id: r.visit_id,
        psn_name: name,
        state: apiState(r.state),
        since: new Date(r.updated_at).toISOString(),
        started_at: new Date(r.created_at).toISOString(),
        last_note: last?.note ?? null,
        last_note_count: repeats,
        medfee_sumamt: fenToString(r.bill_total_fen),
        // A settlement the platform confirmed can only be cancelled; one never confirmed can be rechecked.
        actions: r.state === 'NEEDS_ATTENTION' && r.setl_id && r.cancel_msgid === null ? ['view', 'cancel'] : ['view', 'recheck'],
      } satisfies PendingItemView;
    }));
  };

  const bridge: InnerBridge = {
    // S3: the window gets the patient masked; the full name and ID number only through the audited reveal.
    identify: (a) => run(async () => {
      const p = await s.identify.identify(a);
      // A suspension or an inactive insurance shows at identify, not only when a visit is opened.
      const row = p.insuinfo.find((r) => r.psn_insu_stas === '1') ?? p.insuinfo[0];
      const standing = row && !d.services.deps.link?.isOffline() ? await s.visits.standingWarning(p.psn_no, row.insutype, row.insuplc_admdvs) : null;
      const warnings = standing && !p.warnings.some((w) => w.code === standing.code) ? [standing, ...p.warnings] : p.warnings;
      return maskPatient({ ...p, warnings }, chinaDate(d.clock()));
    }),
    revealPatient: (a: BridgeArgs['revealPatient']) => run(async (): Promise<RevealView> => {
      const p = await s.deps.store.persons.get(a.psn_no);
      if (!p) throw new AppError('PATIENT_NOT_IDENTIFIED');
      // S3/S6: an unmasked view is audited (who and when; never the values themselves).
      d.log.info('patient details revealed', { psn_no: a.psn_no, at: chinaDateTime(d.clock()) });
      return { psn_no: a.psn_no, psn_name: String(p.baseinfo.psn_name ?? ''), certno: String(p.baseinfo.certno ?? '') };
    }),
    listInbox: (a) => run(() => s.inbox.list({ ...(a.psn_no ? { psn_no: a.psn_no } : {}), ...(a.certno ? { certno: a.certno } : {}) })),
    listOpenVisits: (a) => run(() => s.lists.openVisits({ psn_no: a.psn_no, certno: a.certno })),
    // Every window's list is a supervisor's (window-session.ts checks the role before this runs).
    listSettlements: (a) => run(() => s.lists.settlements({
      q: a.q, psn_no: a.psn_no, days: a.period === 'recent' ? RECENT_DAYS : 1, scope: a.scope ?? 'window', opter: a.opter,
    })),
    lookupCatalog: (a) => run(async () => (s.catalog ? searchCatalog(await s.catalog.lookup(), a, chinaDate(d.clock())) : [])),
    // A bill made at the window becomes an inbox bill, so opening it is the inbox flow (openVisit).
    createBill: (a) => run(() => s.inbox.createWindowBill(a)),
    openVisit: (a) => run(async () => {
      let psn_no = a.psn_no;
      if (!psn_no) psn_no = (await s.identify.identify({ mdtrt_cert_type: a.mdtrt_cert_type, mdtrt_cert_no: a.mdtrt_cert_no, ...(a.card_sn ? { card_sn: a.card_sn } : {}) })).psn_no;
      const req = { inbox_id: a.inbox_id, insutype: a.insutype, psn_no, mdtrt_cert_type: a.mdtrt_cert_type, mdtrt_cert_no: a.mdtrt_cert_no };
      return maskVisit(await s.inbox.open({ ...req, ...(a.card_sn ? { card_sn: a.card_sn } : {}) }));
    }),
    getVisit: (a) => run(async () => maskVisit(await s.query.view(a.visit_id))),
    uploadFees: (a) => run(async () => {
      await s.uploader.upload(a.visit_id, { lines: a.lines });
      return maskVisit(await s.query.view(a.visit_id));
    }),
    discharge: (a) => run(async () => {
      await s.visits.discharge(a.visit_id, { endtime: a.endtime ?? chinaDateTime(d.clock()), ...(a.dscg_way ? { dscg_way: a.dscg_way } : {}) });
      return maskVisit(await s.query.view(a.visit_id));
    }),
    presettle: (a) => run(() => s.settlements.presettle(a.visit_id, { ...a, acct_used_flag: a.acct_used_flag ?? '0' })),
    settle: (a) => run(async (): Promise<SettlementView> => (await s.settlements.settle(a.visit_id, { ...a, acct_used_flag: a.acct_used_flag ?? '0' })).view),
    cancel: (a) => run(async () => (await s.settlements.cancel(a.settlement_id, { scope: a.scope ?? 'visit', reason: a.reason })).view),
    getSettlement: (a) => run(() => s.settlements.get(a.settlement_id)),
    listPending: () => run(pending),
    recheck: (a) => run(async () => {
      await s.resolution.recheck(a.settlement_id, '收费窗口');
      return s.settlements.get(a.settlement_id);
    }),
    health: () => run(d.health),
    getSettings: () => run(async () => d.settings.view()),
    saveSettings: (a) => run(async () => {
      // The endpoint and the institution are IT's (shared/settings-access: the one place of the rule).
      // The signed-in operator's role once a roster exists (window-session.ts); a cashier before.
      const role = currentOperator()?.role === 'it_admin' ? 'it_admin' : WINDOW_ROLE;
      if (touchesItOnlyFields(a) && !mayChangeEndpoint(role)) throw new AppError('SETTINGS_READ_ONLY');
      return d.settings.save(a);
    }),
    testConnection: () => run(() => d.settings.testConnection()),
    diagnosticBundle: () => run(() => d.settings.diagnosticBundle()),
    listReconciliations: (a) => run(() => {
      const today = chinaDateTime(d.clock()).slice(0, 10);
      return d.reconciliation.service.days(a.from ?? addDays(a.to ?? today, -31), a.to ?? today);
    }),
    getReconciliation: (a) => run(() => d.reconciliation.service.view(a.recon_id)),
    reconcile: (a) => run(async () => {
      const r = d.reconciliation;
      const id = await r.service.start(a.stmt_date, 'demand');
      for (let waited = 0; waited < (r.waitMs ?? 3_000); waited += 100) {
        const v = await r.service.view(id);
        if (v.state !== 'running') return v;
        await new Promise((res) => setTimeout(res, 100));
      }
      return r.service.view(id);
    }),
    // The window's signed-in operator acts (window-session.ts checks the role first); 'window' without a roster.
    fixDifference: (a) => run(() => {
      const op = currentOperator();
      return d.reconciliation.service.fix(a.recon_id, a.diff_id, { action: a.action, reason: a.reason }, op ? { opter: op.opter, role: op.role } : { opter: 'window' });
    }),
    dayCloseReport: (a) => run(() => d.reconciliation.report(a.stmt_date, a.format)),
    onEvent: (cb: (e: BridgeEvent) => void) => {
      const tick = async () => {
        const h = await run(d.health);
        if (h.ok) cb({ type: 'health', health: h.value });
        const p = await run(pending);
        if (p.ok) cb({ type: 'pending', items: p.value });
      };
      const timer = setInterval(() => void tick(), EVENT_INTERVAL_MS);
      void tick();
      return () => clearInterval(timer);
    },
  };
  return bridge;
}

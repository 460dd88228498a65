/**
 * The bridge object behind `window.settlement` (shared/ipc/contract.ts), built on the services.
 * The Electron IPC handlers and the browser-mode HTTP bridge both call this same object, after
 * checking the sender or token and parsing the argument with the contract's schema.
 */
import type { BridgeArgs } from '../../shared/ipc/contract';
import type { CardReader } from '../devices/ports';
import { NoCardReader } from '../devices/no-reader';
import { cardLine } from '../devices/card-line';
import type { CardReadView, DeviceSelfTestView } from '../../shared/ipc/views';
import type { BridgeEvent, PendingItemView, RevealView } from '../../shared/ipc/views';
import type { HealthView, PatientView, SettlementView, VisitView } from '../../shared/api/views';
import type { Result } from '../../shared/result';
import type { Services } from '../services/services';
import type { SettingsFile } from './settings-file';
import type { FileLogger } from './app-logger';
import type { InnerBridge } from './window-session';
import { currentOperator } from '../security/operator-context';
import { ok, fail } from '../../shared/result';
import { AppError, toErrorInfo } from '../../shared/errors/app-error';
import { apiState, PENDING_STATES } from '../domain/settlement-state';
import { ageOn, maskBirthDate, maskIdNumber, maskName } from '../../shared/redact';
import { chinaDate, chinaDateTime } from '../../shared/china-time';
import { fenToString } from '../../shared/money';
import { searchCatalog } from '../catalog';
import { WINDOW_ROLE, mayChangeEndpoint, touchesItOnlyFields } from '../../shared/settings-access';
import { addDays } from '../../shared/dates';
import type { ReconciliationService } from '../services/reconciliation-service';
import { monthlyReportView, type MonthlyReportService } from '../services/monthly-report-service';
import { selfPayPackHtml } from '../services/self-pay-pack';
import type { SlipTemplateStore } from './slip-template-store';
import type { SlipPrinter } from './slip-printer';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Days of a patient's recent settlements (`listSettlements` period `recent`). */
const RECENT_DAYS = 7;

/** How often pushed events (health, pending) are refreshed for subscribers, ms. */
const EVENT_INTERVAL_MS = 5_000;

export interface BridgeDeps {
  readonly services: Services;
  /** Daily reconciliation (the 对账 view): its service and the day-close report builder. */
  readonly reconciliation: BridgeReconciliation;
  readonly settings: SettingsFile;
  readonly health: () => Promise<HealthView>;
  readonly log: FileLogger;
  readonly clock: () => number;
  /** The window's card reader (main/devices); absent: none configured. */
  readonly cardReader?: CardReader;
  /** The monthly declaration reports (issue 18 item 3). */
  readonly reports: MonthlyReportService;
  /** Where exported reports are written: `<data_dir>/reports/`. */
  readonly reportsDir: string;
  /** The hospital's slip template in the data directory (issue 18 item 4). */
  readonly slipTemplates: SlipTemplateStore;
  /** Electron's printer; null in browser mode (the page uses the browser's print dialog). */
  readonly slipPrinter: SlipPrinter | null;
  /** Where slip PDFs are written: `<data_dir>/slips/`. */
  readonly slipsDir: string;
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
    return Promise.all(
      rows.map(async (r) => {
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
          actions:
            r.state === 'NEEDS_ATTENTION' && r.setl_id && r.cancel_msgid === null
              ? ['view', 'cancel']
              : ['view', 'recheck'],
        } satisfies PendingItemView;
      }),
    );
  };

  const decodedQr = new DecodedQrCodes();
  const bridge: InnerBridge = {
    // S3: the window gets the patient masked; the full name and ID number only through the audited reveal.
    // The window's `01` is what the scanner read: a QR code to decode (docs/protocol.md §5), whose ecToken
    // is kept here so that opening the visit presents the decoded credential, not the scanned text.
    identify: (a) =>
      run(async () => {
        const { credential, ...p } =
          a.mdtrt_cert_type === '01'
            ? await s.identify.identifyByQrCode(a.mdtrt_cert_no)
            : await s.identify.identify(a);
        if (credential) decodedQr.remember(a.mdtrt_cert_no, credential.mdtrt_cert_no);
        // A suspension or an inactive insurance shows at identify, not only when a visit is opened.
        const row = p.insuinfo.find((r) => r.psn_insu_stas === '1') ?? p.insuinfo[0];
        const standing =
          row && !d.services.deps.link?.isOffline()
            ? await s.visits.standingWarning(p.psn_no, row.insutype, row.insuplc_admdvs)
            : null;
        const warnings =
          standing && !p.warnings.some((w) => w.code === standing.code) ? [standing, ...p.warnings] : p.warnings;
        return maskPatient({ ...p, warnings }, chinaDate(d.clock()));
      }),
    revealPatient: (a: BridgeArgs['revealPatient']) =>
      run(async (): Promise<RevealView> => {
        const p = await s.deps.store.persons.get(a.psn_no);
        if (!p) throw new AppError('PATIENT_NOT_IDENTIFIED');
        // S3/S6: an unmasked view is audited (who and when; never the values themselves).
        d.log.info('patient details revealed', { psn_no: a.psn_no, at: chinaDateTime(d.clock()) });
        return {
          psn_no: a.psn_no,
          psn_name: String(p.baseinfo.psn_name ?? ''),
          certno: String(p.baseinfo.certno ?? ''),
        };
      }),
    listInbox: (a) =>
      run(() => s.inbox.list({ ...(a.psn_no ? { psn_no: a.psn_no } : {}), ...(a.certno ? { certno: a.certno } : {}) })),
    listOpenVisits: (a) => run(() => s.lists.openVisits({ psn_no: a.psn_no, certno: a.certno })),
    // Every window's list is a supervisor's (window-session.ts checks the role before this runs).
    listSettlements: (a) =>
      run(() =>
        s.lists.settlements({
          q: a.q,
          psn_no: a.psn_no,
          days: a.period === 'recent' ? RECENT_DAYS : 1,
          scope: a.scope ?? 'window',
          opter: a.opter,
        }),
      ),
    lookupCatalog: (a) =>
      run(async () => (s.catalog ? searchCatalog(await s.catalog.lookup(), a, chinaDate(d.clock())) : [])),
    // A bill made at the window becomes an inbox bill, so opening it is the inbox flow (openVisit).
    createBill: (a) => run(() => s.inbox.createWindowBill(a)),
    openVisit: (a) =>
      run(async () => {
        let psn_no = a.psn_no;
        let certNo =
          a.mdtrt_cert_type === '01' ? (decodedQr.token(a.mdtrt_cert_no) ?? a.mdtrt_cert_no) : a.mdtrt_cert_no;
        if (!psn_no) {
          const p =
            a.mdtrt_cert_type === '01' && certNo === a.mdtrt_cert_no
              ? await s.identify.identifyByQrCode(a.mdtrt_cert_no)
              : await s.identify.identify({
                  mdtrt_cert_type: a.mdtrt_cert_type,
                  mdtrt_cert_no: certNo,
                  ...(a.card_sn ? { card_sn: a.card_sn } : {}),
                });
          psn_no = p.psn_no;
          certNo = p.credential?.mdtrt_cert_no ?? certNo;
        }
        const req = {
          inbox_id: a.inbox_id,
          insutype: a.insutype,
          psn_no,
          mdtrt_cert_type: a.mdtrt_cert_type,
          mdtrt_cert_no: certNo,
        };
        return maskVisit(
          await s.inbox.open({
            ...req,
            ...(a.card_sn ? { card_sn: a.card_sn } : {}),
            ...(a.self_pay ? { self_pay: true } : {}),
          }),
        );
      }),
    getVisit: (a) => run(async () => maskVisit(await s.query.view(a.visit_id))),
    uploadFees: (a) =>
      run(async () => {
        await s.uploader.upload(a.visit_id, { lines: a.lines });
        return maskVisit(await s.query.view(a.visit_id));
      }),
    discharge: (a) =>
      run(async () => {
        await s.visits.discharge(a.visit_id, {
          endtime: a.endtime ?? chinaDateTime(d.clock()),
          ...(a.dscg_way ? { dscg_way: a.dscg_way } : {}),
        });
        return maskVisit(await s.query.view(a.visit_id));
      }),
    presettle: (a) => run(() => s.settlements.presettle(a.visit_id, { ...a, acct_used_flag: a.acct_used_flag ?? '0' })),
    settle: (a) =>
      run(
        async (): Promise<SettlementView> =>
          (await s.settlements.settle(a.visit_id, { ...a, acct_used_flag: a.acct_used_flag ?? '0' })).view,
      ),
    cancel: (a) =>
      run(
        async () => (await s.settlements.cancel(a.settlement_id, { scope: a.scope ?? 'visit', reason: a.reason })).view,
      ),
    getSettlement: (a) => run(() => s.settlements.get(a.settlement_id)),
    listPending: () => run(pending),
    recheck: (a) =>
      run(async () => {
        await s.resolution.recheck(a.settlement_id, '收费窗口');
        return s.settlements.get(a.settlement_id);
      }),
    health: () => run(d.health),
    getSettings: () => run(async () => d.settings.view()),
    saveSettings: (a) =>
      run(async () => {
        // The endpoint and the institution are IT's (shared/settings-access: the one place of the rule).
        // The signed-in operator's role once a roster exists (window-session.ts); a cashier before.
        const role = currentOperator()?.role === 'it_admin' ? 'it_admin' : WINDOW_ROLE;
        if (touchesItOnlyFields(a) && !mayChangeEndpoint(role)) throw new AppError('SETTINGS_READ_ONLY');
        return d.settings.save(a, { itAdmin: mayChangeEndpoint(role) });
      }),
    testConnection: () => run(() => d.settings.testConnection()),
    saveGatewaySecret: (a) => run(async () => d.settings.saveGatewaySecret(a)),
    readCard: () =>
      run(async (): Promise<CardReadView> => {
        const reader = d.cardReader ?? new NoCardReader();
        const r = await reader.read();
        if (!r.ok) {
          d.log.warn('card not read', { reader: reader.kind, code: r.code, detail: r.detail });
          throw new AppError(r.code, { detail: { reader: reader.kind, note: r.detail } });
        }
        return { line: cardLine(r.card), medium: r.card.medium };
      }),
    deviceSelfTest: () =>
      run(async (): Promise<DeviceSelfTestView> => {
        const reader = d.cardReader ?? new NoCardReader();
        const steps = await reader.selfTest();
        return { reader: reader.kind, ok: steps.every((x) => x.ok), steps };
      }),
    diagnosticBundle: () => run(() => d.settings.diagnosticBundle()),
    listReconciliations: (a) =>
      run(() => {
        const today = chinaDateTime(d.clock()).slice(0, 10);
        return d.reconciliation.service.days(a.from ?? addDays(a.to ?? today, -31), a.to ?? today);
      }),
    getReconciliation: (a) => run(() => d.reconciliation.service.view(a.recon_id)),
    reconcile: (a) =>
      run(async () => {
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
    fixDifference: (a) =>
      run(() => {
        const op = currentOperator();
        return d.reconciliation.service.fix(
          a.recon_id,
          a.diff_id,
          { action: a.action, reason: a.reason },
          op ? { opter: op.opter, role: op.role } : { opter: 'window' },
        );
      }),
    dayCloseReport: (a) => run(() => d.reconciliation.report(a.stmt_date, a.format)),
    monthlyReport: (a) => run(async () => monthlyReportView(await d.reports.report(a.month))),
    getSlipTemplate: () => run(() => d.slipTemplates.view()),
    saveSlipTemplate: (a) => run(() => d.slipTemplates.save(a.template)),
    printSlip: (a) =>
      run(async () => (d.slipPrinter ? d.slipPrinter.print(a.html) : { printed: false, reason: 'browser' })),
    saveSlipPdf: (a) =>
      run(async () => {
        if (!d.slipPrinter) throw new AppError('PRINT_UNAVAILABLE');
        const bytes = await d.slipPrinter.pdf(a.html);
        await mkdir(d.slipsDir, { recursive: true });
        const filename = `slip-${a.name}.pdf`;
        const saved_to = join(d.slipsDir, filename);
        await writeFile(saved_to, bytes);
        return { filename, size_bytes: bytes.byteLength, saved_to };
      }),
    selfPayPack: (a) =>
      run(async () => {
        const pack = await s.selfPay.pack(a.visit_id);
        return { html: selfPayPackHtml(pack, s.deps.institution.fixmedins_name), receipt_no: pack.receipt_no };
      }),
    exportMonthlyReport: (a) =>
      run(async () => {
        const file = await d.reports.export(a.month, a.format, a.part ?? 'detail');
        await mkdir(d.reportsDir, { recursive: true });
        const saved_to = join(d.reportsDir, file.filename);
        await writeFile(saved_to, file.bytes);
        const size_bytes = typeof file.bytes === 'string' ? Buffer.byteLength(file.bytes) : file.bytes.byteLength;
        return { filename: file.filename, size_bytes, saved_to };
      }),
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

/**
 * The ecTokens of the QR codes scanned at this window, newest last, a few only: the cashier opens
 * the visit right after the scan, and a token is worth nothing once the code has been refreshed.
 */
class DecodedQrCodes {
  private readonly byQr = new Map<string, string>();

  remember(qr: string, token: string): void {
    this.byQr.delete(qr);
    this.byQr.set(qr, token);
    while (this.byQr.size > 16) this.byQr.delete(this.byQr.keys().next().value as string);
  }

  token(qr: string): string | undefined {
    return this.byQr.get(qr);
  }
}

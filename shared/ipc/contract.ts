/**
 * The one typed bridge contract between the cashier UI and the services (docs/architecture.md §5.2–§5.5).
 *
 * - `BRIDGE_METHODS` lists the task-shaped methods; `BRIDGE_CHANNELS` (./channels) maps each to its
 *   `'domain:verb'` IPC channel; in browser mode the same method is `POST /bridge/<method>`
 *   (./http-transport).
 * - `BRIDGE_ARG_SCHEMAS` holds one zod schema per method's single argument. Both the IPC handlers
 *   (main/app/ipc) and the HTTP bridge (main/his-api) parse the argument with it before calling the
 *   services, so an implementation of `SettlementBridge` may rely on parsed arguments.
 * - Every method answers `Promise<Result<T>>`: nothing throws across the boundary (§5.5).
 * - `window.settlement` has the type `SettlementBridge` in the renderer.
 */
import { z } from 'zod';
import type { Result } from '../result';
import type { InboxItemView } from '../api/inbox';
import type { MonthlyReportView, ReportFileView } from '../api/reports';
import { MAX_SLIP_TEMPLATE_CHARS, type SlipTemplateView } from '../slip/slip-template';

/** Largest rendered slip accepted for printing (a template plus its figures). */
const MAX_SLIP_HTML_CHARS = 262_144;
import type { HealthView, PatientView, SettlementView, VisitView } from '../api/views';
import type { FixResultView, ReconDayView, ReconciliationView } from '../api/reconciliation';
import { FixRequest, ReconcileRequest } from '../api/reconciliation';
import { CancelRequest, FeeLineRequest, IdentifyRequest, SettleRequest } from '../api/requests';
import { codeField, dateTimeField, idField, textField } from '../api/request-fields';
import type { BridgeChannel, ChannelMethod } from './channels';
import { BRIDGE_CHANNELS } from './channels';
import type {
  BridgeEvent,
  CatalogItemView,
  CardReadView,
  ConnectionTestView,
  DeviceSelfTestView,
  DiagnosticBundleView,
  GatewaySecretSavedView,
  OpenVisitRowView,
  PendingItemView,
  SettlementRowView,
  RevealView,
  SettingsView,
  WhoAmIView,
} from './views';

/** Credential types of 1101 and of the visit calls: 01 e-voucher, 02 ID number, 03 social security card (D-1). */
const CertType = z.enum(['01', '02', '03']);
const VisitId = idField(40);
const SettlementId = idField(40);
/** No argument: the transports send `{}`. */
const NoArg = z.object({}).strip();

/** The settings IT may change (a partial update). Secrets are never part of it. */
export const SettingsPatch = z
  .object({
    upstream: z
      .object({
        url: z.string().trim().url().max(300),
        timeout_ms: z.number().int().min(1000).max(120_000),
      })
      .partial()
      .strict()
      .optional(),
    institution: z
      .object({
        fixmedins_code: textField(30, 1),
        fixmedins_name: textField(200, 1),
        mdtrtarea_admvs: z.string().regex(/^\d{6}$/),
      })
      .partial()
      .strict()
      .optional(),
    operator: z
      .object({
        opter: textField(30, 1),
        opter_name: textField(50, 1),
      })
      .partial()
      .strict()
      .optional(),
    his_api: z
      .object({ port: z.number().int().min(1).max(65535) })
      .partial()
      .strict()
      .optional(),
    /**
     * IT confirms an upstream host outside loopback and the private networks (a public address or
     * a DNS name): without it such a `upstream.url` is refused (hardening issue item 4).
     */
    confirm_public_host: z.boolean().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** A gateway secret for the OS secret store (desktop app only); the value never comes back. */
export const GatewaySecretArg = z
  .object({
    key: z.enum(['secret', 'paas_token', 'client_secret', 'password', 'sm4_key', 'sm2_private_key']),
    value: z.string().trim().min(1).max(4096),
  })
  .strict();
export type GatewaySecretArg = z.infer<typeof GatewaySecretArg>;

/** One zod schema per bridge method's argument. */
export const BRIDGE_ARG_SCHEMAS = {
  /** 1101 person lookup by e-voucher token (01), ID number (02) or card (03). */
  identify: IdentifyRequest,
  /** The audited reveal of the unmasked name and ID number of an identified person (S3). */
  revealPatient: z.object({ psn_no: idField() }),
  /**
   * The HIS inbox: items pushed for this psn_no OR this certno (the HIS pushes by either). The UI
   * sends psn_no always and certno when it has it in the clear; a server that knows the certno of
   * the person's latest identify should match it too. With neither field: every open item.
   */
  listInbox: z.object({ psn_no: idField().optional(), certno: textField(18).optional() }),
  /**
   * Every open visit of the person (ui-contract `visit-row`): visits opened over the HIS API, inbox
   * bills (waiting or opened) and visits whose settlement is unfinished. `certno` as in listInbox.
   */
  listOpenVisits: z.object({ psn_no: idField(), certno: textField(18).optional() }),
  /**
   * Settlements newest first, at most 200: `today` (the China-time day, the default) or `recent`
   * (the last 7 days, for a patient's list); `q` searches name, ID number or settlement number;
   * `psn_no` narrows to one person. `scope` `window` (the default) lists this window's; `all` every
   * window's, for a supervisor only (a cashier gets ROLE_REQUIRED); `opter` narrows to one operator.
   */
  listSettlements: z.object({
    q: textField(40).optional(),
    psn_no: idField().optional(),
    period: z.enum(['today', 'recent']).default('today'),
    scope: z.enum(['window', 'all']).default('window'),
    opter: z.string().trim().min(1).max(30).optional(),
  }),
  /**
   * The catalog at a pharmacy counter: an exact national or hospital code (one item at most), or
   * part of a name (up to 20 items); empty when the local catalog is not loaded.
   */
  lookupCatalog: z.object({ code: textField(50).optional(), name: textField(30).optional() }),
  /**
   * A bill made at the window (lines typed at a pharmacy counter, or a CSV file imported) for the
   * identified patient: stored as an inbox bill, so `openVisit` opens it like one the HIS pushed.
   * Every line's amount must be round2(pric × cnt) (D-15 step 1), else AMOUNT_MISMATCH.
   */
  createBill: z.object({
    kind: z.enum(['outpatient', 'pharmacy']),
    /** Defaults to 11 (普通门诊) for outpatient and 41 (定点药店购药) for pharmacy. */
    med_type: codeField().optional(),
    psn_no: idField(),
    /** The ID number, when the window has it in the clear (the inbox matches either). */
    certno: textField(18).optional(),
    lines: z.array(FeeLineRequest).min(1).max(20_000),
    dise_codg: textField(30).optional(),
    dise_name: textField(100).optional(),
    dept_name: textField(100).optional(),
  }),
  /** Opens the inbox item's visit at the platform (2201+2203 or 2401) and uploads its lines. */
  openVisit: z.object({
    inbox_id: idField(40),
    insutype: codeField(),
    mdtrt_cert_type: CertType,
    mdtrt_cert_no: textField(200, 1),
    card_sn: textField(64).optional(),
    /** The person from the latest identify; the server may also derive it from the inbox item. */
    psn_no: idField().optional(),
    insuplc_admdvs: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    /** Full self-pay with upload (D-21): open without the eligibility check; settle all cash with psn_setlway 02. */
    self_pay: z.boolean().optional(),
  }),
  getVisit: z.object({ visit_id: VisitId }),
  uploadFees: z.object({ visit_id: VisitId, lines: z.array(FeeLineRequest).min(1).max(20_000) }),
  /**
   * Inpatient discharge (2402); `endtime` defaults to now; `dscg_way` (离院方式) 1 医嘱离院,
   * 2 医嘱转院, 3 医嘱转社区, 4 非医嘱离院, 5 死亡, 9 其他 (default 1).
   */
  discharge: z.object({
    visit_id: VisitId,
    endtime: dateTimeField.optional(),
    dscg_way: z.enum(['1', '2', '3', '4', '5', '9']).optional(),
  }),
  presettle: SettleRequest.extend({ visit_id: VisitId }),
  settle: SettleRequest.extend({ visit_id: VisitId }),
  /** Cancel: scope `visit` (default) undoes the whole visit, `settlement` only the settlement (docs/his-api.md). */
  cancel: CancelRequest.extend({ settlement_id: SettlementId }),
  getSettlement: z.object({ settlement_id: SettlementId }),
  listPending: NoArg,
  /** Asks the unknown-outcome resolver to query the platform for this settlement now. */
  recheck: z.object({ settlement_id: SettlementId }),
  health: NoArg,
  getSettings: NoArg,
  saveSettings: SettingsPatch,
  testConnection: NoArg,
  saveGatewaySecret: GatewaySecretArg,
  diagnosticBundle: NoArg,
  /** The newest reconciliation of each day in [from, to] (default: the last 31 days). */
  listReconciliations: z.object({
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    to: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
  getReconciliation: z.object({ recon_id: idField(40) }),
  /** Reconciles a day now (answers when done, or `state: running` after a few seconds). */
  reconcile: ReconcileRequest,
  /** Applies one fix to a difference (supervisor). */
  fixDifference: FixRequest.extend({ recon_id: idField(40), diff_id: idField(10) }),
  /** The day-close report as printable HTML or CSV text. */
  dayCloseReport: z.object({ stmt_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), format: z.enum(['html', 'csv']) }),
  /** Password sign-in at the window (only once a roster exists); 5 failures lock for 15 minutes. */
  signIn: z.object({ opter: z.string().trim().min(1).max(30), password: z.string().min(1).max(256) }),
  signOut: NoArg,
  whoAmI: NoArg,
  /** Reads the card on the window's card reader: the line a card reader types into the identify field. */
  readCard: NoArg,
  /** IT settings: checks the card reader step by step (load the library, find the function, one read). */
  deviceSelfTest: NoArg,
  /** The month's declaration report (D-20): totals, summary, detail list (names masked). */
  monthlyReport: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 yyyy-MM') }),
  /** Writes the month's report under `<data_dir>/reports/`: xlsx (3 sheets), csv (one part) or printable html. */
  exportMonthlyReport: z.object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 yyyy-MM'),
    format: z.enum(['xlsx', 'csv', 'html']),
    part: z.enum(['summary', 'detail', 'statements']).optional(),
  }),
  /** After a full self-pay with upload (D-21): the patient's pack for manual reimbursement, as a printable page. */
  selfPayPack: z.object({ visit_id: VisitId }),
  /** The slip template in use (the hospital's, or the default) and the allowed placeholders. */
  getSlipTemplate: NoArg,
  /** Validates and saves the hospital's slip template (SLIP_TEMPLATE_INVALID lists the problems). */
  saveSlipTemplate: z.object({ template: z.string().max(MAX_SLIP_TEMPLATE_CHARS) }),
  /** Prints a rendered slip through Electron's print dialog; `printed: false` in browser mode (use the browser's). */
  printSlip: z.object({ html: z.string().min(1).max(MAX_SLIP_HTML_CHARS) }),
  /** Saves a rendered slip as PDF under `<data_dir>/slips/` (Electron; PRINT_UNAVAILABLE in browser mode). */
  saveSlipPdf: z.object({ html: z.string().min(1).max(MAX_SLIP_HTML_CHARS), name: idField(60) }),
} as const;

/** The names of the bridge methods. */
export type BridgeMethod = keyof typeof BRIDGE_ARG_SCHEMAS;

/** All bridge methods, in a fixed order (the IPC registration and the tests iterate it). */
export const BRIDGE_METHODS = Object.keys(BRIDGE_ARG_SCHEMAS) as readonly BridgeMethod[];

/** True when `name` is a bridge method (for `POST /bridge/<method>`). */
export function isBridgeMethod(name: string): name is BridgeMethod {
  return Object.prototype.hasOwnProperty.call(BRIDGE_ARG_SCHEMAS, name);
}

/**
 * The argument of each method as the services receive it: the output of its schema (trimmed,
 * defaults applied, numbers normalised to decimal strings). Callers send the same shape.
 */
export type BridgeArgs = { [K in BridgeMethod]: z.output<(typeof BRIDGE_ARG_SCHEMAS)[K]> };

/** What a caller may send: the input of each schema, with defaulted fields optional. */
export type BridgeCallArgs = {
  identify: BridgeArgs['identify'];
  revealPatient: BridgeArgs['revealPatient'];
  listInbox: BridgeArgs['listInbox'];
  listOpenVisits: BridgeArgs['listOpenVisits'];
  listSettlements: Omit<BridgeArgs['listSettlements'], 'period' | 'scope'> & {
    period?: 'today' | 'recent';
    scope?: 'window' | 'all';
  };
  lookupCatalog: BridgeArgs['lookupCatalog'];
  createBill: BridgeArgs['createBill'];
  openVisit: BridgeArgs['openVisit'];
  getVisit: BridgeArgs['getVisit'];
  uploadFees: BridgeArgs['uploadFees'];
  discharge: BridgeArgs['discharge'];
  presettle: Omit<BridgeArgs['presettle'], 'acct_used_flag'> & { acct_used_flag?: '0' | '1' };
  settle: Omit<BridgeArgs['settle'], 'acct_used_flag'> & { acct_used_flag?: '0' | '1' };
  cancel: Omit<BridgeArgs['cancel'], 'scope'> & { scope?: 'visit' | 'settlement' };
  getSettlement: BridgeArgs['getSettlement'];
  listPending: Record<string, never>;
  recheck: BridgeArgs['recheck'];
  health: Record<string, never>;
  getSettings: Record<string, never>;
  saveSettings: BridgeArgs['saveSettings'];
  testConnection: Record<string, never>;
  saveGatewaySecret: BridgeArgs['saveGatewaySecret'];
  diagnosticBundle: Record<string, never>;
  listReconciliations: BridgeArgs['listReconciliations'];
  getReconciliation: BridgeArgs['getReconciliation'];
  reconcile: BridgeArgs['reconcile'];
  fixDifference: BridgeArgs['fixDifference'];
  dayCloseReport: BridgeArgs['dayCloseReport'];
  signIn: BridgeArgs['signIn'];
  signOut: Record<string, never>;
  whoAmI: Record<string, never>;
  readCard: Record<string, never>;
  deviceSelfTest: Record<string, never>;
  monthlyReport: BridgeArgs['monthlyReport'];
  exportMonthlyReport: BridgeArgs['exportMonthlyReport'];
  selfPayPack: BridgeArgs['selfPayPack'];
  getSlipTemplate: Record<string, never>;
  saveSlipTemplate: BridgeArgs['saveSlipTemplate'];
  printSlip: BridgeArgs['printSlip'];
  saveSlipPdf: BridgeArgs['saveSlipPdf'];
};

/** The value each method answers with on success. */
export interface BridgeResults {
  identify: PatientView;
  revealPatient: RevealView;
  listInbox: readonly InboxItemView[];
  listOpenVisits: readonly OpenVisitRowView[];
  listSettlements: readonly SettlementRowView[];
  lookupCatalog: readonly CatalogItemView[];
  /** The new inbox bill (`state: 'waiting'`); open it with `openVisit`. */
  createBill: InboxItemView;
  openVisit: VisitView;
  getVisit: VisitView;
  uploadFees: VisitView;
  discharge: VisitView;
  /** `settlement_id: null, state: 'presettled'`. */
  presettle: SettlementView;
  /** `state: 'settled'`, or `'unknown'` when the outcome is not known (never sent again). */
  settle: SettlementView;
  cancel: SettlementView;
  getSettlement: SettlementView;
  listPending: readonly PendingItemView[];
  recheck: SettlementView;
  health: HealthView;
  getSettings: SettingsView;
  saveSettings: SettingsView;
  testConnection: ConnectionTestView;
  saveGatewaySecret: GatewaySecretSavedView;
  diagnosticBundle: DiagnosticBundleView;
  listReconciliations: readonly ReconDayView[];
  getReconciliation: ReconciliationView;
  reconcile: ReconciliationView;
  fixDifference: FixResultView;
  dayCloseReport: { readonly filename: string; readonly text: string };
  signIn: WhoAmIView;
  signOut: WhoAmIView;
  whoAmI: WhoAmIView;
  readCard: CardReadView;
  deviceSelfTest: DeviceSelfTestView;
  monthlyReport: MonthlyReportView;
  exportMonthlyReport: ReportFileView;
  /** `html`: the printable pack (fee list, diagnosis, receipt number; name and ID number masked). */
  selfPayPack: { readonly html: string; readonly receipt_no: string };
  getSlipTemplate: SlipTemplateView;
  saveSlipTemplate: SlipTemplateView;
  printSlip: { readonly printed: boolean; readonly reason: string | null };
  saveSlipPdf: ReportFileView;
}

/** A subscription's end: call it to stop receiving events (docs/architecture.md §5.3). */
export type Unsubscribe = () => void;

/**
 * `window.settlement`: task-shaped methods with no channel names or Electron objects (§5.3).
 * Methods without an argument take none. `onEvent` delivers health and pending changes.
 *
 * The same type is what main/app's runtime hands to the IPC handlers and the HTTP bridge: they call
 * a method only after `BRIDGE_ARG_SCHEMAS[method]` accepted its argument, and pass the parsed value
 * (`BridgeArgs[method]`, which is assignable to the call's argument type).
 */
export type SettlementBridge = {
  readonly [K in BridgeMethod]: BridgeCallArgs[K] extends Record<string, never>
    ? () => Promise<Result<BridgeResults[K]>>
    : (arg: BridgeCallArgs[K]) => Promise<Result<BridgeResults[K]>>;
} & {
  readonly onEvent: (cb: (event: BridgeEvent) => void) => Unsubscribe;
};

/** Each method's IPC channel, typed by the contract (keys checked against `BridgeMethod`). */
export const BRIDGE_CHANNEL_OF: Readonly<Record<BridgeMethod, BridgeChannel>> = BRIDGE_CHANNELS;

// Compile-time guards: the channel map names exactly the contract's methods, and what a caller
// sends is a valid schema input.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const CHANNELS_MATCH: Exact<ChannelMethod, BridgeMethod> = true;
type CallArgsAreInputs = {
  [K in BridgeMethod]: BridgeCallArgs[K] extends z.input<(typeof BRIDGE_ARG_SCHEMAS)[K]> ? true : false;
};
const CALL_ARGS_VALID: false extends CallArgsAreInputs[BridgeMethod] ? never : true = true;
type ParsedAreCallArgs = {
  [K in BridgeMethod]: BridgeArgs[K] extends BridgeCallArgs[K]
    ? true
    : BridgeCallArgs[K] extends Record<string, never>
      ? true
      : false;
};
const PARSED_ARGS_VALID: false extends ParsedAreCallArgs[BridgeMethod] ? never : true = true;
void CHANNELS_MATCH;
void CALL_ARGS_VALID;
void PARSED_ARGS_VALID;

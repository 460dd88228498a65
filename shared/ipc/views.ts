/**
 * Views that exist only on the bridge between the cashier UI and the services (not on the HIS API):
 * pending work, settings, connection test, diagnostic bundle, the audited reveal, and pushed events.
 * Plain data only (docs/architecture.md §5.6): money as 2-dp strings, times as ISO strings.
 */
import type { HealthView, SettlementState, VisitKind, VisitState } from '../api/views';

/** What the cashier or a supervisor may do with a pending item. */
export type PendingAction =
  /** Open the settlement (getSettlement). */
  | 'view'
  /** Ask the resolver to query the platform now (recheck), instead of waiting for its next turn. */
  | 'recheck'
  /** Cancel the settlement (cancel), e.g. a needs_attention item a supervisor decided to undo. */
  | 'cancel';

/**
 * One settlement that is not finished at the window (D-25): an unknown outcome being resolved,
 * a reversal under way, or a needs_attention item waiting for a supervisor.
 */
export interface PendingItemView {
  readonly settlement_id: string;
  readonly visit_id: string;
  /** Masked name (S3), e.g. `张*`. */
  readonly psn_name: string;
  readonly state: SettlementState;
  /** When the settlement entered this state, ISO string. */
  readonly since: string;
  /** When the settlement started (its settle was sent), ISO string; it does not move. */
  readonly started_at?: string;
  /** The newest history note, plain Chinese, or null. */
  readonly last_note: string | null;
  /** How many times in a row the newest note was recorded (a retried step shows once with a count). */
  readonly last_note_count?: number;
  /** Bill total of the settlement, 2-dp string, when known. */
  readonly medfee_sumamt?: string | null;
  readonly actions: readonly PendingAction[];
}

/** Settings for IT, as shown on the settings screen. Never holds secrets (keys, tokens, passwords). */
export interface SettingsView {
  readonly upstream: {
    /** Base URL of the platform endpoint (docs/his-api.md "Upstream address"). */
    readonly url: string;
    /** Deadline of one call, milliseconds. */
    readonly timeout_ms: number;
  };
  readonly institution: {
    readonly fixmedins_code: string;
    readonly fixmedins_name: string;
    /** The institution's own region code (6 digits). */
    readonly mdtrtarea_admvs: string;
  };
  readonly operator: {
    readonly opter: string;
    readonly opter_name: string;
  };
  readonly his_api: {
    /** Loopback port of the HIS API. */
    readonly port: number;
  };
  /** True when running against the embedded sandbox (training mode). */
  readonly training: boolean;
  /** Where the config file lives, or null when nothing is configured. */
  readonly config_path: string | null;
  /** False when the settings cannot be saved (e.g. training mode without a config file). */
  readonly editable: boolean;
  /**
   * The gateway style in front of the platform (`plain`, `csb`, `tif`, `sm`) and the region
   * capability profile in use (id and Chinese name). Never any secret.
   */
  readonly gateway?: {
    readonly style: string;
    readonly region_id: string;
    readonly region_name: string;
    /** True when the OS secret store can hold gateway secrets (desktop app). */
    readonly vault_available?: boolean;
    /** Gateway keys held in the OS secret store (names only, e.g. `upstream.gateway.secret`). */
    readonly vault_keys?: readonly string[];
  };
}

/** Answer of testConnection: one round trip to the platform (9001 sign-in or a cheap query). */
export interface ConnectionTestView {
  readonly ok: boolean;
  /** Round-trip time in milliseconds, or null when nothing answered. */
  readonly latency_ms: number | null;
  /** Plain Chinese result for IT. */
  readonly message: string;
}

/** Answer of saveGatewaySecret: which key is now in the OS secret store (never the value). */
export interface GatewaySecretSavedView {
  /** `upstream.gateway.<key>`. */
  readonly path: string;
  /** The gateway keys held in the OS secret store (names only). */
  readonly stored: readonly string[];
  /** Always true: the gateway reads its secrets at start. */
  readonly restart_needed: true;
}

/** Answer of diagnosticBundle: a redacted bundle (S3) written to disk for IT. */
export interface DiagnosticBundleView {
  readonly filename: string;
  /** Size in bytes. */
  readonly size_bytes: number;
  /** Absolute path of the written file. */
  readonly saved_to: string;
}

/** Answer of revealPatient: the unmasked name and ID number; every call is audited (S3, S6). */
export interface RevealView {
  readonly psn_no: string;
  readonly psn_name: string;
  readonly certno: string;
}

/**
 * Who is signed in at the window (the security issue). `roster: false` (fresh install, training):
 * no sign-in, the configured operator acts and `operator` is null. The password never appears.
 */
export interface WhoAmIView {
  readonly roster: boolean;
  readonly operator: {
    readonly opter: string;
    readonly opter_name: string;
    readonly role: 'cashier' | 'supervisor' | 'it_admin';
  } | null;
  /** The window signs out after this long without a call, ms (S5: 10 minutes). */
  readonly idle_sign_out_ms: number;
}

/** Pushed to the UI through `onEvent` (health strip, pending badge). */
export type BridgeEvent =
  | { readonly type: 'health'; readonly health: HealthView }
  | { readonly type: 'pending'; readonly items: readonly PendingItemView[] };

/**
 * One open visit of the identified patient at the window (ui-contract `visit-row`), whichever way
 * the HIS made it: opened over the HIS API (`POST /api/v1/visits`), an inbox bill (waiting or
 * opened), or a visit whose settlement is not finished (unknown, reversing, needs attention).
 */
export interface OpenVisitRowView {
  /** The HIS API's `visit_id`; for an inbox bill not opened yet, the HIS's id for it, else its inbox id. */
  readonly visit_id: string;
  /** The inbox bill behind the row, when it came from the inbox. */
  readonly inbox_id: string | null;
  /** `waiting`: an inbox bill not yet opened at the platform (opening it registers the visit). */
  readonly state: VisitState | 'waiting';
  readonly kind: VisitKind;
  readonly ipt_otp_no: string;
  readonly begntime: string;
  readonly dept_name: string | null;
  readonly dr_name: string | null;
  readonly dise_name: string | null;
  readonly line_count: number;
  /** Bill total, 2-dp string. */
  readonly total: string;
}

/** One settlement in the window's list of the day or in a patient's recent settlements. */
export interface SettlementRowView {
  readonly settlement_id: string;
  readonly visit_id: string;
  readonly kind: VisitKind;
  /** Masked name (S3). */
  readonly psn_name: string;
  /** Masked ID number, or '' when unknown. */
  readonly certno_masked: string;
  /** The platform's settlement number, when it gave one. */
  readonly setl_id: string | null;
  readonly state: SettlementState;
  /** China time `yyyy-MM-dd HH:mm:ss` of the settle. */
  readonly settled_at: string;
  /** 2-dp strings; null when the platform gave no figures. */
  readonly medfee_sumamt: string | null;
  readonly psn_cash_pay: string | null;
  readonly acct_pay: string | null;
  /** Whether the cashier may cancel it now (settled, cash collected). */
  readonly cancellable: boolean;
  /** Whether a slip can be printed again (补打). */
  readonly reprintable: boolean;
  /** The operator who settled (`opter`); null for rows from before operators were recorded. */
  readonly opter: string | null;
  /** The window that settled (config `window_id`); null for rows from before windows were recorded. */
  readonly window_id: string | null;
}

/** One catalog item found at a pharmacy counter (bridge `lookupCatalog`), as the bill entry fills it in. */
export interface CatalogItemView {
  readonly med_list_codg: string;
  /** The hospital code typed, when the item was found through the mapping. */
  readonly medins_list_codg: string | null;
  readonly name: string;
  /** 甲 01 / 乙 02 / 丙 03. */
  readonly chrgitm_lv: string;
  /** The unit price cap (限价), 6-dp string, or null when the item has none. */
  readonly pric_uplmt_amt: string | null;
}

/**
 * Answer of readCard: the card as a card reader would type it into the identify field (a social
 * security card line `发卡地区|社会保障号码|卡号|卡识别码|姓名`, or an ID number). It carries personal
 * data: the window submits it at once and does not keep it.
 */
export interface CardReadView {
  readonly line: string;
  readonly medium: 'ssc' | 'id_card';
}

/** One step of the device self-test (IT settings), in plain Chinese; never card data. */
export interface DeviceSelfTestStep {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Answer of deviceSelfTest: the reader configured (`none`, `simulated`, `library`) and each step. */
export interface DeviceSelfTestView {
  readonly reader: string;
  readonly ok: boolean;
  readonly steps: readonly DeviceSelfTestStep[];
}

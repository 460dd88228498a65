/**
 * The cashier window's state as a pure reducer: `cashierReducer(state, event) → state`. Nothing
 * here calls the bridge, reads the clock or touches the DOM; `use-cashier.ts` runs the effects
 * (bridge calls, timers) and feeds their results back as events. Tested in Node
 * (test/renderer/cashier-state.test.ts) as well as through Chromium.
 */
import type { IdentifyRequest } from '../../shared/api/requests';
import type { HealthView, PatientView, SettlementView, VisitState, VisitView } from '../../shared/api/views';
import type { OpenVisitRowView, PendingItemView, RevealView, SettlementRowView } from '../../shared/ipc/views';
import type { UiError } from './error-chain';
import { CANCELLABLE_STATES, IN_FLIGHT_STATES, NOT_SETTLEABLE_STATES } from './labels';

/** The screens of the window. */
export type Screen = 'cashier' | 'pending' | 'settings' | 'today' | 'reconciliation';

/** A confirmation the UI is asking for. */
export type Dialog =
  | { readonly kind: 'confirm-settle' }
  | { readonly kind: 'cancel'; readonly settlement: SettlementView }
  | { readonly kind: 'discharge' };

/** What the last "立即核实" did, shown on the pending row. */
export interface RecheckNote {
  readonly settlement_id: string;
  readonly text: string;
}

/** The whole screen state. */
export interface CashierState {
  readonly screen: Screen;
  readonly credential: IdentifyRequest | null;
  readonly patient: PatientView | null;
  /** Counts successful identifies (the identify field clears its text on a change). */
  readonly identified: number;
  readonly revealed: RevealView | null;
  readonly insutype: string | null;
  /** The patient's open visits (ui-contract `visit-row`). */
  readonly visits: readonly OpenVisitRowView[];
  /** Whether `visits` has been answered for this patient (the "nothing pushed" text waits for it). */
  readonly visitsLoaded: boolean;
  /** The patient's settlements of the last days. */
  readonly recent: readonly SettlementRowView[];
  /** The window's settlements of the day (F11 / "今日结算"). */
  readonly today: readonly SettlementRowView[];
  readonly visit: VisitView | null;
  /** The settlement or pre-settlement on the result panel. */
  readonly shown: SettlementView | null;
  /** Bumped when a new result arrives: the panel scrolls into view. */
  readonly resultSeq: number;
  /** True when the slip is printed again from a list (补打). */
  readonly reprint: boolean;
  readonly acct: boolean;
  readonly dialog: Dialog | null;
  readonly error: UiError | null;
  readonly busy: string | null;
  readonly health: HealthView | null;
  readonly pending: readonly PendingItemView[];
  readonly recheckNote: RecheckNote | null;
  /** A plain success note (discharge done …), cleared by the next action. */
  readonly notice: string | null;
  readonly billEntry: boolean;
}

/** Everything that can happen to the state. */
export type CashierEvent =
  | { readonly type: 'screen'; readonly screen: Screen }
  | { readonly type: 'busy'; readonly action: string }
  | { readonly type: 'idle' }
  | { readonly type: 'error'; readonly error: UiError }
  | { readonly type: 'dismissError' }
  | { readonly type: 'identified'; readonly credential: IdentifyRequest; readonly patient: PatientView }
  | { readonly type: 'patientRefreshed'; readonly patient: PatientView }
  | { readonly type: 'visits'; readonly rows: readonly OpenVisitRowView[] }
  | { readonly type: 'recent'; readonly rows: readonly SettlementRowView[] }
  | { readonly type: 'today'; readonly rows: readonly SettlementRowView[] }
  | { readonly type: 'revealed'; readonly view: RevealView | null }
  | { readonly type: 'insutype'; readonly insutype: string }
  | {
      readonly type: 'visitOpened';
      readonly visit: VisitView;
      readonly shown?: SettlementView | null;
      readonly reprint?: boolean;
    }
  | { readonly type: 'visitReloaded'; readonly visit: VisitView }
  | { readonly type: 'result'; readonly settlement: SettlementView }
  | { readonly type: 'followed'; readonly settlement: SettlementView }
  | { readonly type: 'dialog'; readonly dialog: Dialog | null }
  | { readonly type: 'acct'; readonly value: boolean }
  | { readonly type: 'health'; readonly health: HealthView }
  | { readonly type: 'linkDown' }
  | { readonly type: 'pending'; readonly items: readonly PendingItemView[] }
  | { readonly type: 'recheckNote'; readonly note: RecheckNote }
  | { readonly type: 'notice'; readonly text: string }
  | { readonly type: 'billEntry'; readonly open: boolean }
  | { readonly type: 'reset' };

/** The state of a fresh window. */
export const INITIAL_STATE: CashierState = {
  screen: 'cashier',
  credential: null,
  patient: null,
  identified: 0,
  revealed: null,
  insutype: null,
  visits: [],
  visitsLoaded: false,
  recent: [],
  today: [],
  visit: null,
  shown: null,
  resultSeq: 0,
  reprint: false,
  acct: false,
  dialog: null,
  error: null,
  busy: null,
  health: null,
  pending: [],
  recheckNote: null,
  notice: null,
  billEntry: false,
};

/** Error codes that show the platform cannot be reached: the health strip turns red at once. */
export const LINK_DOWN_CODES: readonly string[] = ['UPSTREAM_UNREACHABLE', 'UPSTREAM_TIMEOUT'];

/** Whether the insurance row `ins` of the patient has a personal account. */
export function hasAccount(p: PatientView | null, ins: string | null): boolean {
  return p?.insuinfo.some((row) => row.insutype === ins && row.has_account) ?? false;
}

/** The default insurance row: the first in normal standing (psn_insu_stas 1), else the first. */
export function defaultInsutype(p: PatientView): string | null {
  return (p.insuinfo.find((r) => r.psn_insu_stas === '1') ?? p.insuinfo[0])?.insutype ?? null;
}

/** The reducer. */
export function cashierReducer(s: CashierState, e: CashierEvent): CashierState {
  switch (e.type) {
    case 'screen':
      return { ...s, screen: e.screen };
    case 'busy':
      return { ...s, busy: e.action, error: null, notice: null };
    case 'idle':
      return { ...s, busy: null };
    case 'error':
      return { ...s, error: e.error };
    case 'dismissError':
      return { ...s, error: null };
    case 'identified': {
      const ins = defaultInsutype(e.patient);
      return {
        ...s,
        credential: e.credential,
        patient: e.patient,
        identified: s.identified + 1,
        revealed: null,
        insutype: ins,
        acct: hasAccount(e.patient, ins),
        visits: [],
        visitsLoaded: false,
        recent: [],
        visit: null,
        shown: null,
        reprint: false,
        billEntry: false,
        dialog: null,
      };
    }
    case 'patientRefreshed':
      return s.patient !== null && s.patient.psn_no === e.patient.psn_no ? { ...s, patient: e.patient } : s;
    case 'visits':
      return { ...s, visits: e.rows, visitsLoaded: true };
    case 'recent':
      return { ...s, recent: e.rows };
    case 'today':
      return { ...s, today: e.rows };
    case 'revealed':
      return { ...s, revealed: e.view };
    case 'insutype':
      return { ...s, insutype: e.insutype, acct: hasAccount(s.patient, e.insutype) };
    case 'visitOpened': {
      const shown = e.shown !== undefined ? e.shown : (e.visit.settlement ?? e.visit.presettlement ?? null);
      return {
        ...s,
        visit: e.visit,
        shown,
        reprint: e.reprint ?? false,
        acct: s.patient ? hasAccount(s.patient, e.visit.insutype) : s.acct,
        billEntry: false,
        screen: 'cashier',
      };
    }
    case 'visitReloaded':
      return s.visit !== null && s.visit.visit_id === e.visit.visit_id ? { ...s, visit: e.visit } : s;
    case 'result':
      return withBalance({ ...s, shown: e.settlement, resultSeq: s.resultSeq + 1, reprint: false }, e.settlement);
    case 'followed':
      return s.shown !== null && s.shown.settlement_id === e.settlement.settlement_id
        ? withBalance({ ...s, shown: e.settlement }, e.settlement)
        : s;
    case 'dialog':
      return { ...s, dialog: e.dialog };
    case 'acct':
      return { ...s, acct: e.value };
    case 'health':
      return { ...s, health: e.health };
    case 'linkDown':
      return s.health === null
        ? s
        : { ...s, health: { ...s.health, status: 'offline', upstream: { ...s.health.upstream, reachable: false } } };
    case 'pending':
      return { ...s, pending: e.items };
    case 'recheckNote':
      return { ...s, recheckNote: e.note };
    case 'notice':
      return { ...s, notice: e.text };
    case 'billEntry':
      return { ...s, billEntry: e.open };
    case 'reset':
      return { ...INITIAL_STATE, health: s.health, pending: s.pending, today: s.today, identified: s.identified + 1 };
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * After a settle, the patient panel shows the platform's new balance (setlinfo.balc) on the
 * visit's insurance row. A pre-settlement's balance is only a forecast and changes nothing.
 */
function withBalance(s: CashierState, r: SettlementView): CashierState {
  const balc = r.setlinfo?.balc ?? null;
  if (r.state !== 'settled' && r.state !== 'cash_collected') return s;
  if (balc === null || s.patient === null || s.visit === null || s.patient.psn_no !== s.visit.psn_no) return s;
  const ins = s.visit.insutype;
  return {
    ...s,
    patient: {
      ...s.patient,
      insuinfo: s.patient.insuinfo.map((row) => (row.insutype === ins ? { ...row, balc } : row)),
    },
  };
}

// ── Selectors: what the components and keys may do now ──

/** `data-state` of the state badge (ui-contract). */
export function badgeState(s: CashierState): VisitState | null {
  return s.visit ? (s.shown?.state ?? s.visit.state) : null;
}

/** The settlement the cancel action applies to, if any. */
export function cancellableSettlement(s: CashierState): SettlementView | null {
  const b = badgeState(s);
  if (b === null || !CANCELLABLE_STATES.includes(b)) return null;
  const shown = s.shown?.settlement_id ? s.shown : null;
  return shown ?? s.visit?.settlement ?? null;
}

/** An inpatient visit that has not been discharged yet (F5/F6 ask for F7 first). */
export function needsDischarge(s: CashierState): boolean {
  return s.visit !== null && s.visit.kind === 'inpatient' && !s.visit.endtime;
}

/** Whether pre-settle and settle make sense in the visit's state (server truth). */
export function canSettle(s: CashierState): boolean {
  return s.visit !== null && !NOT_SETTLEABLE_STATES.includes(s.visit.state);
}

/** Whether the slip can be printed. */
export function canPrint(s: CashierState): boolean {
  return s.shown !== null && (s.shown.state === 'settled' || s.shown.state === 'cash_collected');
}

/** Whether the platform is known to be unreachable now (F6 is refused at once). */
export function linkDown(s: CashierState): boolean {
  return s.health !== null && (s.health.status === 'offline' || s.health.upstream.reachable === false);
}

/** The settlement id the window follows while its outcome is not known. */
export function followId(s: CashierState): string | null {
  return s.shown && s.shown.settlement_id !== null && IN_FLIGHT_STATES.includes(s.shown.state)
    ? s.shown.settlement_id
    : null;
}

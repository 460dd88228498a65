/**
 * The cashier's flow as one React hook: identify → pick the visit → (discharge) → pre-settle →
 * settle → print, or cancel. It owns the screen state and talks only to `window.settlement`.
 * Errors go through the handler chain (architecture §5.13); nothing here throws.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FeeLineRequest, IdentifyRequest } from '../../shared/api/requests';
import type { InboxItemView } from '../../shared/api/inbox';
import type { HealthView, PatientView, SettlementView, VisitState, VisitView } from '../../shared/api/views';
import type { SettlementBridge } from '../../shared/ipc/contract';
import type { PendingItemView, RevealView } from '../../shared/ipc/views';
import type { ErrorInfo, Result } from '../../shared/result';
import type { ErrorHandler, UiError } from './error-chain';
import { onCodes, runErrorChain } from './error-chain';
import { IN_FLIGHT_STATES } from './labels';
import { explain } from '../../shared/errors/catalog';

/** The screens of the window. */
export type Screen = 'cashier' | 'pending' | 'settings';

/** A confirmation the UI is asking for. */
export type Dialog =
  | { readonly kind: 'confirm-settle' }
  | { readonly kind: 'cancel'; readonly settlement_id: string };

/** A bill made at the window (typed lines or an imported file), before the patient is added. */
export interface BillDraft {
  readonly kind: 'outpatient' | 'pharmacy';
  readonly lines: readonly FeeLineRequest[];
}

/** How often an in-flight settlement is read again, milliseconds. */
const FOLLOW_MS = 1500;

/** The state and actions the components use. */
export interface Cashier {
  readonly screen: Screen;
  readonly setScreen: (s: Screen) => void;
  readonly credential: IdentifyRequest | null;
  readonly patient: PatientView | null;
  readonly revealed: RevealView | null;
  readonly insutype: string | null;
  readonly inbox: readonly InboxItemView[];
  readonly visit: VisitView | null;
  /** The settlement or pre-settlement on the result panel. */
  readonly shown: SettlementView | null;
  readonly acct: boolean;
  readonly dialog: Dialog | null;
  readonly error: UiError | null;
  readonly busy: string | null;
  readonly health: HealthView | null;
  readonly pending: readonly PendingItemView[];
  /** `data-state` of the state badge (ui-contract). */
  readonly badgeState: VisitState | null;
  readonly identify: (req: IdentifyRequest) => void;
  readonly reveal: () => void;
  readonly hideReveal: () => void;
  readonly selectInsutype: (insutype: string) => void;
  readonly openItem: (item: InboxItemView) => void;
  /** Whether the bill entry (typed lines, file import) is shown. */
  readonly billEntry: boolean;
  readonly setBillEntry: (open: boolean) => void;
  /** Makes the draft an inbox bill of the identified patient (`createBill`) and opens it. */
  readonly createBill: (draft: BillDraft) => void;
  readonly openSettlement: (p: PendingItemView) => void;
  readonly discharge: () => void;
  readonly presettle: () => void;
  readonly askSettle: () => void;
  readonly settle: () => void;
  readonly askCancel: (settlementId?: string) => void;
  readonly cancel: (reason: string, scope: 'visit' | 'settlement') => void;
  readonly recheck: (settlementId: string) => void;
  readonly closeDialog: () => void;
  readonly setAcct: (v: boolean) => void;
  readonly dismissError: () => void;
  readonly showError: (e: UiError) => void;
  readonly reset: () => void;
  /** The settlement the cancel action applies to, if any. */
  readonly cancellableId: string | null;
}

/** The cashier flow over `bridge`. */
export function useCashier(bridge: SettlementBridge): Cashier {
  const [screen, setScreen] = useState<Screen>('cashier');
  const [credential, setCredential] = useState<IdentifyRequest | null>(null);
  const [patient, setPatient] = useState<PatientView | null>(null);
  const [revealed, setRevealed] = useState<RevealView | null>(null);
  const [insutype, setInsutype] = useState<string | null>(null);
  const [inbox, setInbox] = useState<readonly InboxItemView[]>([]);
  const [visit, setVisit] = useState<VisitView | null>(null);
  const [shown, setShown] = useState<SettlementView | null>(null);
  const [acct, setAcct] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [health, setHealth] = useState<HealthView | null>(null);
  const [pending, setPending] = useState<readonly PendingItemView[]>([]);
  const [billEntry, setBillEntry] = useState(false);
  const busyRef = useRef(false);

  useEffect(
    () =>
      bridge.onEvent((e) => {
        if (e.type === 'health') setHealth(e.health);
        else setPending(e.items);
      }),
    [bridge],
  );

  const refreshPending = useCallback(() => {
    void bridge.listPending().then((r) => (r.ok ? setPending(r.value) : undefined));
  }, [bridge]);

  const reloadVisit = useCallback(
    (visitId: string) => {
      void bridge.getVisit({ visit_id: visitId }).then((r) => (r.ok ? setVisit(r.value) : undefined));
    },
    [bridge],
  );

  const refreshInbox = useCallback(() => {
    if (!patient) return;
    void bridge.listInbox(inboxQuery(patient, credential)).then((r) => (r.ok ? setInbox(r.value) : undefined));
  }, [bridge, credential, patient]);

  const handlers = useMemo<readonly ErrorHandler[]>(
    () => [
      // A settlement may be in flight elsewhere: keep the pending list current (D-25).
      onCodes(['SETTLEMENT_IN_PROGRESS', 'ALREADY_SETTLED', 'NEEDS_ATTENTION', 'UPSTREAM_UNKNOWN'], refreshPending),
      // The visit changed under us: show its real state.
      onCodes(['VISIT_STATE_CONFLICT', 'ALREADY_CANCELLED', 'ALREADY_REVERSED'], (e) => {
        if (visit && e.action !== 'identify') reloadVisit(visit.visit_id);
      }),
      // Default: the banner with the plain message, who acts and the next step (D-22).
      (e) => {
        setError(e);
        return null;
      },
    ],
    [refreshPending, reloadVisit, visit],
  );

  /** Runs one bridge call as `action`: one at a time, errors into the chain. */
  const run = useCallback(
    async <T,>(action: string, call: () => Promise<Result<T>>): Promise<T | null> => {
      if (busyRef.current) return null;
      busyRef.current = true;
      setBusy(action);
      setError(null);
      try {
        const r = await call();
        if (r.ok) return r.value;
        runErrorChain({ info: r.error, action }, handlers);
        return null;
      } finally {
        busyRef.current = false;
        setBusy(null);
      }
    },
    [handlers],
  );

  const hasAccount = useCallback(
    (p: PatientView | null, ins: string | null) => p?.insuinfo.some((row) => row.insutype === ins && row.has_account) ?? false,
    [],
  );

  const reset = useCallback(() => {
    setCredential(null);
    setPatient(null);
    setRevealed(null);
    setInsutype(null);
    setInbox([]);
    setVisit(null);
    setShown(null);
    setDialog(null);
    setError(null);
    setBillEntry(false);
    setScreen('cashier');
  }, []);

  const identify = useCallback(
    (req: IdentifyRequest) => {
      void (async () => {
        const p = await run('identify', () => bridge.identify(req));
        if (!p) return;
        setCredential(req);
        setPatient(p);
        setRevealed(null);
        setVisit(null);
        setShown(null);
        setBillEntry(false);
        // Default insurance row: the first in normal standing (psn_insu_stas 1), else the first.
        const row = p.insuinfo.find((r) => r.psn_insu_stas === '1') ?? p.insuinfo[0];
        const ins = row?.insutype ?? null;
        setInsutype(ins);
        setAcct(hasAccount(p, ins));
        const items = await bridge.listInbox(inboxQuery(p, req));
        if (items.ok) setInbox(items.value);
        else runErrorChain({ info: items.error, action: 'listInbox' }, handlers);
      })();
    },
    [bridge, run, hasAccount, handlers],
  );

  const reveal = useCallback(() => {
    if (!patient) return;
    void run('revealPatient', () => bridge.revealPatient({ psn_no: patient.psn_no })).then((v) => (v ? setRevealed(v) : undefined));
  }, [bridge, patient, run]);

  const showVisit = useCallback(
    (v: VisitView) => {
      setVisit(v);
      setShown(v.settlement ?? v.presettlement ?? null);
      setAcct(hasAccount(patient, v.insutype));
    },
    [hasAccount, patient],
  );

  const openItem = useCallback(
    (item: InboxItemView) => {
      void (async () => {
        if (item.state !== 'waiting' && item.visit_id !== null) {
          const v = await run('getVisit', () => bridge.getVisit({ visit_id: item.visit_id ?? '' }));
          if (v) showVisit(v);
          return;
        }
        if (!credential || !patient || !insutype) {
          setError({ info: localInfo('PATIENT_NOT_IDENTIFIED'), action: 'openVisit' });
          return;
        }
        const v = await run('openVisit', () =>
          bridge.openVisit({
            inbox_id: item.inbox_id,
            insutype,
            mdtrt_cert_type: credential.mdtrt_cert_type,
            mdtrt_cert_no: credential.mdtrt_cert_no,
            ...(credential.card_sn !== undefined ? { card_sn: credential.card_sn } : {}),
            psn_no: patient.psn_no,
          }),
        );
        if (!v) return;
        showVisit(v);
        const items = await bridge.listInbox(inboxQuery(patient, credential));
        if (items.ok) setInbox(items.value);
      })();
    },
    [bridge, credential, insutype, patient, run, showVisit],
  );

  // A bill typed or imported at the window is stored as an inbox bill, then opened like one.
  const createBill = useCallback(
    (draft: BillDraft) => {
      void (async () => {
        if (!patient) {
          setError({ info: localInfo('PATIENT_NOT_IDENTIFIED'), action: 'createBill' });
          return;
        }
        const q = inboxQuery(patient, credential);
        const item = await run('createBill', () => bridge.createBill({ kind: draft.kind, psn_no: patient.psn_no, ...(q.certno !== undefined ? { certno: q.certno } : {}), lines: [...draft.lines] }));
        if (!item) return;
        setBillEntry(false);
        const items = await bridge.listInbox(q);
        if (items.ok) setInbox(items.value);
        openItem(item);
      })();
    },
    [bridge, credential, openItem, patient, run],
  );

  const openSettlement = useCallback(
    (p: PendingItemView) => {
      void (async () => {
        const v = await run('getVisit', () => bridge.getVisit({ visit_id: p.visit_id }));
        if (!v) return;
        setVisit(v);
        const s = await bridge.getSettlement({ settlement_id: p.settlement_id });
        setShown(s.ok ? s.value : (v.settlement ?? null));
        setScreen('cashier');
      })();
    },
    [bridge, run],
  );

  const discharge = useCallback(() => {
    if (!visit || visit.kind !== 'inpatient') return;
    void run('discharge', () => bridge.discharge({ visit_id: visit.visit_id })).then((v) => (v ? setVisit(v) : undefined));
  }, [bridge, run, visit]);

  const flag = acct ? '1' : '0';
  const presettle = useCallback(() => {
    if (!visit) return;
    void run('presettle', () => bridge.presettle({ visit_id: visit.visit_id, acct_used_flag: flag })).then((s) => (s ? setShown(s) : undefined));
  }, [bridge, flag, run, visit]);

  const askSettle = useCallback(() => {
    if (visit) setDialog({ kind: 'confirm-settle' });
  }, [visit]);

  const settle = useCallback(() => {
    setDialog(null);
    if (!visit) return;
    void run('settle', () => bridge.settle({ visit_id: visit.visit_id, acct_used_flag: flag })).then((s) => {
      if (!s) return;
      setShown(s);
      reloadVisit(visit.visit_id);
      refreshPending();
      refreshInbox();
    });
  }, [bridge, flag, refreshInbox, refreshPending, reloadVisit, run, visit]);

  const cancellableId = shown?.settlement_id ?? visit?.settlement?.settlement_id ?? null;

  const askCancel = useCallback(
    (settlementId?: string) => {
      const id = settlementId ?? cancellableId;
      if (id) setDialog({ kind: 'cancel', settlement_id: id });
    },
    [cancellableId],
  );

  const cancel = useCallback(
    (reason: string, scope: 'visit' | 'settlement') => {
      if (dialog?.kind !== 'cancel') return;
      const id = dialog.settlement_id;
      setDialog(null);
      void run('cancel', () => bridge.cancel({ settlement_id: id, reason, scope })).then((s) => {
        if (!s) return;
        setShown(s);
        if (visit && visit.visit_id === s.visit_id) reloadVisit(visit.visit_id);
        refreshPending();
        refreshInbox();
      });
    },
    [bridge, dialog, refreshInbox, refreshPending, reloadVisit, run, visit],
  );

  const recheck = useCallback(
    (settlementId: string) => {
      void run('recheck', () => bridge.recheck({ settlement_id: settlementId })).then(() => refreshPending());
    },
    [bridge, refreshPending, run],
  );

  // An unknown outcome is resolved by the services (reliability.md §3): follow it until it lands.
  const followId = shown && shown.settlement_id !== null && IN_FLIGHT_STATES.includes(shown.state) ? shown.settlement_id : null;
  useEffect(() => {
    if (followId === null) return;
    const h = window.setInterval(() => {
      void bridge.getSettlement({ settlement_id: followId }).then((r) => {
        if (r.ok) setShown((cur) => (cur && cur.settlement_id === followId ? r.value : cur));
      });
    }, FOLLOW_MS);
    return () => window.clearInterval(h);
  }, [bridge, followId]);

  const badgeState: VisitState | null = visit ? (shown?.state ?? visit.state) : null;

  return {
    screen,
    setScreen,
    credential,
    patient,
    revealed,
    insutype,
    inbox,
    visit,
    shown,
    acct,
    dialog,
    error,
    busy,
    health,
    pending,
    badgeState,
    identify,
    reveal,
    hideReveal: () => setRevealed(null),
    selectInsutype: (ins) => {
      setInsutype(ins);
      setAcct(hasAccount(patient, ins));
    },
    openItem,
    billEntry,
    setBillEntry,
    createBill,
    openSettlement,
    discharge,
    presettle,
    askSettle,
    settle,
    askCancel,
    cancel,
    recheck,
    closeDialog: () => setDialog(null),
    setAcct,
    dismissError: () => setError(null),
    showError: setError,
    reset,
    cancellableId,
  };
}

/**
 * Which inbox bills belong to the patient: the HIS pushes bills by psn_no or by ID number, so both
 * are sent when the ID number is known in the clear (typed, or an unmasked view).
 */
function inboxQuery(p: PatientView, cred: IdentifyRequest | null): { psn_no: string; certno?: string } {
  const certno = cred?.mdtrt_cert_type === '02' ? cred.mdtrt_cert_no : p.certno.includes('*') ? null : p.certno;
  return { psn_no: p.psn_no, ...(certno !== null && certno.length <= 18 ? { certno } : {}) };
}

/** A local error's plain data, for errors the UI raises itself. */
function localInfo(code: string): ErrorInfo {
  const e = explain(code);
  return { code, message: e.message, hint: e.hint, actor: e.actor, retryable: e.retryable };
}

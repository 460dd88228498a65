/**
 * The cashier's flow as one React hook: identify → pick the visit → (discharge) → pre-settle →
 * settle → print, or cancel. The state is the pure reducer of `cashier-state.ts`; this hook only
 * runs the effects (bridge calls, the follow timer, pushed events) and dispatches their results.
 * Errors go through the handler chain (docs/architecture.md §5.13); nothing here throws.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { FeeLineRequest, IdentifyRequest } from '../../shared/api/requests';
import type { PatientView, SettlementView, VisitState } from '../../shared/api/views';
import type { SettlementBridge } from '../../shared/ipc/contract';
import type { OpenVisitRowView, PendingItemView, SettlementRowView } from '../../shared/ipc/views';
import type { ErrorInfo, Result } from '../../shared/result';
import type { ErrorHandler, UiError } from './error-chain';
import type { CashierState, Screen } from './cashier-state';
import { onCodes, runErrorChain } from './error-chain';
import {
  INITIAL_STATE,
  LINK_DOWN_CODES,
  badgeState,
  cancellableSettlement,
  cashierReducer,
  followId,
  linkDown,
  needsDischarge,
} from './cashier-state';
import { explainForAction } from './messages';
import { explain } from '../../shared/errors/catalog';

export type { Dialog, Screen } from './cashier-state';

/** A bill made at the window (typed lines or an imported file), before the patient is added. */
export interface BillDraft {
  readonly kind: 'outpatient' | 'pharmacy';
  readonly lines: readonly FeeLineRequest[];
}

/** How often an in-flight settlement is read again, milliseconds. */
const FOLLOW_MS = 1500;

/** The state and actions the components use. */
export interface Cashier extends CashierState {
  /** `data-state` of the state badge (ui-contract). */
  readonly badgeState: VisitState | null;
  /** The settlement the cancel action applies to, if any. */
  readonly cancellable: SettlementView | null;
  readonly setScreen: (s: Screen) => void;
  readonly identify: (req: IdentifyRequest) => void;
  readonly reveal: () => void;
  readonly hideReveal: () => void;
  readonly selectInsutype: (insutype: string) => void;
  readonly openRow: (row: OpenVisitRowView) => void;
  /** Opens the bill last refused again as full self-pay with upload (D-21): the patient pays it all, the fees still go up. */
  readonly openSelfPay: () => void;
  readonly setBillEntry: (open: boolean) => void;
  /** Makes the draft an inbox bill of the identified patient (`createBill`) and opens it. */
  readonly createBill: (draft: BillDraft) => void;
  readonly openSettlement: (
    p: { readonly visit_id: string; readonly settlement_id: string },
    opts?: { readonly reprint?: boolean },
  ) => void;
  readonly askDischarge: () => void;
  readonly discharge: (endtime: string, dscgWay: '1' | '2' | '3' | '4' | '5' | '9') => void;
  readonly presettle: () => void;
  readonly askSettle: () => void;
  readonly settle: () => void;
  readonly askCancel: (row?: SettlementRowView | PendingItemView) => void;
  readonly cancel: (reason: string, scope: 'visit' | 'settlement') => void;
  readonly recheck: (settlementId: string) => void;
  readonly searchToday: (q: string) => void;
  readonly closeDialog: () => void;
  readonly setAcct: (v: boolean) => void;
  readonly dismissError: () => void;
  readonly showError: (e: UiError) => void;
  readonly reset: () => void;
}

/** A local error's plain data, for errors the UI raises itself. */
export function localInfo(code: string, message?: string): ErrorInfo {
  const e = explain(code);
  return { code, message: message ?? e.message, hint: e.hint, actor: e.actor, retryable: e.retryable };
}

/** The cashier flow over `bridge`. */
export function useCashier(bridge: SettlementBridge): Cashier {
  const [s, dispatch] = useReducer(cashierReducer, INITIAL_STATE);
  const busyRef = useRef(false);
  // The latest state for callbacks that run after an await.
  const now = useRef(s);
  now.current = s;

  useEffect(
    () =>
      bridge.onEvent((e) => {
        if (e.type === 'health') dispatch({ type: 'health', health: e.health });
        else dispatch({ type: 'pending', items: e.items });
      }),
    [bridge],
  );

  const refreshPending = useCallback(() => {
    void bridge.listPending().then((r) => (r.ok ? dispatch({ type: 'pending', items: r.value }) : undefined));
  }, [bridge]);

  const refreshHealth = useCallback(() => {
    void bridge.health().then((r) => (r.ok ? dispatch({ type: 'health', health: r.value }) : undefined));
  }, [bridge]);

  const reloadVisit = useCallback(
    (visitId: string) => {
      void bridge
        .getVisit({ visit_id: visitId })
        .then((r) => (r.ok ? dispatch({ type: 'visitReloaded', visit: r.value }) : undefined));
    },
    [bridge],
  );

  const refreshLists = useCallback(
    (p: PatientView | null, cred: IdentifyRequest | null) => {
      if (!p) return;
      void bridge
        .listOpenVisits(openVisitsQuery(p, cred))
        .then((r) => (r.ok ? dispatch({ type: 'visits', rows: r.value }) : undefined));
      void bridge
        .listSettlements({ psn_no: p.psn_no, period: 'recent' })
        .then((r) => (r.ok ? dispatch({ type: 'recent', rows: r.value }) : undefined));
    },
    [bridge],
  );

  const handlers = useMemo<readonly ErrorHandler[]>(
    () => [
      // The platform did not answer: the health strip turns red now, not at the next probe.
      onCodes(LINK_DOWN_CODES, () => dispatch({ type: 'linkDown' })),
      // Any platform failure: read the health now, so the strip shows what the link monitor saw.
      (e) => {
        if (e.info.code.startsWith('UPSTREAM_')) refreshHealth();
        return e;
      },
      // A settlement may be in flight elsewhere: keep the pending list current (D-25).
      onCodes(['SETTLEMENT_IN_PROGRESS', 'ALREADY_SETTLED', 'NEEDS_ATTENTION', 'UPSTREAM_UNKNOWN'], refreshPending),
      // The visit changed under us: show its real state.
      onCodes(['VISIT_STATE_CONFLICT', 'ALREADY_CANCELLED', 'ALREADY_REVERSED'], (e) => {
        const v = now.current.visit;
        if (v && e.action !== 'identify') reloadVisit(v.visit_id);
      }),
      // Default: the banner with a message that fits the step, who acts and the next step (D-22).
      (e) => {
        dispatch({ type: 'error', error: { ...e, info: explainForAction(e.info, e.action) } });
        return null;
      },
    ],
    [refreshHealth, refreshPending, reloadVisit],
  );

  /** Runs one bridge call as `action`: one at a time, errors into the chain. */
  const run = useCallback(
    async <T>(action: string, call: () => Promise<Result<T>>): Promise<T | null> => {
      if (busyRef.current) return null;
      busyRef.current = true;
      dispatch({ type: 'busy', action });
      try {
        const r = await call();
        if (r.ok) return r.value;
        runErrorChain({ info: r.error, action }, handlers);
        return null;
      } finally {
        busyRef.current = false;
        dispatch({ type: 'idle' });
      }
    },
    [handlers],
  );

  const fail = useCallback(
    (code: string, action: string, message?: string) =>
      dispatch({ type: 'error', error: { info: localInfo(code, message), action } }),
    [],
  );

  const identify = useCallback(
    (req: IdentifyRequest) => {
      void (async () => {
        const p = await run('identify', () => bridge.identify(req));
        if (!p) return;
        dispatch({ type: 'identified', credential: req, patient: p });
        refreshLists(p, req);
      })();
    },
    [bridge, refreshLists, run],
  );

  const reveal = useCallback(() => {
    const p = now.current.patient;
    if (!p) return;
    void run('revealPatient', () => bridge.revealPatient({ psn_no: p.psn_no })).then((v) =>
      v ? dispatch({ type: 'revealed', view: v }) : undefined,
    );
  }, [bridge, run]);

  const lastRow = useRef<OpenVisitRowView | null>(null);
  const openRow = useCallback(
    (row: OpenVisitRowView, selfPay = false) => {
      lastRow.current = row;
      void (async () => {
        const { credential, patient, insutype } = now.current;
        if (row.state !== 'waiting' || row.inbox_id === null) {
          const v = await run('getVisit', () => bridge.getVisit({ visit_id: row.visit_id }));
          if (v) dispatch({ type: 'visitOpened', visit: v });
          return;
        }
        if (!credential || !patient || !insutype) {
          fail('PATIENT_NOT_IDENTIFIED', 'openVisit');
          return;
        }
        const inboxId = row.inbox_id;
        const v = await run('openVisit', () =>
          bridge.openVisit({
            inbox_id: inboxId,
            insutype,
            mdtrt_cert_type: credential.mdtrt_cert_type,
            mdtrt_cert_no: credential.mdtrt_cert_no,
            ...(credential.card_sn !== undefined ? { card_sn: credential.card_sn } : {}),
            psn_no: patient.psn_no,
            ...(selfPay ? { self_pay: true } : {}),
          }),
        );
        if (!v) return;
        dispatch({ type: 'visitOpened', visit: v });
        refreshLists(patient, credential);
      })();
    },
    [bridge, fail, refreshLists, run],
  );

  // A bill typed or imported at the window is stored as an inbox bill, then opened like one.
  const createBill = useCallback(
    (draft: BillDraft) => {
      void (async () => {
        const { patient, credential } = now.current;
        if (!patient) {
          fail('PATIENT_NOT_IDENTIFIED', 'createBill');
          return;
        }
        const q = openVisitsQuery(patient, credential);
        const item = await run('createBill', () =>
          bridge.createBill({
            kind: draft.kind,
            psn_no: patient.psn_no,
            ...(q.certno !== undefined ? { certno: q.certno } : {}),
            lines: [...draft.lines],
          }),
        );
        if (!item) return;
        dispatch({ type: 'billEntry', open: false });
        openRow({
          visit_id: item.visit_id ?? item.inbox_id,
          inbox_id: item.inbox_id,
          state: 'waiting',
          kind: item.kind,
          ipt_otp_no: item.ipt_otp_no,
          begntime: item.begntime,
          dept_name: item.dept_name,
          dr_name: item.dr_name,
          dise_name: item.dise_name,
          line_count: item.line_count,
          total: item.total,
        });
      })();
    },
    [bridge, fail, openRow, run],
  );

  const openSettlement = useCallback(
    (p: { readonly visit_id: string; readonly settlement_id: string }, opts?: { readonly reprint?: boolean }) => {
      void (async () => {
        const v = await run('getVisit', () => bridge.getVisit({ visit_id: p.visit_id }));
        if (!v) return;
        const st = await bridge.getSettlement({ settlement_id: p.settlement_id });
        dispatch({
          type: 'visitOpened',
          visit: v,
          shown: st.ok ? st.value : (v.settlement ?? null),
          reprint: opts?.reprint ?? false,
        });
      })();
    },
    [bridge, run],
  );

  const askDischarge = useCallback(() => {
    const v = now.current.visit;
    if (v && v.kind === 'inpatient' && !v.endtime) dispatch({ type: 'dialog', dialog: { kind: 'discharge' } });
  }, []);

  const discharge = useCallback(
    (endtime: string, dscgWay: '1' | '2' | '3' | '4' | '5' | '9') => {
      const v = now.current.visit;
      dispatch({ type: 'dialog', dialog: null });
      if (!v || v.kind !== 'inpatient') return;
      void run('discharge', () => bridge.discharge({ visit_id: v.visit_id, endtime, dscg_way: dscgWay })).then((nv) => {
        if (!nv) return;
        dispatch({ type: 'visitOpened', visit: nv, shown: now.current.shown });
        dispatch({
          type: 'notice',
          text: `已办理出院（出院时间 ${nv.endtime ?? endtime}），现在可以预结算（F5）和结算（F6）。`,
        });
      });
    },
    [bridge, run],
  );

  const presettle = useCallback(() => {
    const st = now.current;
    if (!st.visit) return;
    if (needsDischarge(st)) {
      fail('VISIT_STATE_CONFLICT', 'presettle', '请先办理出院（F7）');
      return;
    }
    const visitId = st.visit.visit_id;
    void run('presettle', () => bridge.presettle({ visit_id: visitId, acct_used_flag: st.acct ? '1' : '0' })).then(
      (r) => (r ? dispatch({ type: 'result', settlement: r }) : undefined),
    );
  }, [bridge, fail, run]);

  const askSettle = useCallback(() => {
    const st = now.current;
    if (!st.visit) return;
    if (needsDischarge(st)) {
      fail('VISIT_STATE_CONFLICT', 'settle', '请先办理出院（F7）');
      return;
    }
    // As the HIS API refuses at once while the platform is down, so does the window.
    if (linkDown(st)) {
      fail('UPSTREAM_UNREACHABLE', 'settle', '医保平台当前连不上，本次结算没有发出。');
      return;
    }
    dispatch({ type: 'dialog', dialog: { kind: 'confirm-settle' } });
  }, [fail]);

  const settle = useCallback(() => {
    const st = now.current;
    dispatch({ type: 'dialog', dialog: null });
    if (!st.visit) return;
    const visitId = st.visit.visit_id;
    void run('settle', () => bridge.settle({ visit_id: visitId, acct_used_flag: st.acct ? '1' : '0' })).then((r) => {
      if (!r) return;
      dispatch({ type: 'result', settlement: r });
      reloadVisit(visitId);
      refreshPending();
      refreshLists(now.current.patient, now.current.credential);
    });
  }, [bridge, refreshLists, refreshPending, reloadVisit, run]);

  const askCancel = useCallback(
    (row?: SettlementRowView | PendingItemView) => {
      void (async () => {
        if (!row) {
          const c = cancellableSettlement(now.current);
          if (c) dispatch({ type: 'dialog', dialog: { kind: 'cancel', settlement: c } });
          return;
        }
        // From a list: read the settlement first, so the dialog shows what will be refunded.
        const st = await run('getSettlement', () => bridge.getSettlement({ settlement_id: row.settlement_id }));
        if (st) dispatch({ type: 'dialog', dialog: { kind: 'cancel', settlement: st } });
      })();
    },
    [bridge, run],
  );

  const searchToday = useCallback(
    (q: string, filter: { scope?: 'window' | 'all'; opter?: string } = {}) => {
      const query = q.trim();
      const opter = filter.opter?.trim() ?? '';
      // This window's by default; every window's only for a supervisor (the bridge refuses a cashier).
      const scope = { ...(filter.scope === 'all' ? { scope: 'all' as const } : {}), ...(opter ? { opter } : {}) };
      void bridge.listSettlements({ period: 'today', ...(query ? { q: query } : {}), ...scope }).then((r) => {
        if (r.ok) dispatch({ type: 'today', rows: r.value });
        else runErrorChain({ info: r.error, action: 'listSettlements' }, handlers);
      });
    },
    [bridge, handlers],
  );

  const cancel = useCallback(
    (reason: string, scope: 'visit' | 'settlement') => {
      const d = now.current.dialog;
      if (d?.kind !== 'cancel' || d.settlement.settlement_id === null) return;
      const id = d.settlement.settlement_id;
      dispatch({ type: 'dialog', dialog: null });
      void run('cancel', () => bridge.cancel({ settlement_id: id, reason, scope })).then((r) => {
        if (!r) return;
        const st = now.current;
        if (st.visit && st.visit.visit_id === r.visit_id) {
          dispatch({ type: 'result', settlement: r });
          reloadVisit(r.visit_id);
        }
        refreshPending();
        refreshLists(st.patient, st.credential);
        if (st.screen === 'today') searchToday('');
        // The refund changes the account balance: read the platform's new balance (1101).
        if (st.credential && st.patient) {
          void bridge
            .identify(st.credential)
            .then((p) => (p.ok ? dispatch({ type: 'patientRefreshed', patient: p.value }) : undefined));
        }
      });
    },
    [bridge, refreshLists, refreshPending, reloadVisit, run, searchToday],
  );

  const recheck = useCallback(
    (settlementId: string) => {
      void run('recheck', () => bridge.recheck({ settlement_id: settlementId })).then((r) => {
        if (r) dispatch({ type: 'recheckNote', note: { settlement_id: settlementId, text: recheckText(r) } });
        refreshPending();
      });
    },
    [bridge, refreshPending, run],
  );

  // An unknown outcome is resolved by the services (docs/reliability.md §3): follow it until it lands.
  const follow = followId(s);
  useEffect(() => {
    if (follow === null) return;
    const h = window.setInterval(() => {
      void bridge
        .getSettlement({ settlement_id: follow })
        .then((r) => (r.ok ? dispatch({ type: 'followed', settlement: r.value }) : undefined));
    }, FOLLOW_MS);
    return () => window.clearInterval(h);
  }, [bridge, follow]);

  // The day's list is read when its screen opens.
  useEffect(() => {
    if (s.screen === 'today') searchToday('');
  }, [s.screen, searchToday]);

  return {
    ...s,
    badgeState: badgeState(s),
    cancellable: cancellableSettlement(s),
    setScreen: useCallback((screen: Screen) => dispatch({ type: 'screen', screen }), []),
    identify,
    reveal,
    hideReveal: useCallback(() => dispatch({ type: 'revealed', view: null }), []),
    selectInsutype: useCallback((insutype: string) => dispatch({ type: 'insutype', insutype }), []),
    openRow,
    openSelfPay: useCallback(() => {
      if (lastRow.current) openRow(lastRow.current, true);
    }, [openRow]),
    setBillEntry: useCallback((open: boolean) => dispatch({ type: 'billEntry', open }), []),
    createBill,
    openSettlement,
    askDischarge,
    discharge,
    presettle,
    askSettle,
    settle,
    askCancel,
    cancel,
    recheck,
    searchToday,
    closeDialog: useCallback(() => dispatch({ type: 'dialog', dialog: null }), []),
    setAcct: useCallback((value: boolean) => dispatch({ type: 'acct', value }), []),
    dismissError: useCallback(() => dispatch({ type: 'dismissError' }), []),
    showError: useCallback((error: UiError) => dispatch({ type: 'error', error }), []),
    reset: useCallback(() => dispatch({ type: 'reset' }), []),
  };
}

/** What a recheck found, in words for the pending row. */
function recheckText(r: SettlementView): string {
  switch (r.state) {
    case 'settled':
    case 'cash_collected':
      return '已向医保平台核实：结算成功。';
    case 'reversed':
    case 'not_settled':
      return '已向医保平台核实：平台上没有这笔结算（或已冲正），可重新结算。';
    case 'cancelled':
      return '已向医保平台核实：结算已撤销。';
    default:
      return '已向医保平台发起核实，结果回来后这里会更新。';
  }
}

/**
 * Which open visits belong to the patient: the HIS pushes bills by psn_no or by ID number, so both
 * are sent when the ID number is known in the clear (typed, or an unmasked view).
 */
function openVisitsQuery(p: PatientView, cred: IdentifyRequest | null): { psn_no: string; certno?: string } {
  const certno = cred?.mdtrt_cert_type === '02' ? cred.mdtrt_cert_no : p.certno.includes('*') ? null : p.certno;
  return { psn_no: p.psn_no, ...(certno !== null && certno.length <= 18 ? { certno } : {}) };
}

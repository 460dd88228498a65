/**
 * The cashier window: health strip, identify field, patient, visits, bill, actions, result, and
 * the pending and settings screens. Every main action has a function key (lib/function-keys).
 */
import { useCallback, useEffect, useState } from 'react';
import type { SettlementBridge } from '../../shared/ipc/contract';
import { chinaDate } from '../../shared/china-time';
import { assertNever } from '../../shared/result';
import type { KeyAction } from '../lib/function-keys';
import { FUNCTION_KEYS } from '../lib/function-keys';
import { CANCELLABLE_STATES, NOT_SETTLEABLE_STATES } from '../lib/labels';
import { useCashier } from '../lib/use-cashier';
import { defaultBillKind } from '../lib/bill-lines';
import { BillEntry } from './bill-entry';
import { ActionBar } from './action-bar';
import { BillView } from './bill-view';
import { CancelDialog } from './cancel-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorBanner } from './error-banner';
import { HealthStrip } from './health-strip';
import { IdentifyBar } from './identify-bar';
import { KeyHints } from './key-hints';
import { PatientPanel } from './patient-panel';
import { PendingView } from './pending-view';
import { PrintSlip } from './print-slip';
import { ResultPanel } from './result-panel';
import { SettingsView } from './settings-view';
import { StateBadge } from './state-badge';
import { VisitList } from './visit-list';
import { Amount } from './amount';

/** Props of `App`. */
export interface AppProps {
  readonly bridge: SettlementBridge;
}

const today = (): string => chinaDate(Date.now());

/** The whole window. */
export function App({ bridge }: AppProps) {
  const c = useCashier(bridge);
  const [focusToken, setFocusToken] = useState(0);

  const shownCancellable = c.cancellableId !== null && c.badgeState !== null && CANCELLABLE_STATES.includes(c.badgeState);
  const canSettle = c.visit !== null && !NOT_SETTLEABLE_STATES.includes(c.visit.state);
  const canPrint = c.shown !== null && (c.shown.state === 'settled' || c.shown.state === 'cash_collected');
  const acctAvailable = c.patient?.insuinfo.some((r) => r.insutype === (c.visit?.insutype ?? c.insutype) && r.has_account) ?? false;

  const act = useCallback(
    (a: KeyAction) => {
      switch (a) {
        case 'newPatient':
          c.reset();
          setFocusToken((n) => n + 1);
          return;
        case 'billEntry':
          // A bill typed or imported at the window is for the identified patient only.
          if (c.screen === 'cashier' && c.patient) c.setBillEntry(!c.billEntry);
          return;
        case 'pending':
          c.setScreen(c.screen === 'pending' ? 'cashier' : 'pending');
          return;
        case 'settings':
          c.setScreen(c.screen === 'settings' ? 'cashier' : 'settings');
          return;
        case 'presettle':
          if (c.screen === 'cashier' && canSettle) c.presettle();
          return;
        case 'settle':
          if (c.screen === 'cashier' && canSettle) c.askSettle();
          return;
        case 'discharge':
          if (c.screen === 'cashier') c.discharge();
          return;
        case 'cancel':
          if (c.screen === 'cashier' && shownCancellable) c.askCancel();
          return;
        case 'print':
          if (canPrint) window.print();
          return;
        default:
          assertNever(a, 'key action');
      }
    },
    [c, canPrint, canSettle, shownCancellable],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const a = FUNCTION_KEYS[e.key];
      if (a === undefined) return;
      // The browser's own use of F5 (reload), F6, F7 … is switched off in the cashier window.
      e.preventDefault();
      if (c.dialog !== null || c.busy !== null) return;
      act(a);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, c.busy, c.dialog]);

  return (
    <div className="app">
      <HealthStrip health={c.health} pendingCount={c.pending.length} />
      <nav className="screens" aria-label="画面">
        <button type="button" className={c.screen === 'cashier' ? 'active' : ''} onClick={() => c.setScreen('cashier')}>
          收费
        </button>
        <button type="button" className={c.screen === 'pending' ? 'active' : ''} onClick={() => c.setScreen('pending')} data-testid="pending-tab">
          待处理 {c.pending.length > 0 ? <span className="count">{c.pending.length}</span> : null} <kbd>F4</kbd>
        </button>
        <button type="button" className={c.screen === 'settings' ? 'active' : ''} onClick={() => c.setScreen('settings')}>
          设置 <kbd>F10</kbd>
        </button>
      </nav>
      {c.error ? <ErrorBanner error={c.error} onDismiss={c.dismissError} /> : null}
      <main className="screen-main">
        {c.screen === 'cashier' ? (
          <div className="cashier">
            <IdentifyBar onSubmit={c.identify} today={today} busy={c.busy !== null} focusToken={focusToken} />
            {c.patient ? (
              <PatientPanel
                patient={c.patient}
                revealed={c.revealed}
                insutype={c.insutype}
                onSelectInsutype={c.selectInsutype}
                onReveal={c.reveal}
                onHide={c.hideReveal}
                institutionAdmdvs={c.health?.institution.mdtrtarea_admvs ?? null}
              />
            ) : null}
            {c.patient ? <VisitList items={c.inbox} activeVisitId={c.visit?.visit_id ?? null} onOpen={c.openItem} autoFocus={c.visit === null && !c.billEntry} /> : null}
            {c.patient && !c.billEntry ? (
              <button type="button" className="bill-entry-open" data-testid="bill-entry-open" disabled={c.busy !== null} onClick={() => act('billEntry')}>
                录入/导入账单 <kbd>F3</kbd>
              </button>
            ) : null}
            {c.patient && c.billEntry ? (
              <BillEntry
                defaultKind={defaultBillKind(c.health?.institution.fixmedins_code)}
                busy={c.busy !== null}
                onCreate={c.createBill}
                onClose={() => c.setBillEntry(false)}
                onError={c.showError}
              />
            ) : null}
            {c.visit ? (
              <div className="visit">
                <div className="visit-head">
                  {c.badgeState ? <StateBadge state={c.badgeState} /> : null}
                  <span>
                    账单合计 <Amount value={c.visit.totals.det_item_fee_sumamt} />
                  </span>
                </div>
                <BillView visit={c.visit} />
                <ActionBar
                  visit={c.visit}
                  acct={c.acct}
                  acctAvailable={acctAvailable}
                  canSettle={canSettle}
                  canCancel={shownCancellable}
                  canPrint={canPrint}
                  busy={c.busy}
                  onAction={act}
                  onAcct={c.setAcct}
                />
                {c.shown ? <ResultPanel result={c.shown} /> : null}
                {c.shown && canPrint ? <PrintSlip visit={c.visit} result={c.shown} health={c.health} /> : null}
              </div>
            ) : null}
          </div>
        ) : c.screen === 'pending' ? (
          <PendingView items={c.pending} busy={c.busy !== null} onView={c.openSettlement} onRecheck={c.recheck} onCancel={(id) => c.askCancel(id)} />
        ) : (
          <SettingsView bridge={bridge} onError={c.showError} />
        )}
      </main>
      {c.dialog?.kind === 'confirm-settle' && c.visit ? (
        <ConfirmDialog title="确认结算" confirmLabel="确认结算" onConfirm={c.settle} onClose={c.closeDialog}>
          <p>
            将为本次{c.visit.kind === 'inpatient' ? '住院' : c.visit.kind === 'pharmacy' ? '购药' : '门诊'}费用向医保平台正式结算，合计{' '}
            <Amount value={c.visit.totals.det_item_fee_sumamt} />。
          </p>
          <p>{c.acct ? '使用个人账户支付。' : '不使用个人账户。'}</p>
        </ConfirmDialog>
      ) : null}
      {c.dialog?.kind === 'cancel' ? <CancelDialog onConfirm={c.cancel} onClose={c.closeDialog} /> : null}
      <KeyHints />
    </div>
  );
}

/**
 * The cashier window: health strip, identify field, patient, open visits, bill, and beside the
 * bill the result with a sticky action bar; the day's settlements, pending and settings screens.
 * Every main action has a function key (lib/function-keys). The error banner floats over the
 * screen, so it never pushes the identify field down.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettlementBridge } from '../../shared/ipc/contract';
import { chinaDate, chinaDateTime } from '../../shared/china-time';
import { maskName } from '../../shared/redact';
import { assertNever } from '../../shared/result';
import type { KeyAction } from '../lib/function-keys';
import { FUNCTION_KEYS } from '../lib/function-keys';
import { useCashier } from '../lib/use-cashier';
import { canPrint, canSettle, hasAccount, needsDischarge } from '../lib/cashier-state';
import { defaultBillKind } from '../lib/bill-lines';
import { printSettlementSlip, slipInputOf } from '../lib/slip-print';
import { BillEntry } from './bill-entry';
import { ActionBar } from './action-bar';
import { BillView } from './bill-view';
import { CancelDialog } from './cancel-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { DischargeDialog } from './discharge-dialog';
import { ErrorBanner } from './error-banner';
import { HealthStrip } from './health-strip';
import { IdentifyBar } from './identify-bar';
import { KeyHints } from './key-hints';
import { PatientPanel } from './patient-panel';
import { PendingView } from './pending-view';
import { PrintSlip } from './print-slip';
import { ResultPanel } from './result-panel';
import { SettingsView } from './settings-view';
import { SettlementList } from './settlement-list';
import { ReconciliationView } from './reconciliation-view';
import { StateBadge } from './state-badge';
import { TodayView } from './today-view';
import { VisitList } from './visit-list';
import { Amount } from './amount';

/** Refusals at opening after which the cashier may settle as full self-pay with upload (D-21). */
const SELF_PAY_OFFERED: readonly string[] = ['NO_REGISTRATION'];

/** Props of `App`. */
export interface AppProps {
  readonly bridge: SettlementBridge;
}

const today = (): string => chinaDate(Date.now());

/** The whole window. */
export function App({ bridge }: AppProps) {
  const c = useCashier(bridge);
  // Every window's settlements are a supervisor's (or anyone's while no roster exists); the bridge decides again.
  const [mayListAll, setMayListAll] = useState(false);
  useEffect(() => {
    if (c.screen !== 'today') return;
    void bridge
      .whoAmI()
      .then((r) => setMayListAll(r.ok && (!r.value.roster || r.value.operator?.role === 'supervisor')));
  }, [bridge, c.screen]);
  const [focusToken, setFocusToken] = useState(0);
  const resultRef = useRef<HTMLElement>(null);

  const settleable = canSettle(c);
  const printable = canPrint(c);
  const acctAvailable = hasAccount(c.patient, c.visit?.insutype ?? c.insutype);

  // A new result scrolls into view, with the cash to collect at its top.
  useEffect(() => {
    if (c.resultSeq > 0) resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [c.resultSeq]);

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
        case 'today':
          c.setScreen(c.screen === 'today' ? 'cashier' : 'today');
          return;
        case 'settings':
          c.setScreen(c.screen === 'settings' ? 'cashier' : 'settings');
          return;
        case 'reconciliation':
          c.setScreen(c.screen === 'reconciliation' ? 'cashier' : 'reconciliation');
          return;
        case 'presettle':
          if (c.screen === 'cashier' && (settleable || needsDischarge(c))) c.presettle();
          return;
        case 'settle':
          if (c.screen === 'cashier' && (settleable || needsDischarge(c))) c.askSettle();
          return;
        case 'discharge':
          if (c.screen === 'cashier') c.askDischarge();
          return;
        case 'cancel':
          if (c.screen === 'cashier' && c.cancellable) c.askCancel();
          return;
        case 'print':
          // The template slip through Electron; the browser's own dialog in browser mode (lib/slip-print).
          if (printable && c.visit && c.shown) {
            const name = c.revealed?.psn_name ?? maskName(c.visit.psn_name);
            void printSettlementSlip(bridge, slipInputOf(c.visit, c.shown, c.health, name, c.reprint), () =>
              window.print(),
            );
          }
          return;
        default:
          assertNever(a, 'key action');
      }
    },
    [bridge, c, printable, settleable],
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

  const shownName = c.revealed?.psn_name ?? maskName(c.visit?.psn_name ?? '');

  return (
    <div className="app">
      <HealthStrip health={c.health} pendingCount={c.pending.length} />
      <nav className="screens" aria-label="画面">
        <button type="button" className={c.screen === 'cashier' ? 'active' : ''} onClick={() => c.setScreen('cashier')}>
          收费
        </button>
        <button
          type="button"
          className={c.screen === 'today' ? 'active' : ''}
          onClick={() => c.setScreen('today')}
          data-testid="today-tab"
        >
          今日结算 <kbd>F11</kbd>
        </button>
        <button
          type="button"
          className={c.screen === 'pending' ? 'active' : ''}
          onClick={() => c.setScreen('pending')}
          data-testid="pending-tab"
        >
          待处理 {c.pending.length > 0 ? <span className="count">{c.pending.length}</span> : null} <kbd>F4</kbd>
        </button>
        <button
          type="button"
          className={c.screen === 'settings' ? 'active' : ''}
          onClick={() => c.setScreen('settings')}
        >
          设置 <kbd>F10</kbd>
        </button>
        <button
          type="button"
          className={c.screen === 'reconciliation' ? 'active' : ''}
          onClick={() => c.setScreen('reconciliation')}
          data-testid="reconciliation-tab"
        >
          对账 <kbd>F12</kbd>
        </button>
      </nav>
      {c.error ? (
        <ErrorBanner
          error={c.error}
          onDismiss={c.dismissError}
          {...(c.error.action === 'openVisit' && SELF_PAY_OFFERED.includes(c.error.info.code)
            ? { onSelfPay: c.openSelfPay }
            : {})}
        />
      ) : null}
      {c.notice ? (
        <p className="notice" role="status" data-testid="notice">
          {c.notice}
        </p>
      ) : null}
      <main className="screen-main">
        {c.screen === 'cashier' ? (
          <div className={`cashier ${c.visit ? 'with-visit' : ''}`}>
            <div className="cashier-left">
              <IdentifyBar
                onSubmit={c.identify}
                today={today}
                busy={c.busy !== null}
                focusToken={focusToken}
                clearToken={c.identified}
              />
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
              {c.patient ? (
                <VisitList
                  rows={c.visits}
                  loaded={c.visitsLoaded}
                  activeVisitId={c.visit?.visit_id ?? null}
                  onOpen={c.openRow}
                  autoFocus={c.visit === null && !c.billEntry}
                />
              ) : null}
              {c.patient && !c.visit && c.recent.length > 0 ? (
                <section className="recent" data-testid="recent-settlements" aria-label="近期结算">
                  <h3>该患者近 7 天的结算</h3>
                  <SettlementList
                    rows={c.recent}
                    busy={c.busy !== null}
                    withPatient={false}
                    empty=""
                    onReprint={(r) => c.openSettlement(r, { reprint: true })}
                    onCancel={(r) => c.askCancel(r)}
                  />
                </section>
              ) : null}
              {c.patient && !c.billEntry && !c.visit ? (
                <button
                  type="button"
                  className="bill-entry-open"
                  data-testid="bill-entry-open"
                  disabled={c.busy !== null}
                  onClick={() => act('billEntry')}
                >
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
                  onLookup={async (q) => {
                    const r = await bridge.lookupCatalog(q);
                    return r.ok ? r.value : [];
                  }}
                />
              ) : null}
              {c.visit ? (
                <div className="visit">
                  <div className="visit-head">
                    {c.badgeState ? <StateBadge state={c.badgeState} /> : null}
                    <span>
                      账单合计 <Amount value={c.visit.totals.det_item_fee_sumamt} testId="bill-header-total" />（
                      {c.visit.fees.length} 项）
                    </span>
                    {c.reprint ? (
                      <span className="reprint-mark" data-testid="reprint-mark">
                        补打结算单：按 F9 打印
                      </span>
                    ) : null}
                  </div>
                  <BillView visit={c.visit} institutionAdmdvs={c.health?.institution.mdtrtarea_admvs ?? null} />
                  {c.shown && printable ? (
                    <PrintSlip
                      visit={c.visit}
                      result={c.shown}
                      health={c.health}
                      name={shownName}
                      reprint={c.reprint}
                    />
                  ) : null}
                </div>
              ) : null}
            </div>
            {c.visit ? (
              <aside className="cashier-right" aria-label="结算">
                {c.shown ? (
                  <ResultPanel ref={resultRef} result={c.shown} />
                ) : (
                  <p className="no-result">预结算（F5）后在这里显示应收现金。</p>
                )}
                <ActionBar
                  visit={c.visit}
                  acct={c.acct}
                  acctAvailable={acctAvailable}
                  canSettle={settleable || needsDischarge(c)}
                  canCancel={c.cancellable !== null}
                  canPrint={printable}
                  busy={c.busy}
                  onAction={act}
                  onAcct={c.setAcct}
                />
              </aside>
            ) : null}
          </div>
        ) : c.screen === 'today' ? (
          <TodayView
            rows={c.today}
            busy={c.busy !== null}
            onSearch={c.searchToday}
            mayListAll={mayListAll}
            onReprint={(r) => c.openSettlement(r, { reprint: true })}
            onCancel={(r) => c.askCancel(r)}
          />
        ) : c.screen === 'pending' ? (
          <PendingView
            items={c.pending}
            busy={c.busy !== null}
            recheckNote={c.recheckNote}
            onView={(p) => c.openSettlement(p)}
            onRecheck={c.recheck}
            onCancel={(p) => c.askCancel(p)}
            unbalancedDays={c.health?.reconciliation?.unbalanced_days ?? []}
          />
        ) : c.screen === 'reconciliation' ? (
          <ReconciliationView bridge={bridge} onError={c.showError} today={today()} />
        ) : (
          <SettingsView bridge={bridge} onError={c.showError} />
        )}
      </main>
      {c.dialog?.kind === 'confirm-settle' && c.visit ? (
        <ConfirmDialog title="确认结算" confirmLabel="确认结算" onConfirm={c.settle} onClose={c.closeDialog}>
          <p>
            将为本次{c.visit.kind === 'inpatient' ? '住院' : c.visit.kind === 'pharmacy' ? '购药' : '门诊'}
            费用向医保平台正式结算，合计 <Amount value={c.visit.totals.det_item_fee_sumamt} />。
          </p>
          <p>{c.acct ? '使用个人账户支付。' : '不使用个人账户。'}</p>
        </ConfirmDialog>
      ) : null}
      {c.dialog?.kind === 'cancel' ? (
        <CancelDialog settlement={c.dialog.settlement} onConfirm={c.cancel} onClose={c.closeDialog} />
      ) : null}
      {c.dialog?.kind === 'discharge' ? (
        <DischargeDialog defaultTime={chinaDateTime(Date.now())} onConfirm={c.discharge} onClose={c.closeDialog} />
      ) : null}
      <KeyHints />
    </div>
  );
}

/**
 * The actions on the open visit, each with its function key (ui-contract `presettle-button`,
 * `settle-button`, `cancel-button`, `acct-toggle`).
 */
import type { VisitView } from '../../shared/api/views';
import type { KeyAction } from '../lib/function-keys';
import { keyOf } from '../lib/function-keys';

/** Props of `ActionBar`. */
export interface ActionBarProps {
  readonly visit: VisitView;
  readonly acct: boolean;
  /** Whether the insurance row has a personal account at all. */
  readonly acctAvailable: boolean;
  /** Whether pre-settle and settle make sense in the visit's state (server truth). */
  readonly canSettle: boolean;
  readonly canCancel: boolean;
  readonly canPrint: boolean;
  readonly busy: string | null;
  readonly onAction: (a: KeyAction) => void;
  readonly onAcct: (v: boolean) => void;
}

function ActionButton({
  action,
  label,
  testId,
  disabled,
  onAction,
}: {
  readonly action: KeyAction;
  readonly label: string;
  readonly testId?: string;
  readonly disabled: boolean;
  readonly onAction: (a: KeyAction) => void;
}) {
  return (
    <button
      type="button"
      className={`action ${action}`}
      data-testid={testId}
      disabled={disabled}
      onClick={() => onAction(action)}
    >
      {label} <kbd>{keyOf(action)}</kbd>
    </button>
  );
}

/** The action bar. */
export function ActionBar({
  visit,
  acct,
  acctAvailable,
  canSettle,
  canCancel,
  canPrint,
  busy,
  onAction,
  onAcct,
}: ActionBarProps) {
  const b = busy !== null;
  const needsDischarge = visit.kind === 'inpatient' && !visit.endtime;
  return (
    <div className="action-bar" role="toolbar" aria-label="结算操作">
      <label className="acct">
        <input
          type="checkbox"
          data-testid="acct-toggle"
          checked={acct}
          disabled={!acctAvailable || b}
          onChange={(e) => onAcct(e.target.checked)}
        />
        使用个人账户支付
      </label>
      {visit.kind === 'inpatient' ? (
        <ActionButton
          action="discharge"
          label={needsDischarge ? '出院登记' : '已出院'}
          disabled={b || !needsDischarge}
          onAction={onAction}
        />
      ) : null}
      <ActionButton
        action="presettle"
        label="预结算"
        testId="presettle-button"
        disabled={b || !canSettle}
        onAction={onAction}
      />
      <ActionButton
        action="settle"
        label="结算"
        testId="settle-button"
        disabled={b || !canSettle}
        onAction={onAction}
      />
      <ActionButton
        action="cancel"
        label="撤销"
        testId="cancel-button"
        disabled={b || !canCancel}
        onAction={onAction}
      />
      <ActionButton action="print" label="打印结算单" disabled={b || !canPrint} onAction={onAction} />
      {busy !== null ? (
        <span className="busy" role="status">
          处理中…
        </span>
      ) : null}
    </div>
  );
}

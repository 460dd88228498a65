/**
 * Settlements as rows: the window's list of the day ("今日结算", searchable) and the identified
 * patient's recent settlements. From a row the cashier reprints the slip (补打) or cancels (F8);
 * the rows take the focus, so both work from the keyboard.
 */
import type { SettlementRowView } from '../../shared/ipc/views';
import { kindName, stateName } from '../lib/labels';
import { Amount } from './amount';

/** Props of `SettlementList`. */
export interface SettlementListProps {
  readonly rows: readonly SettlementRowView[];
  readonly busy: boolean;
  readonly onReprint: (row: SettlementRowView) => void;
  readonly onCancel: (row: SettlementRowView) => void;
  /** Show the patient columns (the day's list); a patient's own list leaves them out. */
  readonly withPatient: boolean;
  /** Show who settled and at which window (a supervisor's list of every window). */
  readonly withWindow?: boolean;
  readonly empty: string;
}

/** The rows. */
export function SettlementList({
  rows,
  busy,
  onReprint,
  onCancel,
  withPatient,
  withWindow = false,
  empty,
}: SettlementListProps) {
  if (rows.length === 0) return <p className="none">{empty}</p>;
  return (
    <table className="settlement-list">
      <thead>
        <tr>
          <th>时间</th>
          {withPatient ? <th>患者</th> : null}
          {withPatient ? <th>证件号</th> : null}
          {withWindow ? <th>窗口</th> : null}
          {withWindow ? <th>操作员</th> : null}
          <th>类别</th>
          <th>结算号</th>
          <th>状态</th>
          <th>医疗费总额</th>
          <th>现金</th>
          <th>操作</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.settlement_id}
            tabIndex={0}
            data-testid="settlement-row"
            data-settlement-id={r.settlement_id}
            data-state={r.state}
            onKeyDown={(e) => {
              // F8 cancels and F9 reprints the focused row; the window's own keys do not see them.
              if (e.key === 'F8' || e.key === 'F9') {
                e.preventDefault();
                e.stopPropagation();
                if (busy) return;
                if (e.key === 'F8' && r.cancellable) onCancel(r);
                if (e.key === 'F9' && r.reprintable) onReprint(r);
              } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const next =
                  e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
                if (next instanceof HTMLElement) next.focus();
              }
            }}
          >
            <td>{r.settled_at.slice(11)}</td>
            {withPatient ? <td>{r.psn_name}</td> : null}
            {withPatient ? <td>{r.certno_masked}</td> : null}
            {withWindow ? <td data-testid="row-window">{r.window_id ?? '—'}</td> : null}
            {withWindow ? <td data-testid="row-opter">{r.opter ?? '—'}</td> : null}
            <td>{kindName(r.kind)}</td>
            <td>{r.setl_id ?? '—'}</td>
            <td>{stateName(r.state)}</td>
            <td className="num">
              <Amount value={r.medfee_sumamt} />
            </td>
            <td className="num">
              <Amount value={r.psn_cash_pay} />
            </td>
            <td className="actions">
              <button
                type="button"
                data-testid="reprint-button"
                disabled={busy || !r.reprintable}
                onClick={() => onReprint(r)}
              >
                补打 <kbd>F9</kbd>
              </button>
              <button
                type="button"
                data-testid="row-cancel-button"
                disabled={busy || !r.cancellable}
                onClick={() => onCancel(r)}
              >
                撤销 <kbd>F8</kbd>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

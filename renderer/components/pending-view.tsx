/**
 * Work that is not finished (D-25): unknown outcomes being resolved, reversals under way and
 * needs_attention items for a supervisor, each with what can be done now. Times are China time;
 * "开始于" is when the settlement started and does not move; the latest step is in words, a
 * repeated step once with its count. Rows take the focus: Enter opens, R rechecks.
 */
import type { PendingItemView } from '../../shared/ipc/views';
import type { RecheckNote } from '../lib/cashier-state';
import { chinaDateTime } from '../../shared/china-time';
import { stateName } from '../lib/labels';
import { plainNote } from '../lib/messages';
import { Amount } from './amount';

/** Props of `PendingView`. */
export interface PendingViewProps {
  readonly items: readonly PendingItemView[];
  readonly busy: boolean;
  readonly recheckNote: RecheckNote | null;
  readonly onView: (p: PendingItemView) => void;
  readonly onRecheck: (settlementId: string) => void;
  readonly onCancel: (p: PendingItemView) => void;
  /** Days whose reconciliation did not balance (issue 18); handled in the 对账 view (F12). */
  readonly unbalancedDays?: readonly string[];
}

/** An ISO time as China time, or the text as it came when unreadable. */
function china(iso: string | undefined): string {
  if (iso === undefined) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : chinaDateTime(t);
}

/** The pending list. */
export function PendingView({
  items,
  busy,
  recheckNote,
  onView,
  onRecheck,
  onCancel,
  unbalancedDays = [],
}: PendingViewProps) {
  return (
    <section className="pending-view" data-testid="pending-view" aria-label="待处理">
      <h2>待处理（{items.length}）</h2>
      {unbalancedDays.length > 0 ? (
        <p className="attention" data-testid="pending-unbalanced">
          对账不平：{unbalancedDays.join('、')}（请主管在“对账”F12 中处理）
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="none">没有待处理的结算。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>患者</th>
              <th>状态</th>
              <th>开始于</th>
              <th>最近变化</th>
              <th>金额</th>
              <th>最新情况</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr
                key={p.settlement_id}
                tabIndex={0}
                data-testid="pending-item"
                data-settlement-id={p.settlement_id}
                data-state={p.state}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget || busy) return;
                  if (e.key === 'Enter' && p.actions.includes('view')) onView(p);
                  else if ((e.key === 'r' || e.key === 'R') && p.actions.includes('recheck'))
                    onRecheck(p.settlement_id);
                  else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    const next =
                      e.key === 'ArrowDown'
                        ? e.currentTarget.nextElementSibling
                        : e.currentTarget.previousElementSibling;
                    if (next instanceof HTMLElement) next.focus();
                  }
                }}
              >
                <td>{p.psn_name}</td>
                <td>{stateName(p.state)}</td>
                <td data-testid="pending-started">{china(p.started_at ?? p.since)}</td>
                <td>{china(p.since)}</td>
                <td>
                  <Amount value={p.medfee_sumamt ?? null} />
                </td>
                <td data-testid="pending-note">
                  {p.last_note ? plainNote(p.last_note) : ''}
                  {(p.last_note_count ?? 1) > 1 ? <span className="repeat">（共 {p.last_note_count} 次）</span> : null}
                  {recheckNote?.settlement_id === p.settlement_id ? (
                    <p className="recheck-note" data-testid="recheck-note" role="status">
                      {recheckNote.text}
                    </p>
                  ) : null}
                </td>
                <td className="actions">
                  {p.actions.includes('view') ? (
                    <button type="button" disabled={busy} onClick={() => onView(p)}>
                      查看 <kbd>Enter</kbd>
                    </button>
                  ) : null}
                  {p.actions.includes('recheck') ? (
                    <button
                      type="button"
                      data-testid="recheck-button"
                      disabled={busy}
                      onClick={() => onRecheck(p.settlement_id)}
                    >
                      立即核实 <kbd>R</kbd>
                    </button>
                  ) : null}
                  {p.actions.includes('cancel') ? (
                    <button type="button" disabled={busy} onClick={() => onCancel(p)}>
                      撤销
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Work that is not finished (D-25): unknown outcomes being resolved, reversals under way and
 * needs_attention items for a supervisor, each with what can be done now.
 */
import type { PendingItemView } from '../../shared/ipc/views';
import { stateName } from '../lib/labels';
import { Amount } from './amount';

/** Props of `PendingView`. */
export interface PendingViewProps {
  readonly items: readonly PendingItemView[];
  readonly busy: boolean;
  readonly onView: (p: PendingItemView) => void;
  readonly onRecheck: (settlementId: string) => void;
  readonly onCancel: (settlementId: string) => void;
}

/** The pending list. */
export function PendingView({ items, busy, onView, onRecheck, onCancel }: PendingViewProps) {
  return (
    <section className="pending-view" data-testid="pending-view" aria-label="待处理">
      <h2>待处理（{items.length}）</h2>
      {items.length === 0 ? (
        <p className="none">没有待处理的结算。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>患者</th>
              <th>状态</th>
              <th>开始于</th>
              <th>金额</th>
              <th>最新情况</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.settlement_id} data-testid="pending-item" data-settlement-id={p.settlement_id} data-state={p.state}>
                <td>{p.psn_name}</td>
                <td>{stateName(p.state)}</td>
                <td>{p.since}</td>
                <td>
                  <Amount value={p.medfee_sumamt ?? null} />
                </td>
                <td>{p.last_note ?? ''}</td>
                <td className="actions">
                  {p.actions.includes('view') ? (
                    <button type="button" disabled={busy} onClick={() => onView(p)}>
                      查看
                    </button>
                  ) : null}
                  {p.actions.includes('recheck') ? (
                    <button type="button" disabled={busy} onClick={() => onRecheck(p.settlement_id)}>
                      立即核实
                    </button>
                  ) : null}
                  {p.actions.includes('cancel') ? (
                    <button type="button" disabled={busy} onClick={() => onCancel(p.settlement_id)}>
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

/**
 * "今日结算": this window's settlements of the day, newest first, searchable by name, ID number or
 * settlement number. Reprint (补打) or cancel (F8) from a row. A supervisor (or anyone while no
 * roster exists) may choose every window's and narrow to one operator; each row names its operator
 * and window then.
 */
import { useEffect, useRef, useState } from 'react';
import type { SettlementRowView } from '../../shared/ipc/views';
import { SettlementList } from './settlement-list';

/** Props of `TodayView`. */
export interface TodayViewProps {
  readonly rows: readonly SettlementRowView[];
  readonly busy: boolean;
  readonly onSearch: (q: string, filter: { scope: 'window' | 'all'; opter: string }) => void;
  /** Whether the "all windows" choice is offered (a supervisor, or no roster). */
  readonly mayListAll: boolean;
  readonly onReprint: (row: SettlementRowView) => void;
  readonly onCancel: (row: SettlementRowView) => void;
}

/** The day's list. */
export function TodayView({ rows, busy, onSearch, onReprint, onCancel, mayListAll }: TodayViewProps) {
  const [q, setQ] = useState('');
  const [scope, setScope] = useState<'window' | 'all'>('window');
  const [opter, setOpter] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="today-view" data-testid="today-view" aria-label="今日结算">
      <h2>今日结算（{rows.length}）</h2>
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(q, { scope, opter });
        }}
      >
        {mayListAll ? (
          <select
            data-testid="today-scope"
            value={scope}
            aria-label="范围"
            onChange={(e) => setScope(e.target.value === 'all' ? 'all' : 'window')}
          >
            <option value="window">本窗口</option>
            <option value="all">全部窗口</option>
          </select>
        ) : null}
        <input
          data-testid="today-opter"
          value={opter}
          maxLength={30}
          aria-label="操作员"
          placeholder="操作员编号（可空）"
          onChange={(e) => setOpter(e.target.value)}
        />
        <input
          ref={ref}
          data-testid="today-search"
          value={q}
          maxLength={40}
          placeholder="姓名、身份证号或结算号，回车查找"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              document.querySelector<HTMLElement>('[data-testid="settlement-row"]')?.focus();
            }
          }}
        />
        <button type="submit" disabled={busy}>
          查找 <kbd>Enter</kbd>
        </button>
      </form>
      <SettlementList
        rows={rows}
        busy={busy}
        onReprint={onReprint}
        onCancel={onCancel}
        withPatient
        withWindow={scope === 'all'}
        empty="今天还没有结算。"
      />
    </section>
  );
}

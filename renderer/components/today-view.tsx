/**
 * "今日结算": this window's settlements of the day, newest first, searchable by name, ID number or
 * settlement number. Reprint (补打) or cancel (F8) from a row.
 */
import { useEffect, useRef, useState } from 'react';
import type { SettlementRowView } from '../../shared/ipc/views';
import { SettlementList } from './settlement-list';

/** Props of `TodayView`. */
export interface TodayViewProps {
  readonly rows: readonly SettlementRowView[];
  readonly busy: boolean;
  readonly onSearch: (q: string) => void;
  readonly onReprint: (row: SettlementRowView) => void;
  readonly onCancel: (row: SettlementRowView) => void;
}

/** The day's list. */
export function TodayView({ rows, busy, onSearch, onReprint, onCancel }: TodayViewProps) {
  const [q, setQ] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="today-view" data-testid="today-view" aria-label="今日结算">
      <h2>今日结算（{rows.length}）</h2>
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(q);
        }}
      >
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
      <SettlementList rows={rows} busy={busy} onReprint={onReprint} onCancel={onCancel} withPatient empty="今天还没有结算。" />
    </section>
  );
}

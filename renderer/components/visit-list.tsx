/**
 * The patient's open visits from the HIS inbox (ui-contract `visit-row`, data-visit-id = the HIS
 * API's visit_id; an item not opened yet uses the id the HIS gave it, else its inbox id).
 * Click or Enter opens; ↑/↓ move between rows.
 */
import { useEffect, useRef } from 'react';
import type { InboxItemView } from '../../shared/api/inbox';
import { kindName } from '../lib/labels';
import { Amount } from './amount';

/** Props of `VisitList`. */
export interface VisitListProps {
  readonly items: readonly InboxItemView[];
  readonly activeVisitId: string | null;
  readonly onOpen: (item: InboxItemView) => void;
  /** Take the focus on the first row when the list arrives. */
  readonly autoFocus: boolean;
}

const ITEM_STATE: Readonly<Record<InboxItemView['state'], string>> = {
  waiting: '待结算',
  opened: '已登记',
  settled: '已结算',
  cancelled: '已撤销',
};

/** The visit rows. */
export function VisitList({ items, activeVisitId, onOpen, autoFocus }: VisitListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (autoFocus) listRef.current?.querySelector<HTMLButtonElement>('button.visit-row')?.focus();
  }, [autoFocus, items]);

  if (items.length === 0) return <p className="visit-list empty">HIS 没有推送该患者的待结算就诊。</p>;
  const move = (from: HTMLElement, delta: number): void => {
    const rows = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.visit-row') ?? [])];
    const i = rows.indexOf(from as HTMLButtonElement);
    rows[Math.min(rows.length - 1, Math.max(0, i + delta))]?.focus();
  };
  return (
    <ul className="visit-list" ref={listRef} aria-label="就诊">
      {items.map((item) => {
        const id = item.visit_id ?? item.inbox_id;
        return (
          <li key={item.inbox_id}>
            <button
              type="button"
              className={`visit-row ${activeVisitId === id ? 'active' : ''}`}
              data-testid="visit-row"
              data-visit-id={id}
              data-kind={item.kind}
              onClick={() => onOpen(item)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                  e.preventDefault();
                  move(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
                }
              }}
            >
              <span className="kind">{kindName(item.kind)}</span>
              <span className="no">{item.ipt_otp_no}</span>
              <span className="when">{item.begntime}</span>
              <span className="dept">{[item.dept_name, item.dr_name].filter(Boolean).join(' · ')}</span>
              <span className="dise">{item.dise_name ?? ''}</span>
              <span className="lines">{item.line_count} 项</span>
              <Amount value={item.total} />
              <span className={`item-state ${item.state}`}>{ITEM_STATE[item.state]}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

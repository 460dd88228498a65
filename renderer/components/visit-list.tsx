/**
 * Every open visit of the patient (ui-contract `visit-row`, data-visit-id = the HIS API's
 * visit_id): visits the HIS opened over the HIS API, inbox bills (waiting or opened), and visits
 * whose settlement is not finished. Click or Enter opens; ↑/↓ move between rows.
 */
import { useEffect, useRef } from 'react';
import type { OpenVisitRowView } from '../../shared/ipc/views';
import { kindName, stateName } from '../lib/labels';
import { Amount } from './amount';

/** Props of `VisitList`. */
export interface VisitListProps {
  readonly rows: readonly OpenVisitRowView[];
  /** False until the list has been answered (the "nothing open" text waits for it). */
  readonly loaded: boolean;
  readonly activeVisitId: string | null;
  readonly onOpen: (row: OpenVisitRowView) => void;
  /** Take the focus on the first row when the list arrives. */
  readonly autoFocus: boolean;
}

/** The visit rows. */
export function VisitList({ rows, loaded, activeVisitId, onOpen, autoFocus }: VisitListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (autoFocus) listRef.current?.querySelector<HTMLButtonElement>('button.visit-row')?.focus();
  }, [autoFocus, rows]);

  if (rows.length === 0) {
    return loaded ? (
      <p className="visit-list empty" data-testid="no-open-visit">
        该患者没有待结算的就诊。
      </p>
    ) : (
      <p className="visit-list empty">正在读取就诊…</p>
    );
  }
  const move = (from: HTMLElement, delta: number): void => {
    const all = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.visit-row') ?? [])];
    const i = all.indexOf(from as HTMLButtonElement);
    all[Math.min(all.length - 1, Math.max(0, i + delta))]?.focus();
  };
  return (
    <ul className="visit-list" ref={listRef} aria-label="待结算就诊">
      {rows.map((row) => (
        <li key={`${row.visit_id}-${row.inbox_id ?? ''}`}>
          <button
            type="button"
            className={`visit-row ${activeVisitId === row.visit_id ? 'active' : ''}`}
            data-testid="visit-row"
            data-visit-id={row.visit_id}
            data-kind={row.kind}
            data-row-state={row.state}
            onClick={() => onOpen(row)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                move(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
              }
            }}
          >
            <span className="kind">{kindName(row.kind)}</span>
            <span className="no">{row.ipt_otp_no}</span>
            <span className="when">{row.begntime}</span>
            <span className="dept">{[row.dept_name, row.dr_name].filter(Boolean).join(' · ')}</span>
            <span className="dise">{row.dise_name ?? ''}</span>
            <span className="lines">{row.line_count} 项</span>
            <Amount value={row.total} />
            <span className={`item-state ${row.state}`}>
              {row.state === 'waiting' ? '待登记' : stateName(row.state)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

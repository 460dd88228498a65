/**
 * A confirmation (ui-contract `confirm-button`; Enter confirms, Escape goes back). The confirm
 * button takes the focus, so Enter on it confirms.
 */
import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';

/** Props of `ConfirmDialog`. */
export interface ConfirmDialogProps {
  readonly title: string;
  readonly children?: ReactNode;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
  /** Disable the confirm control (e.g. no reason given yet). */
  readonly confirmDisabled?: boolean;
  /** Focus the confirm button on open (false when a field inside needs the focus). */
  readonly focusConfirm?: boolean;
}

/** The dialog. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose, confirmDisabled, focusConfirm = true }: ConfirmDialogProps) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusConfirm) ref.current?.focus();
  }, [focusConfirm]);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          } else if (e.key === 'Enter' && !confirmDisabled && !(e.target instanceof HTMLButtonElement && e.target !== ref.current)) {
            // Enter confirms from anywhere in the dialog (ui-contract), except on the back button.
            e.preventDefault();
            onConfirm();
          }
        }}
      >
        <h2>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            返回 <kbd>Esc</kbd>
          </button>
          <button type="button" ref={ref} className="primary" data-testid="confirm-button" disabled={confirmDisabled} onClick={onConfirm}>
            {confirmLabel} <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}

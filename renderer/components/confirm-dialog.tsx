/**
 * A confirmation (ui-contract `confirm-button`; Enter confirms, Escape goes back). The confirm
 * button takes the focus, so Enter on it confirms. A dialog with a field to fill (the cancel
 * reason) confirms only on the button: Enter in the field does not.
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
  /** Why the confirm control is disabled, shown beside it. */
  readonly disabledReason?: string;
  /** Focus the confirm button on open (false when a field inside needs the focus). */
  readonly focusConfirm?: boolean;
  /** `anywhere`: Enter confirms from anywhere in the dialog; `button`: only on the confirm button. */
  readonly enterConfirms?: 'anywhere' | 'button';
  readonly testId?: string;
}

/** The dialog. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  confirmDisabled,
  disabledReason,
  focusConfirm = true,
  enterConfirms = 'anywhere',
  testId,
}: ConfirmDialogProps) {
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
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
            return;
          }
          if (e.key !== 'Enter') return;
          const onConfirmButton = e.target === ref.current;
          const onOtherButton = e.target instanceof HTMLButtonElement && !onConfirmButton;
          if (onOtherButton) return;
          // Enter in a field of a `button` dialog does nothing: confirming takes the button.
          e.preventDefault();
          if (confirmDisabled) return;
          if (enterConfirms === 'anywhere' || onConfirmButton) onConfirm();
        }}
      >
        <h2>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          {confirmDisabled && disabledReason ? (
            <span className="disabled-reason" data-testid="confirm-disabled-reason">
              {disabledReason}
            </span>
          ) : null}
          <button type="button" onClick={onClose}>
            返回 <kbd>Esc</kbd>
          </button>
          <button
            type="button"
            ref={ref}
            className="primary"
            data-testid="confirm-button"
            disabled={confirmDisabled}
            title={confirmDisabled ? disabledReason : undefined}
            onClick={onConfirm}
          >
            {confirmLabel} <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}

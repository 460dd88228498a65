/**
 * The identify field (ui-contract `identify-input`): takes a scan, a card-reader line or a typed
 * ID number; Enter submits. The 读卡 button (Insert) reads the window's card reader and submits its
 * line the same way. A bad ID number is refused here with an inline message and nothing is
 * sent (D-2).
 */
import { useEffect, useRef, useState } from 'react';
import type { IdentifyRequest } from '../../shared/api/requests';
import { classifyInput } from '../lib/classify-input';
import { getBridge } from '../bridge/get-bridge';

/** Props of `IdentifyBar`. */
export interface IdentifyBarProps {
  readonly onSubmit: (req: IdentifyRequest) => void;
  /** Today, `yyyy-MM-dd` China time (the ID number's birth date must not be later). */
  readonly today: () => string;
  readonly busy: boolean;
  /** Changes when the field should take the focus again (new patient). */
  readonly focusToken: number;
  /** Changes when a patient was identified: the field is cleared then, and only then. */
  readonly clearToken: number;
}

/** The identify field with its inline message. */
export function IdentifyBar({ onSubmit, today, busy, focusToken, clearToken }: IdentifyBarProps) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    setText('');
    setMessage(null);
  }, [focusToken]);
  // Scans and card lines carry personal data: the text goes once the patient is identified. On a
  // failure it stays, so the cashier corrects a typo instead of typing the number again.
  useEffect(() => setText(''), [clearToken]);
  // After a call the field is enabled again; give it the focus back when nothing else took it.
  useEffect(() => {
    if (!busy && document.activeElement === document.body) ref.current?.focus();
  }, [busy]);

  const submit = (raw: string = text): void => {
    const c = classifyInput(raw, today());
    if (!c.ok) {
      setMessage(c.message);
      return;
    }
    setMessage(null);
    onSubmit(c.request);
  };

  // The card reader's line goes the way a typed or scanned one does (never kept in the field).
  const readCard = (): void => {
    const bridge = getBridge();
    if (!bridge || reading) return;
    setReading(true);
    void bridge.readCard().then((r) => {
      setReading(false);
      if (r.ok) submit(r.value.line);
      else setMessage(`${r.error.message}${r.error.hint}`);
    });
  };

  return (
    <div className="identify-bar">
      <label htmlFor="identify-input">扫码 / 读卡 / 身份证号</label>
      <input
        id="identify-input"
        ref={ref}
        data-testid="identify-input"
        autoComplete="off"
        spellCheck={false}
        value={text}
        readOnly={busy}
        placeholder="请扫医保电子凭证、刷社保卡或输入身份证号，回车确认"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            submit();
          }
          if (e.key === 'Insert') {
            e.preventDefault();
            readCard();
          }
        }}
        aria-describedby="identify-message"
      />
      <span className="key-hint">Enter</span>
      <button type="button" data-testid="read-card-button" disabled={busy || reading} onClick={readCard}>
        {reading ? '正在读卡…' : '读卡'} <kbd>Insert</kbd>
      </button>
      {message !== null ? (
        <p id="identify-message" className="inline-message" role="alert" data-testid="identify-message">
          {message}
        </p>
      ) : null}
    </div>
  );
}

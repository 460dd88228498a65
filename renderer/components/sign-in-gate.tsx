/**
 * The window's sign-in (the security issue, S5): once the adapter has a roster, the cashier screen
 * is shown only to a signed-in operator. Wraps the app: asks `whoAmI` at start and every 15 s (the
 * service signs an idle window out after 10 minutes), signs out itself after the same idle time
 * without a key or click, and shows the operator with a sign-out button. Without a roster (fresh
 * install, training) it renders the app unchanged.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { SettlementBridge } from '../../shared/ipc/contract';
import type { WhoAmIView } from '../../shared/ipc/views';

/** Props of `SignInGate`. */
export interface SignInGateProps {
  readonly bridge: SettlementBridge;
  readonly children?: ReactNode;
}

/** How often the window re-reads who is signed in, ms. */
const CHECK_MS = 15_000;

const ROLE_NAMES: Readonly<Record<string, string>> = { cashier: '收费员', supervisor: '主管', it_admin: '信息科' };

/** The app behind a sign-in screen when a roster exists. */
export function SignInGate({ bridge, children }: SignInGateProps) {
  const [who, setWho] = useState<WhoAmIView | null>(null);
  const [opter, setOpter] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lastInput = useRef(Date.now());

  const refresh = useCallback(async () => {
    const r = await bridge.whoAmI();
    if (r.ok) setWho(r.value);
  }, [bridge]);

  useEffect(() => {
    void refresh();
    const mark = () => {
      lastInput.current = Date.now();
    };
    window.addEventListener('keydown', mark, true);
    window.addEventListener('pointerdown', mark, true);
    const h = window.setInterval(() => void refresh(), CHECK_MS);
    return () => {
      window.removeEventListener('keydown', mark, true);
      window.removeEventListener('pointerdown', mark, true);
      window.clearInterval(h);
    };
  }, [refresh]);

  // Idle at the window itself: sign out after the service's idle time without a key or click.
  useEffect(() => {
    if (!who?.operator) return undefined;
    const h = window.setInterval(() => {
      if (Date.now() - lastInput.current > who.idle_sign_out_ms) {
        void bridge.signOut().then((r) => {
          if (r.ok) setWho(r.value);
          setMessage('长时间无操作，已自动退出，请重新登录。');
        });
      }
    }, 5_000);
    return () => window.clearInterval(h);
  }, [bridge, who]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await bridge.signIn({ opter: opter.trim(), password });
    setBusy(false);
    setPassword('');
    if (r.ok) {
      lastInput.current = Date.now();
      setMessage(null);
      setWho(r.value);
    } else setMessage(`${r.error.message}${r.error.hint ? ` ${r.error.hint}` : ''}`);
  };

  if (who === null) return <section className="sign-in">正在连接结算服务…</section>;
  if (!who.roster) return <>{children}</>;
  if (!who.operator) {
    return (
      <section className="sign-in" data-testid="sign-in" aria-label="操作员登录">
        <h1>操作员登录</h1>
        <form onSubmit={(e) => void submit(e)}>
          <label className="field">
            操作员编码
            <input
              value={opter}
              onChange={(e) => setOpter(e.target.value)}
              autoFocus
              autoComplete="username"
              maxLength={30}
              data-testid="sign-in-opter"
            />
          </label>
          <label className="field">
            密码
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              maxLength={256}
              data-testid="sign-in-password"
            />
          </label>
          <button type="submit" disabled={busy || opter.trim() === '' || password === ''}>
            登录
          </button>
        </form>
        {message ? (
          <p className="sign-in-message" role="alert" data-testid="sign-in-message">
            {message}
          </p>
        ) : null}
      </section>
    );
  }
  return (
    <>
      <div className="operator-bar" data-testid="operator-bar">
        当前操作员：{who.operator.opter_name}（{who.operator.opter}，
        {ROLE_NAMES[who.operator.role] ?? who.operator.role}）
        <button type="button" onClick={() => void bridge.signOut().then((r) => (r.ok ? setWho(r.value) : undefined))}>
          退出登录
        </button>
      </div>
      {children}
    </>
  );
}

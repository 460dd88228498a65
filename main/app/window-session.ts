/**
 * The cashier window's sign-in session (the security issue, S5). Once a roster exists, every bridge
 * method except `health`, `whoAmI`, `signIn` and `signOut` needs a signed-in operator, runs as that
 * operator (envelope, 9001, journal, audit), and is checked against the role table: applying a
 * reconciliation fix, cancelling another operator's settlement and rechecking one that needs
 * attention need a supervisor; saving settings, testing the connection and the diagnostic bundle
 * need IT. After `idleMs` without a call the window is signed out (the pending list the window polls
 * does not count as activity). Without a roster (fresh install, training) nothing changes: no
 * sign-in, the configured operator acts, no role refusals. Reveals, settings changes, bundles and
 * rechecks are audited either way (who and what, never the values).
 */
import type { BridgeMethod, SettlementBridge } from '../../shared/ipc/contract';
import type { WhoAmIView } from '../../shared/ipc/views';
import type { SecurityStore } from '../store/ports/security';
import type { OperatorRoster } from '../security/operator-roster';
import type { Result } from '../../shared/result';
import { ok, fail } from '../../shared/result';
import { AppError, toErrorInfo } from '../../shared/errors/app-error';
import { requireRole, type ActingOperator, type GuardedAction } from '../../shared/access/roles';
import { runAsOperator } from '../security/operator-context';

/** S5: the window signs out after 10 minutes without a call. */
export const IDLE_SIGN_OUT_MS = 10 * 60_000;

/** The session's own methods, added by `windowSession`. */
export type SessionMethod = 'signIn' | 'signOut' | 'whoAmI';

/** The bridge without the session methods (main/app/settlement-bridge.ts builds it). */
export type InnerBridge = Omit<SettlementBridge, SessionMethod>;

/** Methods that need no sign-in. */
const OPEN_METHODS: ReadonlySet<string> = new Set(['health']);

/**
 * Methods the window polls by itself (the pending badge every few seconds): they need a session
 * but do not count as activity, or the window would never be idle.
 */
const PASSIVE_METHODS: ReadonlySet<string> = new Set(['listPending']);

/** Methods guarded by one action whatever their argument. */
const METHOD_ACTIONS: Partial<Record<BridgeMethod, GuardedAction>> = {
  saveSettings: 'change_settings',
  testConnection: 'change_settings',
  // The device self-test is IT's, like the connection test (it loads the configured vendor library).
  deviceSelfTest: 'change_settings',
  diagnosticBundle: 'diagnostic_bundle',
  fixDifference: 'apply_reconciliation_fix',
  // The printed slip is the hospital's document: its template is IT's, like the settings.
  saveSlipTemplate: 'change_settings',
};

export interface WindowSessionDeps {
  readonly roster: OperatorRoster;
  readonly security: SecurityStore;
  readonly clock: () => number;
  /** The configured operator (audit rows without a roster name them). */
  readonly configured: { readonly opter: string };
  readonly idleMs?: number;
}

export function windowSession(inner: InnerBridge, d: WindowSessionDeps): SettlementBridge {
  const idleMs = d.idleMs ?? IDLE_SIGN_OUT_MS;
  let session: { op: ActingOperator; lastAt: number } | null = null;

  /** Signs out an idle session; true when it did. */
  const expireIdle = async (): Promise<boolean> => {
    if (session === null || d.clock() - session.lastAt <= idleMs) return false;
    const op = session.op;
    session = null;
    await d.roster.signedOut(op, 'idle');
    return true;
  };
  const view = async (): Promise<WhoAmIView> => ({
    roster: await d.roster.exists(),
    operator: session ? { ...session.op } : null,
    idle_sign_out_ms: idleMs,
  });
  /** The operator to act as: null without a roster; throws SIGN_IN_REQUIRED without a live session. */
  const acting = async (renew: boolean): Promise<ActingOperator | null> => {
    if (!(await d.roster.exists())) return null;
    if (await expireIdle())
      throw new AppError('SIGN_IN_REQUIRED', { message: '长时间无操作，已自动退出，请重新登录。' });
    if (session === null) throw new AppError('SIGN_IN_REQUIRED');
    if (renew) session.lastAt = d.clock();
    return session.op;
  };
  const audit = (
    op: ActingOperator | null,
    action: string,
    target: string | null,
    detail: Record<string, unknown> = {},
  ) =>
    d.security.audit.append({
      at: d.clock(),
      opter: op?.opter ?? d.configured.opter,
      role: op?.role ?? null,
      action,
      target,
      detail,
    });

  /** Role checks that depend on the argument. */
  const check = async (
    method: BridgeMethod,
    arg: Record<string, unknown>,
    op: ActingOperator | null,
  ): Promise<void> => {
    const fixed = METHOD_ACTIONS[method];
    if (fixed) requireRole(op, fixed);
    if (op === null) return;
    if (method === 'cancel') {
      const by = await d.security.settledBy(String(arg.settlement_id ?? ''));
      if (by !== undefined && by !== op.opter) requireRole(op, 'cancel_others_settlement');
    }
    if (method === 'listSettlements' && arg.scope === 'all') requireRole(op, 'list_all_windows_settlements');
    if (method === 'recheck') {
      const s = await inner.getSettlement({ settlement_id: String(arg.settlement_id ?? '') });
      if (s.ok && s.value.state === 'needs_attention') requireRole(op, 'recheck_needs_attention');
    }
  };

  /** What is audited after a successful call of `method`. */
  const afterSuccess = async (
    method: BridgeMethod,
    arg: Record<string, unknown>,
    op: ActingOperator | null,
  ): Promise<void> => {
    if (method === 'revealPatient') await audit(op, 'patient.reveal', String(arg.psn_no ?? ''));
    else if (method === 'saveSettings') await audit(op, 'settings.save', null, { keys: Object.keys(arg).sort() });
    else if (method === 'diagnosticBundle') await audit(op, 'diagnostics.bundle', null);
    else if (method === 'saveSlipTemplate') await audit(op, 'slip.template.save', null);
    else if (method === 'recheck') await audit(op, 'settlement.recheck', String(arg.settlement_id ?? ''));
  };

  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(inner)) {
    if (name === 'onEvent') continue;
    const method = name as BridgeMethod;
    const call = fn as (arg?: unknown) => Promise<Result<unknown>>;
    wrapped[name] = OPEN_METHODS.has(name)
      ? call
      : async (arg?: unknown): Promise<Result<unknown>> => {
          try {
            const op = await acting(!PASSIVE_METHODS.has(name));
            const a = (arg ?? {}) as Record<string, unknown>;
            await check(method, a, op);
            const r = await runAsOperator(op, () => call(arg));
            if (r.ok) await afterSuccess(method, a, op);
            return r;
          } catch (e) {
            return fail(toErrorInfo(e));
          }
        };
  }

  return {
    ...(wrapped as Omit<InnerBridge, 'onEvent'>),
    onEvent: inner.onEvent,
    signIn: async (a) => {
      try {
        if (!(await d.roster.exists())) return ok(await view());
        session = { op: await d.roster.signIn(a.opter, a.password), lastAt: d.clock() };
        return ok(await view());
      } catch (e) {
        return fail(toErrorInfo(e));
      }
    },
    signOut: async () => {
      try {
        const op = session?.op;
        session = null;
        if (op) await d.roster.signedOut(op, 'manual');
        return ok(await view());
      } catch (e) {
        return fail(toErrorInfo(e));
      }
    },
    whoAmI: async () => {
      try {
        await expireIdle();
        return ok(await view());
      } catch (e) {
        return fail(toErrorInfo(e));
      }
    },
  } as SettlementBridge;
}

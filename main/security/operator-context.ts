/**
 * The operator on whose behalf the current request runs. The HIS API gate and the window's bridge
 * run each call inside `runAsOperator`, so the upstream envelope (`opter`, `opter_name`), the 9001
 * sign-in, the journal row and the audit row all name that operator without every use case passing
 * it along (Node's AsyncLocalStorage follows the awaits of the call).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { requireRole, type ActingOperator, type GuardedAction } from '../../shared/access/roles';

const current = new AsyncLocalStorage<ActingOperator | null>();

/** Runs `fn` as `op` (null: no roster, the configured operator acts). */
export function runAsOperator<T>(op: ActingOperator | null, fn: () => Promise<T>): Promise<T> {
  return current.run(op, fn);
}

/** The operator of the running call, or null (no roster, or a background job). */
export function currentOperator(): ActingOperator | null {
  return current.getStore() ?? null;
}

/**
 * The role check for code in main/app that runs inside a request or window call (e.g. applying a
 * reconciliation fix): throws 403 ROLE_REQUIRED unless the current operator may take `action`.
 * Without a roster (no current operator) it passes, as the configured operator may do everything.
 */
export function requireCurrentRole(action: GuardedAction): void {
  requireRole(currentOperator(), action);
}

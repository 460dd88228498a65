/**
 * The operator on whose behalf the current request runs. The HIS API gate and the window's bridge
 * run each call inside `runAsOperator`, so the upstream envelope (`opter`, `opter_name`), the 9001
 * sign-in, the journal row and the audit row all name that operator without every use case passing
 * it along (Node's AsyncLocalStorage follows the awaits of the call).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActingOperator } from '../../shared/access/roles';

const current = new AsyncLocalStorage<ActingOperator | null>();

/** Runs `fn` as `op` (null: no roster, the configured operator acts). */
export function runAsOperator<T>(op: ActingOperator | null, fn: () => Promise<T>): Promise<T> {
  return current.run(op, fn);
}

/** The operator of the running call, or null (no roster, or a background job). */
export function currentOperator(): ActingOperator | null {
  return current.getStore() ?? null;
}

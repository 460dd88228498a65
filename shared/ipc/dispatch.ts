/**
 * The server side of one bridge call, shared by the IPC handlers (main/app/ipc) and the HTTP bridge
 * (main/his-api): look up the method, parse its argument with the contract's schema, call the
 * services, and turn anything thrown into a Result (docs/architecture.md §5.4–§5.5). Sender and token checks
 * come before this and belong to the transport.
 */
import type { ErrorInfo, Result } from '../result';
import { fail } from '../result';
import { explain } from '../errors/catalog';
import { toErrorInfo } from '../errors/app-error';
import type { BridgeArgs, BridgeMethod, SettlementBridge } from './contract';
import { BRIDGE_ARG_SCHEMAS, isBridgeMethod } from './contract';
import { isResult } from './is-result';

/** A local error as plain data, from the catalog. */
export function localError(code: string, detail?: unknown): ErrorInfo {
  const e = explain(code);
  return {
    code,
    message: e.message,
    hint: e.hint,
    actor: e.actor,
    retryable: e.retryable,
    ...(detail !== undefined ? { detail } : {}),
  };
}

/**
 * Parses a bridge argument. A missing argument (`undefined`/`null`) reads as `{}`. The error's
 * detail lists the failing paths and messages only, never the values (they may be personal data, S3).
 */
export function parseBridgeArg<K extends BridgeMethod>(method: K, raw: unknown): Result<BridgeArgs[K]> {
  const parsed = BRIDGE_ARG_SCHEMAS[method].safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as BridgeArgs[K] };
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return fail(localError('BAD_REQUEST', { method, issues }));
}

/**
 * Runs one bridge call: unknown method → NOT_FOUND_ROUTE, bad argument → BAD_REQUEST (the bridge
 * is not called), a throw or a non-Result answer → the error as a Result. Never throws.
 */
export async function dispatchBridgeCall(
  bridge: SettlementBridge,
  method: string,
  raw: unknown,
): Promise<Result<unknown>> {
  if (!isBridgeMethod(method)) return fail(localError('NOT_FOUND_ROUTE', { method }));
  const arg = parseBridgeArg(method, raw);
  if (!arg.ok) return arg;
  try {
    const fn = bridge[method] as unknown as (a: unknown) => Promise<unknown>;
    const answer = await fn.call(bridge, arg.value);
    return isResult(answer) ? answer : fail(localError('INTERNAL', { method, reason: 'not a Result' }));
  } catch (err) {
    return fail(toErrorInfo(err));
  }
}

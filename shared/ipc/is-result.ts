/** Recognises a `Result` in untrusted JSON (HTTP answers, IPC answers). Free of zod, for the clients. */
import type { Result } from '../result';

/** True when `x` looks like a Result (`{ok: true, value}` or `{ok: false, error: {code, …}}`). */
export function isResult(x: unknown): x is Result<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { ok?: unknown; error?: unknown };
  if (r.ok === true) return 'value' in r;
  if (r.ok === false)
    return typeof r.error === 'object' && r.error !== null && typeof (r.error as { code?: unknown }).code === 'string';
  return false;
}

/**
 * Errors at the HIS API: every failure answers `{error: {code, message, hint, upstream_err_msg?}}`
 * with the status of the error catalog (docs/his-api.md "Errors"): 422 for a platform refusal, 400 for a
 * bad request, 401 for a bad token, 404 for an unknown id, 503 when the platform is unreachable.
 */
import type { ApiErrorBody } from '../../shared/api/views';
import { AppError, toErrorInfo } from '../../shared/errors/app-error';
import { explain } from '../../shared/errors/catalog';
import { redactObject, redactText } from '../../shared/redact';

/** Status and body of an error. Unknown errors become INTERNAL without leaking their text. */
export function errorResponse(err: unknown): { status: number; body: ApiErrorBody } {
  const info = toErrorInfo(err);
  const status = err instanceof AppError || info.code !== 'INTERNAL' ? explain(info.code).http : 500;
  return {
    status: status === 202 ? 409 : status,
    body: {
      error: {
        code: info.code,
        message: info.message,
        hint: info.hint,
        ...(info.upstream_err_msg !== undefined ? { upstream_err_msg: redactText(info.upstream_err_msg) } : {}),
        ...(info.detail !== undefined ? { detail: redactObject(info.detail) } : {}),
        ...(info.code === 'ROLE_REQUIRED' ? { role_needed: roleNeeded(info.detail) } : {}),
      },
    },
  };
}

/** The `role_needed` of a ROLE_REQUIRED detail (shared/access/roles.ts). */
function roleNeeded(detail: unknown): string {
  const r =
    detail !== null && typeof detail === 'object' ? (detail as { role_needed?: unknown }).role_needed : undefined;
  return typeof r === 'string' ? r : '';
}

/** A zod issue as it reaches here (the fields this file reads). */
interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly expected?: unknown;
  readonly maximum?: unknown;
  readonly minimum?: unknown;
  readonly origin?: unknown;
}

/**
 * The message of an issue that never carries the caller's value (hardening issue item 6): zod's
 * own texts may name the received type (`received LosslessNumber`) or quote an unknown key, so
 * every zod code gets a fixed text built from the rule; custom messages are ours and state the rule.
 */
export function safeIssueMessage(i: IssueLike): string {
  switch (i.code) {
    case 'invalid_type':
      return typeof i.expected === 'string' ? `expected ${i.expected}` : 'wrong type';
    case 'unrecognized_keys':
      return 'unknown field';
    case 'invalid_union':
      return 'not one of the accepted forms';
    case 'invalid_key':
    case 'invalid_element':
      return 'invalid entry';
    case 'invalid_value':
      return 'not an accepted value';
    case 'invalid_format':
      return 'wrong format';
    case 'too_big':
      return `too ${i.origin === 'string' ? 'long' : 'big'}: at most ${String(i.maximum)}`;
    case 'too_small':
      return `too ${i.origin === 'string' ? 'short' : 'small'}: at least ${String(i.minimum)}`;
    default:
      // Our own messages (custom refinements) state the rule, not the value.
      return i.message.slice(0, 120) || 'invalid';
  }
}

/** The path of an issue as text, bounded (a key is caller text). */
function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.').slice(0, 200);
}

/** A 400 from zod issues: the paths and messages, never the values (S3). */
export function badRequestFromIssues(issues: readonly IssueLike[]): AppError {
  const list = issues.slice(0, 10).map((i) => ({ path: issuePath(i.path), message: safeIssueMessage(i) }));
  const first = list[0];
  return new AppError('BAD_REQUEST', {
    message: first ? `请求字段 ${first.path || '(根)'} 不正确：${first.message}` : '请求内容不正确。',
    detail: { issues: list },
  });
}

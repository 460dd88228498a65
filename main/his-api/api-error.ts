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
  const r = detail !== null && typeof detail === 'object' ? (detail as { role_needed?: unknown }).role_needed : undefined;
  return typeof r === 'string' ? r : '';
}

/** A 400 from zod issues: the paths and messages, never the values (S3). */
export function badRequestFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const list = issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = list[0];
  return new AppError('BAD_REQUEST', {
    message: first ? `请求字段 ${first.path || '(根)'} 不正确：${first.message}` : '请求内容不正确。',
    detail: { issues: list },
  });
}

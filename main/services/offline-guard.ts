/**
 * Failing fast while the platform is unreachable (issue item 4, docs/his-api.md "Errors": 503
 * UPSTREAM_UNREACHABLE, nothing was sent). A settle is never attempted blind: the cashier and the
 * HIS learn at once that the platform is down, instead of after a timeout per click.
 */
import type { ServiceDeps } from './service-deps';
import { AppError } from '../../shared/errors/app-error';

/** What was refused, for the plain message ("结算", "预结算", "办理就诊", "上传费用"). */
export type OfflineAction = '结算' | '预结算' | '办理就诊' | '上传费用';

/** Throws UPSTREAM_UNREACHABLE when the link is offline; nothing has been recorded or sent. */
export function refuseWhileOffline(deps: ServiceDeps, action: OfflineAction): void {
  if (!deps.link?.isOffline()) return;
  const since = deps.link.offlineSince();
  throw new AppError('UPSTREAM_UNREACHABLE', {
    message: `医保平台当前连不上，本次${action}没有发出。`,
    hint: '系统正在后台自动重连，恢复后即可继续办理；住院费用可照常上传，会排队在恢复后自动发送。若长时间未恢复，请联系信息科。',
    detail: { offline: true, offline_since_ms: since },
  });
}

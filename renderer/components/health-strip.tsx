/** The health strip: platform reachable, latency, sign-in age, queue depth, training mode. */
import type { HealthView } from '../../shared/api/views';

/** Props of `HealthStrip`. */
export interface HealthStripProps {
  readonly health: HealthView | null;
  readonly pendingCount: number;
}

/** Seconds as people read them. */
function age(s: number | null): string {
  if (s === null) return '未签到';
  if (s < 60) return `${s} 秒前签到`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟前签到`;
  return `${Math.floor(s / 3600)} 小时前签到`;
}

/** The strip. */
export function HealthStrip({ health, pendingCount }: HealthStripProps) {
  if (!health) {
    return (
      <div className="health-strip unknown" data-testid="health-strip">
        正在检查与医保平台的连接…
      </div>
    );
  }
  const up = health.upstream;
  const reach = up.reachable === null ? '未知' : up.reachable ? '已连接' : '连不上';
  return (
    <div className={`health-strip status-${health.status}`} data-testid="health-strip" data-status={health.status}>
      {health.training ? <span className="training">培训模式（模拟平台，不产生真实结算）</span> : null}
      <span className="inst">{health.institution.fixmedins_name}</span>
      <span className={`reach ${up.reachable === false ? 'bad' : ''}`}>医保平台：{reach}</span>
      {up.latency_ms !== null ? <span>响应 {up.latency_ms} ms</span> : null}
      <span>{age(up.sign_in_age_s)}</span>
      {up.gateway_refusal ? (
        <span className="bad" data-testid="gateway-refusal" title={up.gateway_refusal.err_msg ?? ''}>
          医保网关拒收 [{up.gateway_refusal.code}]：{up.gateway_refusal.message}
        </span>
      ) : null}
      <span>后台队列 {health.queue.depth}</span>
      <span className={pendingCount > 0 ? 'attention' : ''}>待处理 {pendingCount}</span>
      {!health.store.ok ? <span className="bad">本地数据库异常</span> : null}
      {(health.reconciliation?.unbalanced_days.length ?? 0) > 0 ? (
        <span className="attention" data-testid="health-unbalanced">
          对账不平 {health.reconciliation?.unbalanced_days.length} 天
        </span>
      ) : null}
    </div>
  );
}

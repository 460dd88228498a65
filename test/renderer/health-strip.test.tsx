/**
 * The health strip shows a gateway refusal with its code and plain cause until it clears
 * (issue 16: the named cause stays on the health view until a call goes through).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HealthStrip } from '../../renderer/components/health-strip';
import type { HealthView } from '../../shared/api/views';

const health = (refusal: NonNullable<HealthView['upstream']['gateway_refusal']> | null): HealthView => ({
  status: refusal === null ? 'ok' : 'degraded',
  training: false,
  version: '0.1.0',
  institution: { fixmedins_code: 'H41020200011', fixmedins_name: '示范医院', mdtrtarea_admvs: '410202' },
  upstream: {
    url: 'http://10.1.2.3',
    reachable: true,
    last_success_at: null,
    last_failure_at: null,
    latency_ms: 12,
    sign_in_age_s: 5,
    gateway: 'tif',
    gateway_refusal: refusal,
  },
  store: { ok: true, journal_mode: 'wal', synchronous: 2 },
  queue: { depth: 0, oldest_at: null, needs_attention: 0 },
});

describe('HealthStrip', () => {
  it('names the gateway refusal and its cause', () => {
    const html = renderToStaticMarkup(
      <HealthStrip
        health={health({
          code: 'GATEWAY_CLOCK_SKEW',
          message: '本机时钟与医保网关相差超过5分钟',
          err_msg: '[GATEWAY_CLOCK_SKEW] x',
          at: '2026-11-20 10:00:00',
        })}
        pendingCount={0}
      />,
    );
    expect(html).toContain('data-testid="gateway-refusal"');
    expect(html).toContain('医保网关拒收 [GATEWAY_CLOCK_SKEW]：本机时钟与医保网关相差超过5分钟');
  });

  it('shows nothing about the gateway once a call went through', () => {
    expect(renderToStaticMarkup(<HealthStrip health={health(null)} pendingCount={0} />)).not.toContain('医保网关拒收');
  });
});

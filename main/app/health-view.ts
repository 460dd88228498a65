/**
 * The health figures of the window (D-25, issue 5 "GET /api/v1/health"): upstream reachable,
 * latency, sign-in age, store settings, queue depth and oldest item, items needing attention.
 */
import type { HealthView } from '../../shared/api/views';
import type { SettlementStore } from '../store/ports/settlement-store';
import type { JobStore } from '../store/ports/jobs';
import type { UpstreamClient } from '../upstream/ports';
import type { InstitutionInfo } from '../services/service-deps';
import { chinaDateTime } from '../../shared/china-time';
import { explain } from '../../shared/errors/catalog';

export interface HealthSources {
  readonly store: SettlementStore;
  readonly jobs: JobStore;
  readonly upstream: UpstreamClient;
  readonly upstreamUrl: string;
  readonly institution: InstitutionInfo;
  readonly training: boolean;
  readonly version: string;
  readonly clock: () => number;
}

/** Builds the health view now. */
export async function healthView(h: HealthSources): Promise<HealthView> {
  const now = h.clock();
  const st = h.upstream.status();
  const store = await h.store.health.check();
  const jobs = await h.jobs.stats(now);
  const attention = (await h.store.settlements.countByState()).NEEDS_ATTENTION ?? 0;
  const reachable =
    st.lastSuccessAt === null && st.lastFailureAt === null ? null : (st.lastSuccessAt ?? 0) >= (st.lastFailureAt ?? 0);
  const refusal = st.gatewayRefusal ?? null;
  const status: HealthView['status'] =
    !store.ok || reachable === false
      ? reachable === false
        ? 'offline'
        : 'degraded'
      : attention > 0 || jobs.dead_letters > 0 || refusal !== null
        ? 'degraded'
        : 'ok';
  return {
    status,
    training: h.training,
    version: h.version,
    institution: { ...h.institution },
    upstream: {
      url: h.upstreamUrl,
      reachable,
      last_success_at: st.lastSuccessAt === null ? null : chinaDateTime(st.lastSuccessAt),
      last_failure_at: st.lastFailureAt === null ? null : chinaDateTime(st.lastFailureAt),
      latency_ms: st.latencyMs ?? null,
      sign_in_age_s: st.signInAt === null ? null : Math.max(0, Math.round((now - st.signInAt) / 1000)),
      gateway: st.gateway ?? 'plain',
      // A gateway refusal stays on the health view until a call goes through (docs/protocol.md §1.3).
      gateway_refusal:
        refusal === null
          ? null
          : {
              code: refusal.code,
              message: explain(refusal.code).message,
              err_msg: refusal.errMsg ?? null,
              at: chinaDateTime(refusal.at),
            },
    },
    store: { ok: store.ok, journal_mode: store.journal_mode, synchronous: store.synchronous },
    queue: {
      depth: jobs.depth,
      oldest_at: jobs.oldest_at === null ? null : chinaDateTime(jobs.oldest_at),
      // Settlements waiting for a supervisor, plus poison jobs IT must look at.
      needs_attention: attention + jobs.dead_letters,
    },
  };
}

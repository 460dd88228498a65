/**
 * Builds the answer of `GET /api/v1/jobs` (issue item 4) from the job store, the settlement store,
 * the upstream client's figures and the link monitor. Payloads are never read (personal data).
 */
import type { JobsOverview, JobsQuery } from '../his-api/routes/jobs-routes';
import type { JobStore } from '../store/ports/jobs';
import type { SettlementStore } from '../store/ports/settlement-store';
import type { UpstreamClient } from '../upstream/ports';
import type { LinkView } from '../services/link-monitor';
import { chinaDateTime } from '../../shared/china-time';

export interface JobsViewSources {
  readonly jobs: JobStore;
  readonly store: SettlementStore;
  readonly upstream: UpstreamClient;
  readonly link: () => LinkView;
  readonly clock: () => number;
}

const at = (ms: number | null): string | null => (ms === null ? null : chinaDateTime(ms));

/** The overview for a query. */
export async function jobsOverview(src: JobsViewSources, q: JobsQuery): Promise<JobsOverview> {
  const now = src.clock();
  const stats = await src.jobs.stats(now);
  const list = await src.jobs.list({ states: q.states, limit: q.limit, ...(q.key ? { key: q.key } : {}) });
  const attention = (await src.store.settlements.countByState()).NEEDS_ATTENTION ?? 0;
  const st = src.upstream.status();
  const link = src.link();
  return {
    queue: {
      depth: stats.depth,
      due: stats.due,
      running: stats.running,
      oldest_at: at(stats.oldest_at),
      needs_attention: stats.needs_attention,
      dead_letters: stats.dead_letters,
      settlements_needing_attention: attention,
    },
    upstream: {
      state: link.state,
      offline_since: at(link.offline_since),
      reason: link.reason,
      probes: link.probes,
      next_probe_at: at(link.next_probe_at),
      last_success_at: at(st.lastSuccessAt),
      last_failure_at: at(st.lastFailureAt),
      sign_in_age_s: st.signInAt === null ? null : Math.max(0, Math.round((now - st.signInAt) / 1000)),
    },
    jobs: list.map((j) => ({
      job_id: j.job_id,
      type: j.type,
      key: j.key,
      state: j.state,
      money: j.money,
      attempts: j.attempts,
      max_attempts: j.max_attempts,
      next_run_at: chinaDateTime(j.next_run_at),
      last_error: j.last_error,
      created_at: chinaDateTime(j.created_at),
      updated_at: chinaDateTime(j.updated_at),
    })),
  };
}

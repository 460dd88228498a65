/**
 * `GET /api/v1/jobs` (issue item 4): the durable queue and the link to the platform as a
 * supervisor or IT sees them — queue depth, oldest item, what needs attention, the link state,
 * last success and sign-in age, and the jobs themselves. Job payloads are never shown: they may
 * hold personal data. Needs the HIS token.
 */
import type { Route } from '../route';
import { okJson } from '../route';
import { AppError } from '../../../shared/errors/app-error';

/** Job states a caller may filter on. */
export const JOB_STATE_FILTERS = ['queued', 'running', 'done', 'needs_attention'] as const;

/** One job as listed (no payload). Times are China time `yyyy-MM-dd HH:mm:ss`. */
export interface JobListItem {
  readonly job_id: string;
  readonly type: string;
  /** The ordering key: the visit id. */
  readonly key: string;
  readonly state: (typeof JOB_STATE_FILTERS)[number];
  readonly money: boolean;
  readonly attempts: number;
  readonly max_attempts: number;
  readonly next_run_at: string;
  /** Last failure text (plain, no personal data), or null. */
  readonly last_error: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** The answer of `GET /api/v1/jobs`. */
export interface JobsOverview {
  readonly queue: {
    /** Unfinished jobs (queued + running). */
    readonly depth: number;
    /** Queued jobs already due. */
    readonly due: number;
    readonly running: number;
    /** Creation time of the oldest unfinished job, or null. */
    readonly oldest_at: string | null;
    /** Money jobs whose budget is spent (a supervisor decides). */
    readonly needs_attention: number;
    /** Poison payloads kept raw for IT. */
    readonly dead_letters: number;
    /** Settlements in NEEDS_ATTENTION. */
    readonly settlements_needing_attention: number;
  };
  readonly upstream: {
    /** `offline` while the platform is unreachable: new settles fail fast, uploads queue, the queue waits. */
    readonly state: 'online' | 'offline';
    readonly offline_since: string | null;
    readonly reason: string | null;
    /** Probes (9001) sent since it went offline. */
    readonly probes: number;
    readonly next_probe_at: string | null;
    readonly last_success_at: string | null;
    readonly last_failure_at: string | null;
    readonly sign_in_age_s: number | null;
  };
  readonly jobs: readonly JobListItem[];
}

/** A filter of the listing. */
export interface JobsQuery {
  /** Default: every state but `done`. */
  readonly states: readonly (typeof JOB_STATE_FILTERS)[number][];
  /** 1–1000, default 100. */
  readonly limit: number;
  /** Only the jobs of one visit. */
  readonly key?: string;
}

/** What the jobs route needs: a function that builds the overview (main/app wires it). */
export interface JobsRouteDeps {
  readonly overview: (q: JobsQuery) => Promise<JobsOverview>;
}

/** Reads `?state=a,b&limit=n&key=…`; BAD_REQUEST names the bad parameter. */
export function parseJobsQuery(query: URLSearchParams): JobsQuery {
  const stateText = query.get('state');
  const states =
    stateText === null || stateText === ''
      ? (['queued', 'running', 'needs_attention'] as const)
      : stateText.split(',').map((s) => s.trim());
  for (const s of states) {
    if (!(JOB_STATE_FILTERS as readonly string[]).includes(s)) {
      throw new AppError('BAD_REQUEST', {
        message: `state 只能是 ${JOB_STATE_FILTERS.join('、')}。`,
        detail: { field: 'state' },
      });
    }
  }
  const limitText = query.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError('BAD_REQUEST', { message: 'limit 应为 1 到 1000 的整数。', detail: { field: 'limit' } });
  }
  const key = query.get('key');
  return { states: states as JobsQuery['states'], limit, ...(key ? { key } : {}) };
}

export function jobsRoutes({ overview }: JobsRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v1/jobs',
      handler: async (req) => okJson(await overview(parseJobsQuery(req.query))),
    },
  ];
}

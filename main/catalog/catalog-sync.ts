/**
 * Catalog sync from the platform (D-10; docs/his-api.md `POST /api/v1/catalog/sync`): 1312 → 1318 →
 * 1319, paged, incremental by `updt_time`, resumable. Apart from the catalog service's files,
 * mappings and preview (issue 15 item 5); the service owns one instance and delegates to it.
 *
 * A run is claimed with a lease in the store. A fresh run first asks each query for its
 * `recordCounts` (page size 1) to know the total, then walks the pages of 1312, 1318 and 1319 in
 * turn, each with its own cursor (`updt_time` = the highest `updt_time` the previous completed run
 * applied for that query). Every page is applied and the progress committed in one transaction, so
 * a run stopped by anything (platform gone, adapter killed) resumes at the next page when it is
 * started again. A page that carried rows bumps the catalog version.
 */
import { ulid } from 'ulid';
import { AppError, toErrorInfo } from '../../shared/errors/app-error';
import { explain } from '../../shared/errors/catalog';
import { NO_JOURNAL, type CallJournal, type UpstreamClient } from '../upstream/ports';
import {
  CATALOG_STAGES,
  type CatalogRepository,
  type CatalogStage,
  type CatalogSyncRow,
  type CatalogSyncState,
} from '../store/ports/catalog';
import type { Clock } from '../domain/clock';
import { chinaDate } from '../../shared/china-time';
import { FULL_SYNC_SINCE, readPagedReply, readSyncRow, type PagedReply } from './sync-rows';

/** Options of a sync (main/app fills them from the config through `CatalogServiceOptions`). */
export interface CatalogSyncOptions {
  /** Rows per page of 1312/1318/1319 (default 100). */
  readonly pageSize?: number;
  /** Lease of a sync run, ms (default 60,000); renewed on every page. */
  readonly leaseMs?: number;
  /** Lease owner id of this process (default a fresh ULID). */
  readonly owner?: string;
}

/** What a sync is built from (a subset of the catalog service's deps). */
export interface CatalogSyncDeps {
  readonly repo: CatalogRepository;
  readonly upstream: UpstreamClient;
  readonly clock: Clock;
  /** Journal hook for the catalog queries (default: none; they change nothing at the platform). */
  readonly journal?: CallJournal;
  readonly options?: CatalogSyncOptions;
  /** Log sink (no personal data is ever logged here). */
  readonly log?: (line: string) => void;
}

/** Answer of {@link CatalogSync.start}. */
export interface SyncStart {
  readonly job_id: string;
  /** False when a sync was already running (its job id is returned). */
  readonly started: boolean;
  /** True when the run continues an interrupted one. */
  readonly resumed: boolean;
}

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_LEASE_MS = 60_000;

/** The catalog sync of one process. */
export class CatalogSync {
  private readonly owner: string;
  private readonly pageSize: number;
  private readonly leaseMs: number;
  private running: { readonly jobId: string; readonly done: Promise<CatalogSyncState> } | null = null;
  private starting: Promise<SyncStart> | null = null;

  constructor(private readonly deps: CatalogSyncDeps) {
    this.owner = deps.options?.owner ?? ulid();
    this.pageSize = deps.options?.pageSize ?? DEFAULT_PAGE_SIZE;
    this.leaseMs = deps.options?.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Starts a sync in the background and answers at once. When one is already running (here, or in
   * another process holding a live lease) its job id is returned.
   */
  async start(): Promise<SyncStart> {
    if (this.running !== null) return { job_id: this.running.jobId, started: false, resumed: false };
    // Two calls at once in this process share one claim.
    this.starting ??= this.claimAndRun().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** The state once this process's running sync (if any) has ended. */
  async whenSettled(): Promise<CatalogSyncState> {
    if (this.running !== null) return this.running.done;
    return this.deps.repo.syncState();
  }

  /** Runs a sync to its end (starting or joining one) and returns the final state. */
  async runToEnd(): Promise<CatalogSyncState> {
    await this.start();
    return this.whenSettled();
  }

  private async claimAndRun(): Promise<SyncStart> {
    const jobId = ulid();
    const claim = await this.deps.repo.claimSync(this.owner, jobId, this.now(), this.leaseMs);
    if (!claim.claimed) return { job_id: claim.state.job_id ?? jobId, started: false, resumed: false };
    const done = this.run(claim.state, claim.resumed).finally(() => {
      this.running = null;
    });
    this.running = { jobId, done };
    this.log(
      `catalog sync ${jobId} ${claim.resumed ? `resumed at ${claim.state.stage ?? '-'} page ${claim.state.page + 1}` : 'started'}`,
    );
    return { job_id: jobId, started: true, resumed: claim.resumed };
  }

  private async run(claimed: CatalogSyncState, resumed: boolean): Promise<CatalogSyncState> {
    const repo = this.deps.repo;
    let s = claimed;
    try {
      if (!resumed || s.stage === null) {
        let total = 0;
        for (const stage of CATALOG_STAGES)
          total += (await this.fetchPage(stage, s.cursors[stage] ?? FULL_SYNC_SINCE, 1, 1)).recordCounts;
        s = await repo.setSyncTotal(this.owner, total, this.now(), this.leaseMs);
        s = await repo.advanceSyncStage(this.owner, CATALOG_STAGES[0] ?? null, this.now(), this.leaseMs);
      }
      while (s.stage !== null) {
        const stage = s.stage;
        if (s.pages !== null && s.page >= s.pages) {
          s = await repo.advanceSyncStage(this.owner, nextStage(stage), this.now(), this.leaseMs);
          continue;
        }
        const pageNo = s.page + 1;
        const reply = await this.fetchPage(stage, s.since ?? FULL_SYNC_SINCE, pageNo, this.pageSize);
        const rows: CatalogSyncRow[] = [];
        let skipped = 0;
        let maxUpdt: string | null = null;
        for (const raw of reply.data) {
          const r = readSyncRow(stage, raw, chinaDate(this.now()));
          if (!r.ok) {
            skipped++;
            continue;
          }
          rows.push(r.row);
          if (r.updt_time !== null && (maxUpdt === null || r.updt_time > maxUpdt)) maxUpdt = r.updt_time;
        }
        if (skipped > 0) this.log(`catalog sync ${stage} page ${pageNo}: ${skipped} unreadable rows skipped`);
        s = await repo.applySyncPage(
          this.owner,
          { stage, page: pageNo, pages: reply.pages, rows, skipped, max_updt_time: maxUpdt },
          this.now(),
          this.leaseMs,
        );
        if (reply.data.length === 0 || pageNo >= reply.pages) {
          s = await repo.advanceSyncStage(this.owner, nextStage(stage), this.now(), this.leaseMs);
        }
      }
      this.log(`catalog sync ${s.job_id ?? '-'} done: ${s.done} rows`);
      return s;
    } catch (err) {
      const info = toErrorInfo(err);
      const code = info.code;
      const message = err instanceof AppError ? err.message : explain('CATALOG_SYNC_FAILED').message;
      const where = s.stage === null ? '准备阶段' : `${s.stage} 第 ${s.page + 1} 页`;
      this.log(`catalog sync ${s.job_id ?? '-'} failed at ${where}: ${code}`);
      try {
        return await repo.failSync(
          this.owner,
          code,
          `[${code}] 目录同步在${where}中断：${message}已同步的部分已保存，再次同步会从中断处继续。`,
          this.now(),
        );
      } catch {
        return repo.syncState();
      }
    }
  }

  /** One page of a paged query; throws AppError when the platform did not answer with a page. */
  private async fetchPage(stage: CatalogStage, since: string, pageNum: number, pageSize: number): Promise<PagedReply> {
    const r = await this.deps.upstream.call(
      stage,
      { data: { updt_time: since, page_num: pageNum, page_size: pageSize } },
      { journal: this.deps.journal ?? NO_JOURNAL },
    );
    switch (r.outcome) {
      case 'SUCCESS': {
        const reply = readPagedReply(r.output);
        if (reply === null)
          throw new AppError('UPSTREAM_BAD_RESPONSE', { message: '平台返回的目录分页数据无法识别。' });
        return reply;
      }
      case 'DEFINITE_FAIL':
        throw new AppError(r.errCode ?? 'UPSTREAM_REFUSED', {
          message: '医保平台拒绝了目录查询。',
          ...(r.errMsg !== undefined ? { upstreamErrMsg: r.errMsg } : {}),
        });
      case 'NOT_SENT':
        throw new AppError('UPSTREAM_UNREACHABLE', {
          message: '连不上医保平台，目录查询没有发出。',
          detail: { errCode: r.errCode },
        });
      case 'UNKNOWN':
        throw new AppError('UPSTREAM_TIMEOUT', {
          message: '医保平台没有给出目录查询的答复（连接中断或超时）。',
          detail: { reason: r.reason },
        });
      default: {
        const never: never = r.outcome;
        throw new Error(`unexpected outcome ${String(never)}`);
      }
    }
  }

  private now(): number {
    return this.deps.clock.now();
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}

function nextStage(stage: CatalogStage): CatalogStage | null {
  const i = CATALOG_STAGES.indexOf(stage);
  return CATALOG_STAGES[i + 1] ?? null;
}

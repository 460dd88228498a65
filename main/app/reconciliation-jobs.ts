/**
 * The reconciliation job types (issue 18 item 2): `reconcile-day` runs one day's reconciliation,
 * `reconcile-schedule` starts the day before every morning (06:30 China time) and books the next
 * morning. `ensureReconcileSchedule` books the first morning at start-up when none is queued.
 */
import { z } from 'zod';
import type { ReconciliationService } from '../services/reconciliation-service';
import type { JobStore } from '../store/ports/jobs';
import type { JobScheduler } from '../queue/ports';
import { defineJobType, type JobRegistry } from '../queue/job-types';
import { RECONCILE_DAY, RECONCILE_SCHEDULE } from '../services/job-names';
import { addDays } from '../../shared/dates';
import { chinaDate } from '../../shared/china-time';

/** The China time of day the scheduled run starts, `HH:mm`. */
export const RECONCILE_AT = '06:30';

/** The next scheduled morning after `nowMs`, epoch ms. */
export function nextReconcileMorning(nowMs: number): number {
  const today = chinaDate(nowMs);
  const at = Date.parse(`${today}T${RECONCILE_AT}:00+08:00`);
  return at > nowMs ? at : Date.parse(`${addDays(today, 1)}T${RECONCILE_AT}:00+08:00`);
}

const ByRecon = z.object({ recon_id: z.string().min(1).max(40) });
const Schedule = z.object({});

/** Registers both job types. `scheduler` is read lazily (the runner is built after the registry). */
export function registerReconciliationJobs(registry: JobRegistry, recon: ReconciliationService, scheduler: () => JobScheduler | null, clock: () => number): JobRegistry {
  return registry
    .register(defineJobType({
      type: RECONCILE_DAY, schema: ByRecon, money: false, maxAttempts: 3,
      handler: async (p) => {
        await recon.execute(p.recon_id);
        return 'finished';
      },
    }))
    .register(defineJobType({
      type: RECONCILE_SCHEDULE, schema: Schedule, money: false, maxAttempts: 5,
      handler: async () => {
        const now = clock();
        await recon.start(addDays(chinaDate(now), -1), 'schedule');
        await scheduler()?.enqueue(RECONCILE_SCHEDULE, RECONCILE_SCHEDULE, {}, { runAt: nextReconcileMorning(now + 60_000) });
        return 'finished';
      },
    }));
}

/** Books the next morning's run unless one is already queued. */
export async function ensureReconcileSchedule(jobs: JobStore, scheduler: JobScheduler, nowMs: number): Promise<void> {
  const queued = await jobs.list({ states: ['queued', 'running'], type: RECONCILE_SCHEDULE, limit: 1 });
  if (queued.length === 0) await scheduler.enqueue(RECONCILE_SCHEDULE, RECONCILE_SCHEDULE, {}, { runAt: nextReconcileMorning(nowMs) });
}

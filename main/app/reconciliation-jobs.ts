/**
 * Reconciliation in the durable queue (issue 18): `reconcile-day` runs one day's reconciliation.
 * The morning schedule is a timer, not a standing job (a job waiting all day would count as queue
 * depth and as the "oldest item" of the health view): every morning at 06:30 China time, and at
 * start-up when that hour has passed, it starts the day before unless that day already has a run
 * or there is nothing to reconcile (no settlement and no group seen in 90 days).
 * The run itself then goes through the queue like any on-demand run.
 */
import { z } from 'zod';
import type { ReconciliationService } from '../services/reconciliation-service';
import type { QueueTimers } from '../queue/ports';
import { defineJobType, type JobRegistry } from '../queue/job-types';
import { RECONCILE_DAY } from '../services/job-names';
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

/** Registers `reconcile-day`. */
export function registerReconciliationJobs(registry: JobRegistry, recon: ReconciliationService): JobRegistry {
  return registry.register(
    defineJobType({
      type: RECONCILE_DAY,
      schema: ByRecon,
      money: false,
      maxAttempts: 3,
      handler: async (p) => {
        await recon.execute(p.recon_id);
        return 'finished';
      },
    }),
  );
}

/** The morning timer; `stop()` on shutdown. */
export interface ReconcileSchedule {
  /** Starts yesterday's run now if 06:30 has passed and the day has none; resolves to its recon_id or null. */
  catchUp(): Promise<string | null>;
  stop(): void;
}

/** Starts the morning timer (and a catch-up right away). Timers and clock are injected. */
export function startReconcileSchedule(d: {
  readonly recon: Pick<ReconciliationService, 'start' | 'days' | 'hasActivity'>;
  readonly clock: () => number;
  readonly timers: QueueTimers;
  readonly onError: (e: unknown) => void;
}): ReconcileSchedule {
  let handle: unknown = null;
  let stopped = false;
  const catchUp = async (): Promise<string | null> => {
    const now = d.clock();
    const today = chinaDate(now);
    if (now < Date.parse(`${today}T${RECONCILE_AT}:00+08:00`)) return null;
    const yesterday = addDays(today, -1);
    if ((await d.recon.days(yesterday, yesterday)).length > 0) return null;
    if (!(await d.recon.hasActivity(yesterday))) return null;
    return d.recon.start(yesterday, 'schedule');
  };
  const arm = (): void => {
    if (stopped) return;
    // Re-armed at least every 6 hours, so a suspended PC or a clock change cannot skip a morning.
    const wait = Math.min(nextReconcileMorning(d.clock()) - d.clock() + 1_000, 6 * 3_600_000);
    handle = d.timers.setTimeout(
      () => {
        catchUp().catch(d.onError).finally(arm);
      },
      Math.max(1_000, wait),
    );
  };
  catchUp().catch(d.onError).finally(arm);
  return {
    catchUp,
    stop() {
      stopped = true;
      if (handle !== null) d.timers.clearTimeout(handle);
    },
  };
}

/**
 * The job types of the settlement core, registered with the durable queue: each maps a payload
 * (zod-checked once; poison goes to the dead-letter table) to a ResolutionService step.
 */
import { z } from 'zod';
import type { ResolutionService } from '../services/resolution-service';
import { JobRegistry, defineJobType } from '../queue/job-types';
import { CHECK_CANCEL, CONFIRM_REVERSAL, REVERSE_ADMISSION, REVERSE_SETTLEMENT } from '../services/job-names';

/** Attempts before a money job needs a supervisor (backoff 0, 190 ms, ×1.9 … ≈ 20 min in all). */
export const RESOLUTION_MAX_ATTEMPTS = 20;

const BySettlement = z.object({ settlement_id: z.string().min(1) });
const Admission = z.object({
  visit_id: z.string().min(1),
  psn_no: z.string().min(1),
  omsgid: z.string().min(1),
  insuplc_admdvs: z.string(),
});

/** A registry with the resolution job types. */
export function resolutionJobRegistry(resolution: ResolutionService): JobRegistry {
  return new JobRegistry()
    .register(
      defineJobType({
        type: REVERSE_SETTLEMENT,
        schema: BySettlement,
        money: true,
        maxAttempts: RESOLUTION_MAX_ATTEMPTS,
        handler: async (p, ctx) => resolution.reverseSettlement(p.settlement_id, ctx),
        onGiveUp: async (p, reason) => resolution.markNeedsAttention(p.settlement_id, reason),
      }),
    )
    .register(
      defineJobType({
        type: CONFIRM_REVERSAL,
        schema: BySettlement,
        money: true,
        maxAttempts: RESOLUTION_MAX_ATTEMPTS,
        handler: async (p) => resolution.confirmReversal(p.settlement_id),
      }),
    )
    .register(
      defineJobType({
        type: CHECK_CANCEL,
        schema: BySettlement,
        money: true,
        maxAttempts: RESOLUTION_MAX_ATTEMPTS,
        handler: async (p, ctx) => resolution.checkCancel(p.settlement_id, ctx),
        onGiveUp: async (p, reason) => resolution.markNeedsAttention(p.settlement_id, reason),
      }),
    )
    .register(
      defineJobType({
        type: REVERSE_ADMISSION,
        schema: Admission,
        money: false,
        maxAttempts: RESOLUTION_MAX_ATTEMPTS,
        handler: async (p) => resolution.reverseAdmission(p),
      }),
    );
}

/**
 * The job type of offline mode (issue item 4): an inpatient fee upload accepted while the platform
 * was unreachable is sent by the queue once the link is back (FeeService.sendQueued).
 */
import { z } from 'zod';
import type { FeeService } from '../services/fee-service';
import type { JobTypeDefinition } from '../queue/job-types';
import { defineJobType } from '../queue/job-types';
import { UPLOAD_FEES, UPLOAD_FEES_MAX_ATTEMPTS } from '../services/fee-upload-job';

const ByVisit = z.object({ visit_id: z.string().min(1) });

/** The `upload-fees` job type on the given fee service. */
export function uploadFeesJobType(fees: FeeService): JobTypeDefinition<z.infer<typeof ByVisit>> {
  return defineJobType({
    type: UPLOAD_FEES,
    schema: ByVisit,
    money: false,
    maxAttempts: UPLOAD_FEES_MAX_ATTEMPTS,
    handler: async (p) => fees.sendQueued(p.visit_id),
  });
}

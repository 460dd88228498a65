/**
 * A supervisor's resolution of a settlement in `needs_attention` (docs/his-api.md "Operators": supervisor
 * only). NEEDS_ATTENTION blocks the visit until reconciliation or a supervisor clears it; the
 * supervisor states what the platform holds, after checking it (reconciliation, the agency):
 * - `settled`: the platform holds the settlement (it has a `setl_id`) → SETTLED, cash as reported;
 * - `cancelled`: the platform holds it cancelled → CANCELLED;
 * - `not_settled`: the platform never made it (no `setl_id`) → NOT_SETTLED, the visit may settle again.
 */
import { z } from 'zod';

/** What the supervisor found at the platform. */
export const ATTENTION_RESOLUTIONS = ['settled', 'cancelled', 'not_settled'] as const;
export type AttentionResolution = (typeof ATTENTION_RESOLUTIONS)[number];

/** `POST /api/v1/settlements/{settlement_id}/resolve`; `opter`/`opter_name` may ride along (operator gate). */
export const ResolveAttentionRequest = z.object({
  resolution: z.enum(ATTENTION_RESOLUTIONS),
  /** Why, in the supervisor's words (kept in the settlement's history; the audit row holds it masked). */
  reason: z.string().trim().min(2).max(200),
});
export type ResolveAttentionRequest = z.infer<typeof ResolveAttentionRequest>;

/**
 * 2102 药店结算 (docs/protocol.md §2.3, docs/sandbox-policy.md §9): settles a retail pharmacy's sale in one
 * call. The platform creates the visit (`setlinfo.mdtrt_id`) and the settlement, and answers each
 * line's split as 2204 does. Reversible by 2601 (`oinfno` 2102); cancelled by 2103.
 */
import type { PharmacyFeeDetail, PharmacySettleData } from './2101';
import { FeeSplitResultSchema } from './2204';
import { SetldetailSchema, SettledSetlinfoSchema } from './2207';
import { listOf } from '../wire-values';
import { z } from '../zod';

/** Input of 2102. */
export interface Input2102 {
  readonly data: PharmacySettleData;
  readonly feedetail: readonly PharmacyFeeDetail[];
}

/** Request fields of 2102 sent as JSON number literals. */
export const NUMERIC_REQUEST_FIELDS_2102 = ['medfee_sumamt', 'det_item_fee_sumamt', 'cnt', 'pric', 'prd_days'] as const;

/** Output of 2102: the settlement with `setl_id` and `mdtrt_id`, its fund lines and the split of each line. */
export const Output2102Schema = z.object({
  setlinfo: SettledSetlinfoSchema,
  setldetail: listOf(SetldetailSchema),
  result: listOf(FeeSplitResultSchema),
});

/** Output of 2102. */
export type Output2102 = z.output<typeof Output2102Schema>;

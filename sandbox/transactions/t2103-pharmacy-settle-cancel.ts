/**
 * 2103 药店结算撤销 (docs/sandbox-policy.md §9): cancels a 2102 settlement as 2208 cancels a 2207 one
 * (§4: amounts negated, C and the balance restored); a retail pharmacy only.
 */
import type { Handler } from './context';
import { cancelSettlementCall } from './settlement-cancel';
import { requirePharmacy } from './t2101-pharmacy-settle';

/** Cancels a pharmacy settlement. */
export const pharmacySettleCancel: Handler = (ctx, input) => {
  requirePharmacy(ctx);
  return cancelSettlementCall(ctx, input, '2102', '2103');
};

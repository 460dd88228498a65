/** 2208 门诊结算撤销 (docs/protocol.md §2.3): the settlement with every amount negated; restores C and the balance. */
import type { Handler } from './context';
import { cancelSettlementCall } from './settlement-cancel';

/** Cancels an outpatient settlement. */
export const outpatientSettleCancel: Handler = (ctx, input) => cancelSettlementCall(ctx, input, '2207', '2208');

/** 2305 住院结算撤销 (docs/protocol.md §2.4): the settlement with every amount negated; restores C and the balance. */
import type { Handler } from './context';
import { cancelSettlementCall } from './settlement-cancel';

/** Cancels an inpatient settlement. */
export const inpatientSettleCancel: Handler = (ctx, input) => cancelSettlementCall(ctx, input, '2304', '2305');

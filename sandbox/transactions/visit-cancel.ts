/** Shared by 2202, 2404 and the reversal of 2401: cancel a visit that has no live settlement. */
import { deleteLines, liveLines } from '../ledger/lines-repo';
import { settlementsOfVisit } from '../ledger/settlements-repo';
import { setVisitState, type VisitRow } from '../ledger/visits-repo';
import type { CallContext } from './context';
import { Refusal } from './refusal';

/** Cancels `visit`: refuses when already cancelled or settled; deletes its unsettled lines. */
export function cancelVisit(ctx: CallContext, visit: VisitRow): void {
  if (visit.state === 'cancelled') throw new Refusal('ALREADY_CANCELLED', '该就诊已撤销');
  if (settlementsOfVisit(ctx.db, visit.mdtrt_id).some((s) => s.state === 'settled')) {
    throw new Refusal('ALREADY_SETTLED', '该就诊存在有效结算，请先撤销结算');
  }
  deleteLines(
    ctx.db,
    liveLines(ctx.db, visit.mdtrt_id).map((l) => l.id),
  );
  setVisitState(ctx.db, visit.mdtrt_id, 'cancelled', visit.endtime);
}

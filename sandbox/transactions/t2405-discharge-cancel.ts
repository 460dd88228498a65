/** 2405 出院办理撤销 (docs/protocol.md §2.4): refused while a final settlement is live. */
import { settlementsOfVisit } from '../ledger/settlements-repo';
import { setVisitState } from '../ledger/visits-repo';
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { badInput, Refusal } from './refusal';

/** Undoes the discharge. */
export const dischargeCancel: Handler = (ctx, input) => {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'inpatient');
  if (visit.state !== 'discharged') throw badInput('该住院尚未办理出院');
  if (settlementsOfVisit(ctx.db, visit.mdtrt_id).some((s) => s.state === 'settled' && s.mid_setl_flag === '0')) {
    throw new Refusal('ALREADY_SETTLED', '该住院已出院结算，请先撤销结算（2305）');
  }
  setVisitState(ctx.db, visit.mdtrt_id, 'open', null);
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: {} };
};

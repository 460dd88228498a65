/** 2202 门诊挂号撤销 (docs/protocol.md §2.3): cancels a visit without a live settlement. */
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { cancelVisit } from './visit-cancel';

/** Cancels the outpatient visit. */
export const outpatientRegisterCancel: Handler = (ctx, input) => {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'outpatient', true);
  cancelVisit(ctx, visit);
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: {} };
};

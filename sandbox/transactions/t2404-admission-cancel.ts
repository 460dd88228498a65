/** 2404 入院办理撤销 (docs/protocol.md §2.4): after 2305 and 2405 (cancellation order of docs/protocol.md §4). */
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { badInput } from './refusal';
import { cancelVisit } from './visit-cancel';

/** Cancels the admission. */
export const admissionCancel: Handler = (ctx, input) => {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'inpatient', true);
  if (visit.state === 'discharged') throw badInput('该住院已办理出院，请先撤销出院（2405）');
  cancelVisit(ctx, visit);
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: {} };
};

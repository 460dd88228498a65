/** 2402 出院办理 (docs/protocol.md §2.4): records the discharge time; the final settlement needs it. */
import { setVisitState } from '../ledger/visits-repo';
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { badInput } from './refusal';

/** Discharges the inpatient. */
export const discharge: Handler = (ctx, input) => {
  const d = input.obj('dscginfo');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'inpatient');
  const endtime = d.dateTime('endtime');
  if (visit.state === 'discharged') throw badInput('该住院已办理出院');
  if (endtime < visit.begntime) throw badInput('dscginfo.endtime：出院时间早于入院时间');
  input.optList('diseinfo');
  setVisitState(ctx.db, visit.mdtrt_id, 'discharged', endtime);
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: {} };
};

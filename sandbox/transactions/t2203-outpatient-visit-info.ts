/**
 * 2203 门诊就诊信息上传 (docs/protocol.md §2.3): sets med_type and dise_codg, and applies the
 * med_type 14 rule of docs/sandbox-policy.md §2 (D-8) on the visit's 2201 date.
 */
import { datePart } from '../../shared/dates';
import { OUTPATIENT_MED_TYPES } from '../model/benefit-line';
import { setVisitInfo } from '../ledger/visits-repo';
import { loadPerson, loadVisit, requireEligible } from './access';
import type { Handler } from './context';
import { badInput } from './refusal';

/** Records the visit information. */
export const outpatientVisitInfo: Handler = (ctx, input) => {
  const m = input.obj('mdtrtinfo');
  const person = loadPerson(ctx, m.str('psn_no', 30));
  const visit = loadVisit(ctx, m.str('mdtrt_id', 30), person.psn_no, 'outpatient');
  // Pharmacy sales use the outpatient transactions with med_type 41 (§2); the benefit line
  // follows med_type, whichever kind of institution sends it.
  const medType = m.code('med_type', OUTPATIENT_MED_TYPES);
  m.dateTime('begntime');
  const dise = m.optStr('dise_codg', 30);
  if (medType === '14') {
    if (dise === null) throw badInput('mdtrtinfo.dise_codg：门诊慢特病必须提供病种编码');
    requireEligible(ctx, person, visit.insutype, { kind: 'visit', medType, diseCodg: dise }, datePart(visit.begntime));
  }
  input.optList('diseinfo');
  setVisitInfo(ctx.db, visit.mdtrt_id, medType, dise);
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: {} };
};

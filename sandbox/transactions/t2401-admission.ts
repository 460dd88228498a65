/**
 * 2401 入院办理 (docs/protocol.md §2.4). It carries med_type and the disease, so it refuses an
 * inpatient visit that is not eligible on the admission date (docs/sandbox-policy.md §2, D-6).
 */
import { datePart } from '../../shared/dates';
import { INPATIENT_MED_TYPES } from '../model/benefit-line';
import { insertVisit } from '../ledger/visits-repo';
import { loadPerson, requireEligible } from './access';
import type { Handler } from './context';
import { newMdtrtId } from './ids';
import { badInput } from './refusal';
import { certMatches } from './t2201-outpatient-register';

/** Admits the person; answers result {mdtrt_id}. */
export const admission: Handler = (ctx, input) => {
  const m = input.obj('mdtrtinfo');
  if (ctx.institution.kind !== 'hospital') throw badInput('定点药店不能办理入院');
  const person = loadPerson(ctx, m.str('psn_no', 30));
  const insutype = m.str('insutype', 6);
  const begntime = m.dateTime('begntime');
  const medType = m.code('med_type', INPATIENT_MED_TYPES);
  const certType = m.code('mdtrt_cert_type', ['01', '02', '03']);
  const certNo = m.optStr('mdtrt_cert_no', 200);
  if (certNo !== null && !certMatches(person, certType, certNo))
    throw badInput('mdtrtinfo.mdtrt_cert_no：就诊凭证与人员不符');
  const iptNo = m.str('ipt_no', 30);
  const dise = m.optStr('dise_codg', 30);
  input.optList('diseinfo');
  requireEligible(ctx, person, insutype, { kind: 'visit', medType, diseCodg: dise }, datePart(begntime));
  const mdtrtId = newMdtrtId(ctx);
  insertVisit(ctx.db, {
    mdtrt_id: mdtrtId,
    fixmedins_code: ctx.institution.fixmedins_code,
    psn_no: person.psn_no,
    insutype,
    kind: 'inpatient',
    med_type: medType,
    dise_codg: dise,
    begntime,
    endtime: null,
    state: 'open',
    ipt_otp_no: iptNo,
    mdtrt_cert_type: certType,
    open_msgid: ctx.msgid,
    created_at: ctx.nowText,
  });
  return {
    psn_no: person.psn_no,
    ref: mdtrtId,
    output: { result: { mdtrt_id: mdtrtId, psn_no: person.psn_no, ipt_no: iptNo } },
  };
};

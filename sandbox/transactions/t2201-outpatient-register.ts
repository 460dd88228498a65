/**
 * 2201 门诊挂号 (docs/protocol.md §2.3). It carries no med_type, so it refuses only a suspended
 * person, an inactive insurance, or a cross-region visit without any applicable valid
 * registration, checked on the begntime date (docs/sandbox-policy.md §2).
 */
import { datePart } from '../../shared/dates';
import { insertVisit } from '../ledger/visits-repo';
import type { Person } from '../scenario/schema';
import { loadPerson, requireEligible } from './access';
import type { Handler } from './context';
import { newMdtrtId } from './ids';
import { badInput } from './refusal';
import { isSelfPayWay } from '../model/self-pay';

/** True when the medium number names this person (D-1). */
export function certMatches(person: Person, certType: string, certNo: string): boolean {
  switch (certType) {
    case '01':
      return person.ec_token === certNo;
    case '02':
      return person.certno.toUpperCase() === certNo.toUpperCase();
    case '03':
      return person.ssc !== null && person.ssc.cardno === certNo;
    default:
      return false;
  }
}

/** Opens an outpatient (or pharmacy) visit. */
export const outpatientRegister: Handler = (ctx, input) => {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const insutype = d.str('insutype', 6);
  const begntime = d.dateTime('begntime');
  const certType = d.code('mdtrt_cert_type', ['01', '02', '03']);
  const certNo = d.optStr('mdtrt_cert_no', 200);
  if (certNo !== null && !certMatches(person, certType, certNo))
    throw badInput('data.mdtrt_cert_no：就诊凭证与人员不符');
  const iptOtpNo = d.str('ipt_otp_no', 30);
  // Full self-pay (model/self-pay.ts): the visit opens without the registration checks.
  if (!isSelfPayWay(d.optStr('psn_setlway', 6)))
    requireEligible(ctx, person, insutype, { kind: 'open' }, datePart(begntime));
  const mdtrtId = newMdtrtId(ctx);
  insertVisit(ctx.db, {
    mdtrt_id: mdtrtId,
    fixmedins_code: ctx.institution.fixmedins_code,
    psn_no: person.psn_no,
    insutype,
    kind: 'outpatient',
    med_type: null,
    dise_codg: null,
    begntime,
    endtime: null,
    state: 'open',
    ipt_otp_no: iptOtpNo,
    mdtrt_cert_type: certType,
    open_msgid: ctx.msgid,
    created_at: ctx.nowText,
  });
  return {
    psn_no: person.psn_no,
    ref: mdtrtId,
    output: { data: { mdtrt_id: mdtrtId, psn_no: person.psn_no, ipt_otp_no: iptOtpNo } },
  };
};

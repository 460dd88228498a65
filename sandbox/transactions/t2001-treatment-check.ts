/**
 * 2001 人员待遇享受检查 (docs/protocol.md §2.2): runs the checks of docs/sandbox-policy.md §2 and reports
 * the outcome in trtinfo[] (`trt_enjymnt_flag` "1"/"0", `trt_chk_rslt` beginning with the
 * bracketed code) instead of failing.
 */
import { datePart } from '../../shared/dates';
import { checkEligibility } from '../model/eligibility';
import { registrationLastDay } from '../model/registration';
import { loadPerson } from './access';
import type { Handler } from './context';

/** Answers one trtinfo row for the person, insutype, med_type and date asked. */
export const treatmentCheck: Handler = (ctx, input) => {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const insutype = d.str('insutype', 6);
  const medType = d.optStr('med_type', 6);
  const begntime = d.optDateTime('begntime');
  const date = begntime === null ? ctx.businessDate : datePart(begntime);
  const r = checkEligibility({
    person,
    insutype,
    institutionAdmdvs: ctx.institution.admdvs,
    policies: ctx.index.policies,
    purpose: medType === null ? { kind: 'open' } : { kind: 'visit', medType, diseCodg: d.optStr('dise_codg', 30) },
    date,
  });
  const reg = r.ok ? r.registration : null;
  return {
    psn_no: person.psn_no,
    output: {
      trtinfo: [
        {
          psn_no: person.psn_no,
          trt_chk_type: '1',
          fund_pay_type: insutype === '310' ? '310100' : '390100',
          trt_enjymnt_flag: r.ok ? '1' : '0',
          begndate: reg?.begndate ?? null,
          enddate: reg === null ? null : registrationLastDay(reg),
          trt_chk_rslt: r.ok ? '可以享受直接结算待遇' : `[${r.code}] ${r.message}`,
        },
      ],
    },
  };
};

/**
 * 1101 人员信息获取 (docs/protocol.md §2.2, D-1): by e-voucher token (01), ID number (02, `x`
 * accepted) or social security card (03, number and card_sn). Never refuses for eligibility
 * (docs/sandbox-policy.md §2): it reports what it knows, including the sandbox extension `rgstinfo`.
 */
import { ageOn } from '../model/age';
import { isRegistrationValidOn, registrationLastDay } from '../model/registration';
import { getBalance } from '../ledger/persons-repo';
import type { Person } from '../scenario/schema';
import type { Handler } from './context';
import { badInput, Refusal } from './refusal';
import { int, moneyFen } from './wire';

/** Finds the person a 1101 request names, or null. */
function findPerson(
  ctx: Parameters<Handler>[0],
  certType: string,
  certNo: string | null,
  cardSn: string | null,
  idNo: string | null,
): Person | null {
  switch (certType) {
    case '01':
      if (certNo === null) throw badInput('data.mdtrt_cert_no：必填项缺失');
      return ctx.index.personByEcToken(certNo) ?? null;
    case '02': {
      const id = certNo ?? idNo;
      if (id === null) throw badInput('data.mdtrt_cert_no：必填项缺失');
      return ctx.index.personByCertno(id.toUpperCase()) ?? null;
    }
    case '03': {
      if (certNo === null) throw badInput('data.mdtrt_cert_no：必填项缺失');
      const p = ctx.index.personByCardno(certNo);
      if (cardSn === null) throw badInput('data.card_sn：社会保障卡必须提供卡识别码');
      return p !== undefined && p.ssc !== null && p.ssc.card_sn === cardSn ? p : null;
    }
    default:
      return null;
  }
}

/** Answers baseinfo, insuinfo[], idetinfo[] and rgstinfo[] for the person. */
export const personInfo: Handler = (ctx, input) => {
  const d = input.obj('data');
  const certType = d.code('mdtrt_cert_type', ['01', '02', '03']);
  const certNo = d.optStr('mdtrt_cert_no', 200);
  const person = findPerson(ctx, certType, certNo, d.optStr('card_sn', 64), d.optStr('certno', 50));
  if (person === null) throw new Refusal('NOT_FOUND', '未查询到该人员的参保信息');
  const today = ctx.businessDate;
  return {
    psn_no: person.psn_no,
    output: {
      baseinfo: {
        psn_no: person.psn_no,
        psn_cert_type: person.psn_cert_type,
        certno: person.certno,
        psn_name: person.psn_name,
        gend: person.gend,
        naty: person.naty,
        brdy: person.brdy,
        age: int(ageOn(person.brdy, today)),
        exp_content: '',
      },
      insuinfo: person.insurances.map((i) => ({
        balc: moneyFen(getBalance(ctx.db, person.psn_no, i.insutype)),
        insutype: i.insutype,
        psn_type: i.psn_type,
        psn_insu_stas: i.psn_insu_stas,
        psn_insu_date: null,
        paus_insu_date: null,
        cvlserv_flag: '0',
        insuplc_admdvs: i.insuplc_admdvs,
        emp_name: i.emp_name,
      })),
      idetinfo: person.identities.map((i) => ({
        psn_idet_type: i.psn_idet_type,
        psn_type_lv: null,
        memo: null,
        begntime: i.begntime,
        endtime: i.endtime,
      })),
      rgstinfo: person.registrations.map((r) => ({
        rgst_type: r.kind,
        insutype: r.insutype,
        mdtrtarea_admdvs: r.mdtrtarea_admdvs,
        begndate: r.begndate,
        enddate: registrationLastDay(r),
        dise_codg: r.dise_codg ?? null,
        vali_flag: isRegistrationValidOn(r, today) ? '1' : '0',
      })),
    },
  };
};

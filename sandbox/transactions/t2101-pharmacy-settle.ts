/**
 * 2101 药店预结算 and 2102 药店结算 (docs/sandbox-policy.md §9): a retail pharmacy prices and settles a
 * sale without registering a visit. The lines are split (§3) and settled on the pharmacy benefit
 * line (§4, med_type 41) exactly as a 2201 + 2204 + 2206/2207 sale would be. 2101 changes nothing;
 * 2102 creates the visit and the settlement in one call, so its settlement joins the ledger like a
 * 2207's (5203, 2601, the admin list, the reconciliation rows with clr_type 41).
 */
import { datePart } from '../../shared/dates';
import { insertLine, type FeeLineRow } from '../ledger/lines-repo';
import { insertVisit, type VisitRow } from '../ledger/visits-repo';
import { loadPerson } from './access';
import type { CallContext, Handler, HandlerResult } from './context';
import { readUploadLines, splitLines } from './fee-upload';
import { newMdtrtId } from './ids';
import type { Reader } from './input-reader';
import { badInput, Refusal } from './refusal';
import { checkClaimedData, computeSettlement, finishSettle } from './settlement-engine';
import { certMatches } from './t2201-outpatient-register';

/** Only a retail pharmacy may use 2101/2102/2103 (§9). */
export function requirePharmacy(ctx: CallContext): void {
  if (ctx.institution.kind !== 'pharmacy') {
    throw new Refusal(
      'INSTITUTION_KIND',
      '只有定点零售药店可以使用药店结算交易（2101/2102/2103），医院请按门诊流程结算',
    );
  }
}

/** The medical type of a pharmacy sale (§4: benefit line `pharmacy`). */
const PHARMACY_MED_TYPE = '41';

function pharmacySettle(ctx: CallContext, input: Reader, commit: boolean): HandlerResult {
  requirePharmacy(ctx);
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const certType = d.code('mdtrt_cert_type', ['01', '02', '03']);
  const certNo = d.optStr('mdtrt_cert_no', 200);
  if (certNo !== null && !certMatches(person, certType, certNo))
    throw badInput('data.mdtrt_cert_no：就诊凭证与人员不符');
  d.optStr('card_sn', 64);
  const begntime = d.dateTime('begntime');
  const medfee = d.money('medfee_sumamt');
  d.optStr('psn_setlway', 6);
  const insutype = d.str('insutype', 6);
  const acctUsed = d.optCode('acct_used_flag', ['0', '1'], '0') === '1';
  d.optStr('invono', 20);
  const uploaded = readUploadLines(input, 'pharmacy', { psn_no: person.psn_no });
  if (uploaded.length === 0) throw badInput('feedetail：至少需要一条费用明细');
  const seen = new Set<string>();
  for (const l of uploaded) {
    if (l.psn_no !== person.psn_no) throw badInput(`${l.path}.psn_no：与 data.psn_no 不符`);
    if (seen.has(l.feedetl_sn)) throw badInput(`${l.path}.feedetl_sn：费用流水号 ${l.feedetl_sn} 在本次销售中重复`);
    seen.add(l.feedetl_sn);
  }
  const visit: VisitRow = {
    mdtrt_id: commit ? newMdtrtId(ctx) : '',
    fixmedins_code: ctx.institution.fixmedins_code,
    psn_no: person.psn_no,
    insutype,
    kind: 'outpatient',
    med_type: PHARMACY_MED_TYPE,
    dise_codg: null,
    begntime,
    endtime: null,
    state: 'open',
    ipt_otp_no: ctx.msgid,
    mdtrt_cert_type: certType,
    open_msgid: ctx.msgid,
    created_at: ctx.nowText,
  };
  if (datePart(begntime) > ctx.businessDate) throw badInput('data.begntime：不能晚于当前业务日期');
  const split = splitLines(ctx, visit.mdtrt_id, uploaded);
  let lines: FeeLineRow[];
  if (commit) {
    insertVisit(ctx.db, visit);
    lines = split.map((s) => ({ ...s.row, id: insertLine(ctx.db, s.row) }));
  } else {
    lines = split.map((s, i) => ({ ...s.row, id: -1 - i }));
  }
  checkClaimedData(lines, d, medfee);
  // The eligibility checks of a 2201 + 2206 (§2) run inside computeSettlement on the business date.
  const computed = computeSettlement(ctx, visit, person, lines, acctUsed);
  const done = finishSettle(ctx, {
    commit,
    infno: '2102',
    chrg_bchno: null,
    mid_setl_flag: '0',
    visit,
    person,
    lines,
    computed,
    certType,
    medfee,
  });
  const output = done.output as Record<string, unknown>;
  return commit ? { ...done, output: { ...output, result: split.map((s) => s.result) } } : { ...done, ref: null };
}

/** 2101: the sale as it would settle; nothing changes. */
export const pharmacyPreSettle: Handler = (ctx, input) => pharmacySettle(ctx, input, false);

/** 2102: settles the sale (visit, lines and settlement in one call). */
export const pharmacySettleCommit: Handler = (ctx, input) => pharmacySettle(ctx, input, true);

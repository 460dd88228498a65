/**
 * 2303 住院预结算 and 2304 住院结算 (docs/protocol.md §2.4, docs/sandbox-policy.md §4): every unsettled
 * line of the stay. `mid_setl_flag` "1" (中途结算) is allowed before discharge; otherwise the
 * discharge is required. Eligibility is checked against the admission date (D-6).
 */
import { liveLines } from '../ledger/lines-repo';
import { settlementsOfVisit } from '../ledger/settlements-repo';
import { loadPerson, loadVisit } from './access';
import type { CallContext, Handler, HandlerResult } from './context';
import type { Reader } from './input-reader';
import { badInput, Refusal } from './refusal';
import { checkClaimedData, computeSettlement, finishSettle } from './settlement-engine';

function inpatientSettle(ctx: CallContext, input: Reader, commit: boolean): HandlerResult {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'inpatient');
  const insutype = d.str('insutype', 6);
  const medfee = d.money('medfee_sumamt');
  const acctUsed = d.optCode('acct_used_flag', ['0', '1'], '0') === '1';
  const mid = d.optCode('mid_setl_flag', ['0', '1'], '0');
  const certType = d.optCode('mdtrt_cert_type', ['01', '02', '03'], visit.mdtrt_cert_type);
  d.optStr('mdtrt_cert_no', 200);
  d.optStr('psn_setlway', 6);
  if (insutype !== visit.insutype) throw badInput('data.insutype：与入院登记的险种不符');
  const settlements = settlementsOfVisit(ctx.db, visit.mdtrt_id);
  if (settlements.some((s) => s.state === 'settled' && s.mid_setl_flag === '0'))
    throw new Refusal('ALREADY_SETTLED', '该住院已结算');
  if (mid === '0' && visit.state !== 'discharged') throw badInput('尚未办理出院');
  const lines = liveLines(ctx.db, visit.mdtrt_id).filter((l) => l.state === 'unsettled');
  if (lines.length === 0) {
    if (settlements.some((s) => s.state === 'settled'))
      throw new Refusal('ALREADY_SETTLED', '该住院没有未结算的费用明细');
    throw new Refusal('NOT_FOUND', '该住院没有未结算的费用明细');
  }
  checkClaimedData(lines, d, medfee);
  const computed = computeSettlement(ctx, visit, person, lines, acctUsed);
  return finishSettle(ctx, {
    commit,
    infno: '2304',
    chrg_bchno: null,
    mid_setl_flag: mid,
    visit,
    person,
    lines,
    computed,
    certType,
    medfee,
  });
}

/** 2303: the settlement as it would be, nothing changes. */
export const inpatientPreSettle: Handler = (ctx, input) => inpatientSettle(ctx, input, false);

/** 2304: settles every unsettled line of the stay. */
export const inpatientSettleCommit: Handler = (ctx, input) => inpatientSettle(ctx, input, true);

/**
 * 2206 门诊预结算 and 2207 门诊结算 (docs/protocol.md §2.3, docs/sandbox-policy.md §4). Settles one batch
 * (`chrg_bchno`); `medfee_sumamt` must equal the batch total. Pre-settlement changes nothing.
 */
import { batchLines } from '../ledger/lines-repo';
import { loadPerson, loadVisit } from './access';
import type { CallContext, Handler, HandlerResult } from './context';
import type { Reader } from './input-reader';
import { badInput, Refusal } from './refusal';
import { checkClaimedData, computeSettlement, finishSettle } from './settlement-engine';
import { isSelfPayWay } from '../model/self-pay';

function outpatientSettle(ctx: CallContext, input: Reader, commit: boolean): HandlerResult {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'outpatient');
  const batch = d.str('chrg_bchno', 30);
  const insutype = d.str('insutype', 6);
  const medType = d.str('med_type', 6);
  const medfee = d.money('medfee_sumamt');
  const acctUsed = d.optCode('acct_used_flag', ['0', '1'], '0') === '1';
  const certType = d.optCode('mdtrt_cert_type', ['01', '02', '03'], visit.mdtrt_cert_type);
  d.optStr('mdtrt_cert_no', 200);
  const selfPay = isSelfPayWay(d.optStr('psn_setlway', 6));
  if (insutype !== visit.insutype) throw badInput('data.insutype：与挂号时的险种不符');
  if (visit.med_type === null) throw badInput('尚未上传就诊信息（2203），无法结算');
  if (medType !== visit.med_type) throw badInput('data.med_type：与就诊信息（2203）的医疗类别不符');
  const lines = batchLines(ctx.db, visit.mdtrt_id, batch);
  if (lines.length === 0) throw new Refusal('NOT_FOUND', `收费批次 ${batch} 不存在或没有费用明细`);
  if (lines.some((l) => l.state === 'settled')) throw new Refusal('ALREADY_SETTLED', `收费批次 ${batch} 已结算`);
  checkClaimedData(lines, d, medfee);
  const computed = computeSettlement(ctx, visit, person, lines, acctUsed, selfPay);
  return finishSettle(ctx, {
    commit,
    infno: '2207',
    chrg_bchno: batch,
    mid_setl_flag: '0',
    visit,
    person,
    lines,
    computed,
    certType,
    medfee,
  });
}

/** 2206: the settlement as it would be, nothing changes. */
export const outpatientPreSettle: Handler = (ctx, input) => outpatientSettle(ctx, input, false);

/** 2207: settles the batch. */
export const outpatientSettleCommit: Handler = (ctx, input) => outpatientSettle(ctx, input, true);

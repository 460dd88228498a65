/** Shared by 2208, 2305 and 2103: find the settlement a cancel names and cancel it (docs/sandbox-policy.md §4). */
import { getSettlement } from '../ledger/settlements-repo';
import { loadPerson } from './access';
import type { CallContext, HandlerResult } from './context';
import type { Reader } from './input-reader';
import { Refusal } from './refusal';
import { renderSetldetail, renderSetlinfo, undoSettlement } from './settlement-engine';

/**
 * Cancels the settlement `data` names; `settleInfno` is 2207 for 2208, 2304 for 2305, 2102 for
 * 2103. A 2103 names no `mdtrt_id` (§9: the pharmacy's visit is the platform's own).
 */
export function cancelSettlementCall(
  ctx: CallContext,
  input: Reader,
  settleInfno: '2207' | '2304' | '2102',
  cancelInfno: '2208' | '2305' | '2103',
): HandlerResult {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const setlId = d.str('setl_id', 30);
  const mdtrtId = cancelInfno === '2103' ? d.optStr('mdtrt_id', 30) : d.str('mdtrt_id', 30);
  const row = getSettlement(ctx.db, setlId);
  if (
    row === undefined ||
    row.fixmedins_code !== ctx.institution.fixmedins_code ||
    (mdtrtId !== null && row.mdtrt_id !== mdtrtId) ||
    row.psn_no !== person.psn_no ||
    row.infno !== settleInfno
  ) {
    throw new Refusal('NOT_FOUND', '结算信息不存在');
  }
  const negated = undoSettlement(ctx, row, { msgid: ctx.msgid, infno: cancelInfno });
  return {
    psn_no: person.psn_no,
    ref: row.setl_id,
    output: {
      setlinfo: renderSetlinfo(person, negated, {
        mdtrt_id: row.mdtrt_id,
        setl_id: row.setl_id,
        setl_time: ctx.nowText,
        age: row.age,
        mdtrt_cert_type: row.mdtrt_cert_type,
        medins_setl_id: ctx.msgid,
      }),
      setldetail: renderSetldetail(negated),
    },
  };
}

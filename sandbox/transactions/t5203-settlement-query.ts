/**
 * 5203 结算信息查询 (docs/sandbox-policy.md §5): by `setl_id`; else the live settlement of
 * `mdtrt_id`, or its most recent one. The 2207 shape plus `setl_type` and `msgid`.
 * `psn_no`, when given, must match.
 */
import { datePart } from '../../shared/dates';
import { getSettlement, recordOf, settlementsOfVisit, type SettlementRow } from '../ledger/settlements-repo';
import { getVisit } from '../ledger/visits-repo';
import { loadPerson } from './access';
import type { Handler } from './context';
import { badInput, Refusal } from './refusal';
import { renderSetldetail, renderSetlinfo } from './settlement-engine';

/** Answers the settlement asked for. */
export const settlementQuery: Handler = (ctx, input) => {
  const d = input.obj('data');
  const psnNo = d.optStr('psn_no', 30);
  if (psnNo !== null) loadPerson(ctx, psnNo);
  const setlId = d.optStr('setl_id', 30);
  const mdtrtId = d.optStr('mdtrt_id', 30);
  const mine = (s: SettlementRow): boolean =>
    s.fixmedins_code === ctx.institution.fixmedins_code && (psnNo === null || s.psn_no === psnNo);
  let row: SettlementRow | undefined;
  if (setlId !== null) {
    row = getSettlement(ctx.db, setlId);
    if (row !== undefined && (!mine(row) || (mdtrtId !== null && row.mdtrt_id !== mdtrtId))) row = undefined;
  } else if (mdtrtId !== null) {
    const rows = settlementsOfVisit(ctx.db, mdtrtId).filter(mine);
    row = rows.filter((s) => s.state === 'settled').at(-1) ?? rows.at(-1);
  } else {
    throw badInput('data.setl_id：setl_id 与 mdtrt_id 至少提供一个');
  }
  if (row === undefined) throw new Refusal('NOT_FOUND', '结算信息不存在');
  const person = ctx.index.person(row.psn_no);
  if (person === undefined) throw new Refusal('NOT_FOUND', '人员信息不存在');
  const rec = recordOf(row);
  const visit = getVisit(ctx.db, row.mdtrt_id);
  const setlinfo = renderSetlinfo(person, rec, {
    mdtrt_id: row.mdtrt_id,
    setl_id: row.setl_id,
    setl_time: row.setl_time,
    age: row.age,
    mdtrt_cert_type: row.mdtrt_cert_type,
    medins_setl_id: row.msgid,
  });
  Object.assign(setlinfo, {
    setl_type: row.state,
    msgid: row.msgid,
    begndate: visit === undefined ? null : datePart(visit.begntime),
    enddate: visit?.endtime === null || visit === undefined ? null : datePart(visit.endtime),
  });
  return { psn_no: person.psn_no, ref: row.setl_id, output: { setlinfo, setldetail: renderSetldetail(rec) } };
};

/** 2302 住院费用明细撤销 (docs/protocol.md §2.4): deletes unsettled lines; feedetl_sn "0000" = all. */
import { deleteLines, liveLines } from '../ledger/lines-repo';
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { Refusal } from './refusal';

/** Deletes the named (or all) unsettled lines of the stay. */
export const inpatientFeeCancel: Handler = (ctx, input) => {
  const items = input.list('data');
  let psnNo: string | null = null;
  let mdtrtId: string | null = null;
  for (const d of items) {
    const person = loadPerson(ctx, d.str('psn_no', 30));
    const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'inpatient');
    psnNo = person.psn_no;
    mdtrtId = visit.mdtrt_id;
    const sn = d.str('feedetl_sn', 30);
    const lines = liveLines(ctx.db, visit.mdtrt_id);
    if (sn === '0000') {
      deleteLines(
        ctx.db,
        lines.filter((l) => l.state === 'unsettled').map((l) => l.id),
      );
      continue;
    }
    const line = lines.find((l) => l.feedetl_sn === sn);
    if (line === undefined) throw new Refusal('NOT_FOUND', `费用明细 feedetl_sn=${sn} 不存在`);
    if (line.state === 'settled')
      throw new Refusal('ALREADY_SETTLED', `费用明细 feedetl_sn=${sn} 已结算，请先撤销结算`);
    deleteLines(ctx.db, [line.id]);
  }
  return { psn_no: psnNo, ref: mdtrtId, output: {} };
};

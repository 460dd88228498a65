/** 2205 门诊费用明细信息撤销 (docs/protocol.md §2.3): deletes a batch's unsettled lines; "0000" = all unsettled lines. */
import { batchLines, deleteLines, liveLines } from '../ledger/lines-repo';
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { Refusal } from './refusal';

/** Deletes unsettled lines. */
export const outpatientFeeCancel: Handler = (ctx, input) => {
  const d = input.obj('data');
  const person = loadPerson(ctx, d.str('psn_no', 30));
  const visit = loadVisit(ctx, d.str('mdtrt_id', 30), person.psn_no, 'outpatient');
  const batch = d.str('chrg_bchno', 30);
  if (batch === '0000') {
    deleteLines(
      ctx.db,
      liveLines(ctx.db, visit.mdtrt_id)
        .filter((l) => l.state === 'unsettled')
        .map((l) => l.id),
    );
  } else {
    const lines = batchLines(ctx.db, visit.mdtrt_id, batch);
    if (lines.length === 0) throw new Refusal('NOT_FOUND', `收费批次 ${batch} 不存在`);
    if (lines.some((l) => l.state === 'settled'))
      throw new Refusal('ALREADY_SETTLED', `收费批次 ${batch} 已结算，请先撤销结算`);
    deleteLines(
      ctx.db,
      lines.map((l) => l.id),
    );
  }
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: {} };
};

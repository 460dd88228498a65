/** 2204 门诊费用明细信息上传 (docs/protocol.md §2.3): the per-line split of docs/sandbox-policy.md §3. */
import { batchHasSettled, liveSns } from '../ledger/lines-repo';
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { checkUniqueSn, readUploadLines, splitAndStore } from './fee-upload';
import { Refusal } from './refusal';

/** Stores the lines of one visit and answers result[]. */
export const outpatientFeeUpload: Handler = (ctx, input) => {
  const lines = readUploadLines(input, 'outpatient');
  const first = lines[0];
  if (first === undefined) return { output: { result: [] } };
  const person = loadPerson(ctx, first.psn_no);
  const visit = loadVisit(ctx, first.mdtrt_id, person.psn_no, 'outpatient');
  for (const b of new Set(lines.map((l) => l.chrg_bchno ?? ''))) {
    if (batchHasSettled(ctx.db, visit.mdtrt_id, b)) {
      throw new Refusal('ALREADY_SETTLED', `收费批次 ${b} 已结算，不能再上传明细`);
    }
  }
  checkUniqueSn(lines, liveSns(ctx.db, visit.mdtrt_id));
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: { result: splitAndStore(ctx, visit, lines) } };
};

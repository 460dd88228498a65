/**
 * 2301 住院费用明细上传 (docs/protocol.md §2.4): lines split as in §3; refund lines carry a negative
 * `cnt` and `init_feedetl_sn`, and never refund more than the line charged (reliability V4).
 */
import { Money } from '../../shared/money';
import { liveLines } from '../ledger/lines-repo';
import { settlementsOfVisit } from '../ledger/settlements-repo';
import { loadPerson, loadVisit } from './access';
import type { Handler } from './context';
import { checkUniqueSn, readUploadLines, splitAndStore } from './fee-upload';
import { badInput, Refusal } from './refusal';

/** Stores inpatient lines and answers result[]. */
export const inpatientFeeUpload: Handler = (ctx, input) => {
  const lines = readUploadLines(input, 'inpatient');
  const first = lines[0];
  if (first === undefined) return { output: { result: [] } };
  const person = loadPerson(ctx, first.psn_no);
  const visit = loadVisit(ctx, first.mdtrt_id, person.psn_no, 'inpatient');
  if (settlementsOfVisit(ctx.db, visit.mdtrt_id).some((s) => s.state === 'settled' && s.mid_setl_flag === '0')) {
    throw new Refusal('ALREADY_SETTLED', '该住院已出院结算，不能再上传明细');
  }
  const existing = liveLines(ctx.db, visit.mdtrt_id);
  checkUniqueSn(lines, existing);
  // Refunds: the original must exist in this visit, and refunds never exceed its quantity.
  const charged = new Map<string, Money>();
  const refunded = new Map<string, Money>();
  const all = [
    ...existing.map((l) => ({ sn: l.feedetl_sn, init: l.init_feedetl_sn, cnt: new Money(l.cnt) })),
    ...lines.map((l) => ({ sn: l.feedetl_sn, init: l.init_feedetl_sn, cnt: l.cnt })),
  ];
  for (const l of all) {
    if (l.init === null) charged.set(l.sn, l.cnt);
    else refunded.set(l.init, (refunded.get(l.init) ?? new Money(0)).plus(l.cnt.neg()));
  }
  for (const l of lines) {
    if (l.init_feedetl_sn === null) continue;
    const orig = charged.get(l.init_feedetl_sn);
    if (orig === undefined) throw badInput(`${l.path}.init_feedetl_sn：原费用流水号 ${l.init_feedetl_sn} 不存在`);
    if ((refunded.get(l.init_feedetl_sn) ?? new Money(0)).gt(orig))
      throw badInput(`${l.path}.cnt：累计退费数量超过原明细数量`);
  }
  return { psn_no: person.psn_no, ref: visit.mdtrt_id, output: { result: splitAndStore(ctx, visit, lines) } };
};

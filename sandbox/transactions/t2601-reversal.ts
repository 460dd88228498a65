/**
 * 2601 冲正交易 (docs/protocol.md §2.5, docs/sandbox-policy.md §5, §9): `omsgid` names an earlier 2102,
 * 2103, 2207, 2208, 2304, 2305 or 2401 of the same institution. Reversing a settle undoes it as a cancel would;
 * reversing a cancel reinstates the settlement; reversing an admission cancels it.
 */
import { getMessage, markReversed } from '../ledger/messages-repo';
import { getSettlement } from '../ledger/settlements-repo';
import { getVisit } from '../ledger/visits-repo';
import { loadPerson } from './access';
import type { Handler } from './context';
import { badInput, Refusal } from './refusal';
import { reinstateSettlement, undoSettlement } from './settlement-engine';
import { cancelVisit } from './visit-cancel';

/** Transactions 2601 can reverse. */
export const REVERSIBLE_INFNOS: readonly string[] = ['2102', '2103', '2207', '2208', '2304', '2305', '2401'];

/** Reverses the original message; no business output. */
export const reversal: Handler = (ctx, input) => {
  const d = input.obj('data');
  const psnNo = d.optStr('psn_no', 30);
  if (psnNo !== null) loadPerson(ctx, psnNo);
  const omsgid = d.str('omsgid', 30);
  const oinfno = d.optStr('oinfno', 6);
  const orig = getMessage(ctx.db, omsgid);
  // Never received, or received but refused: the original is not in effect.
  if (orig === undefined || orig.fixmedins_code !== ctx.institution.fixmedins_code || orig.outcome !== 'ok') {
    throw new Refusal('NOT_FOUND', '原交易不存在');
  }
  if (!REVERSIBLE_INFNOS.includes(orig.infno)) throw badInput(`原交易 ${orig.infno} 不可冲正`);
  if (oinfno !== null && oinfno !== orig.infno) throw badInput(`data.oinfno：与原交易的交易编号（${orig.infno}）不符`);
  if (psnNo !== null && orig.psn_no !== null && orig.psn_no !== psnNo)
    throw badInput('data.psn_no：与原交易的人员不符');
  if (orig.reversed_by !== null) throw new Refusal('ALREADY_REVERSED', '原交易已冲正');
  const ref = orig.ref ?? '';
  switch (orig.infno) {
    case '2102':
    case '2207':
    case '2304': {
      const row = getSettlement(ctx.db, ref);
      if (row === undefined) throw new Refusal('NOT_FOUND', '原交易不存在');
      undoSettlement(ctx, row, null);
      break;
    }
    case '2103':
    case '2208':
    case '2305': {
      const row = getSettlement(ctx.db, ref);
      if (row === undefined) throw new Refusal('NOT_FOUND', '原交易不存在');
      if (row.state !== 'cancelled' || row.cancel_msgid !== omsgid)
        throw new Refusal('ALREADY_SETTLED', '原撤销交易已不在生效状态');
      reinstateSettlement(ctx, row);
      break;
    }
    case '2401': {
      const visit = getVisit(ctx.db, ref);
      if (visit === undefined) throw new Refusal('NOT_FOUND', '原交易不存在');
      cancelVisit(ctx, visit);
      break;
    }
    default:
      throw badInput(`原交易 ${orig.infno} 不可冲正`);
  }
  markReversed(ctx.db, omsgid, ctx.msgid);
  return { psn_no: orig.psn_no, ref: omsgid, output: {} };
};

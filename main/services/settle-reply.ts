/**
 * Reading a settle reply (2207/2304/2102) into a state and figures, by the rules of docs/his-api.md "A settled
 * reply whose figures do not add up" (which override the issue): an unreadable reply is UNKNOWN; a
 * readable one with `setl_id` is SETTLED with the figures exactly as reported, flagged
 * `figures_inconsistent` when a complete identity breaks; a total that differs from the bill the
 * adapter uploaded means the platform settled another bill: NEEDS_ATTENTION.
 */
import type { CallResult } from '../upstream/ports';
import type { SettlementFigures } from '../store/ports/settlement-store';
import type { SettlementStateCode } from '../domain/settlement-state';
import { stateAfterSettle } from '../domain/settlement-state';
import { parseOutput } from '../../shared/protocol/transactions';
import { brokenSettlementIdentities } from '../../shared/protocol/settlement-identities';
import { fenToString } from '../../shared/money';
import { outcomeWords } from './outcome-words';

export interface SettleReading {
  readonly state: SettlementStateCode;
  readonly figures: SettlementFigures | null;
  /** Chinese note for the settlement's history. */
  readonly note: string;
}

/** Interprets the result of a settle against the uploaded bill total (fen). */
export function readSettleReply(r: CallResult, billTotalFen: number): SettleReading {
  if (r.outcome !== 'SUCCESS') {
    const state = stateAfterSettle(r.outcome);
    const notes: Record<string, string> = {
      FAILED_DEFINITE: `平台拒绝结算：${r.errMsg ?? r.errCode ?? ''}`,
      NOT_SENT: `请求没有发出（${outcomeWords(r)}）`,
      UNKNOWN: `结果不明（${outcomeWords(r)}），将自动冲正核实`,
    };
    return { state, figures: null, note: notes[state] ?? r.reason };
  }
  // A 2102 (retail pharmacy) settlement has 2207's shape; its per-line result[] is stored by the service.
  const parsed = parseOutput(r.infno === '2304' ? '2304' : '2207', r.output);
  if (!parsed.success) {
    return { state: 'UNKNOWN', figures: null, note: '平台返回的结算数据无法识别，按结果不明处理，将自动冲正核实' };
  }
  const { setlinfo, setldetail } = parsed.data;
  const broken = brokenSettlementIdentities(setlinfo);
  const flags = broken.length > 0 ? ['figures_inconsistent'] : [];
  const figures: SettlementFigures = {
    setl_id: setlinfo.setl_id,
    setlinfo: { ...setlinfo },
    setldetail: setldetail.map((d) => ({ ...d })),
    flags,
  };
  if (setlinfo.medfee_sumamt !== null && setlinfo.medfee_sumamt !== billTotalFen) {
    return {
      state: 'NEEDS_ATTENTION',
      figures,
      note: `平台结算的医疗费总额 ${fenToString(setlinfo.medfee_sumamt)} 与本次上传的账单 ${fenToString(billTotalFen)} 不一致，需主管决定是否撤销`,
    };
  }
  return {
    state: 'SETTLED',
    figures,
    note: flags.length > 0 ? '结算成功（平台返回的金额勾稽不平，已标记待对账）' : '结算成功',
  };
}

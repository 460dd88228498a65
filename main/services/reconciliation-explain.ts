/**
 * Why a reconciliation row differs, in plain Chinese, from the adapter's own records (journal and
 * settlement history), and which fixes make sense (docs/his-api.md "Reconciliation"). Pure over the
 * facts the service gathers, so every cause is unit-testable.
 */
import { fenToString } from '../../shared/money';
import type { DiffAmounts, DiffKind, FixAction } from '../store/ports/reconciliation';

/** What the adapter knows about the row of a difference. */
export interface DiffFacts {
  readonly kind: DiffKind;
  readonly refd_setl_flag: '0' | '1';
  /** State of the local settlement with this setl_id, or of the one the platform msgid names; null when none. */
  readonly localState: string | null;
  /** True when the platform's msgid of the row is in the adapter's journal (the adapter sent it). */
  readonly msgidJournaled: boolean;
  /** The journaled call's outcome for that msgid (SUCCESS, UNKNOWN …), or null. */
  readonly journalOutcome: string | null;
  /** The local settlement carries the `figures_inconsistent` flag. */
  readonly figuresFlagged: boolean;
  readonly local: DiffAmounts | null;
  readonly platform: DiffAmounts | null;
}

const STATE_WORDS: Readonly<Record<string, string>> = {
  SETTLED: '已结算',
  CASH_COLLECTED: '已结算并收款',
  UNKNOWN: '结算结果不明',
  REVERSING: '结算结果不明，正在冲正',
  REVERSED: '结算结果不明，已自动冲正',
  NOT_SETTLED: '平台无此结算（冲正时平台答复原交易不存在）',
  NEEDS_ATTENTION: '待主管处理',
  CANCELLING: '正在撤销',
  CANCEL_UNKNOWN: '撤销结果不明',
  CANCELLED: '已撤销',
  FAILED_DEFINITE: '平台拒绝结算',
  NOT_SENT: '结算请求未发出',
};

const FIGURES: readonly [keyof DiffAmounts, string][] = [
  ['medfee_sumamt', '医疗费总额'],
  ['fund_pay_sumamt', '基金支付'],
  ['acct_pay', '个人账户支付'],
];

/** The plain words of a local settlement state. */
export function stateWords(state: string): string {
  return STATE_WORDS[state] ?? state;
}

/** The cause and the fixes allowed for one difference. */
export function explainDifference(f: DiffFacts): { cause: string; fixes: FixAction[] } {
  const st = f.localState === null ? null : stateWords(f.localState);
  switch (f.kind) {
    case 'platform_only':
      if (f.refd_setl_flag === '0') {
        if (f.msgidJournaled && st !== null) {
          return { cause: `本地记录为${st}，平台却有此结算`, fixes: ['adopt', 'cancel_at_platform'] };
        }
        if (f.msgidJournaled)
          return {
            cause: `本机发出过此结算请求（结果：${f.journalOutcome ?? '不明'}），但没有结算记录；平台有此结算`,
            fixes: ['adopt', 'cancel_at_platform'],
          };
        return { cause: '平台有此结算，本机无记录', fixes: ['cancel_at_platform', 'adopt'] };
      }
      if (st !== null) {
        const mine = f.msgidJournaled ? `本机发出的撤销结果为${f.journalOutcome ?? '不明'}，` : '';
        return { cause: `${mine}平台已撤销此结算，本地仍记为${st}`, fixes: ['mark_local_cancelled', 'recheck'] };
      }
      return { cause: '平台有此撤销，本机无此结算记录', fixes: ['adopt'] };
    case 'local_only':
      if (f.refd_setl_flag === '0') {
        return {
          cause: `本地记为${st ?? '已结算'}，平台无此结算（可能已被冲正或撤销）`,
          fixes: ['mark_local_cancelled', 'recheck'],
        };
      }
      return { cause: '本地记为已撤销，平台无此撤销（撤销可能已被冲正）', fixes: ['adopt', 'recheck'] };
    case 'amount_differs': {
      const parts = FIGURES.filter(
        ([k]) => f.local !== null && f.platform !== null && f.local[k] !== f.platform[k],
      ).map(([k, name]) => `${name} 本机${fenToString(f.local?.[k] ?? 0)} 平台${fenToString(f.platform?.[k] ?? 0)}`);
      const flagged = f.figuresFlagged ? '（结算时平台返回的金额勾稽不平，已标记待对账）' : '';
      return { cause: `本机记录的金额与平台不一致：${parts.join('；')}${flagged}`, fixes: ['adopt', 'recheck'] };
    }
  }
}

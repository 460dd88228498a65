/**
 * A supervisor clears a settlement in NEEDS_ATTENTION by hand (docs/reliability.md §2: the visit stays
 * blocked until reconciliation or a supervisor clears it). The supervisor states what the platform
 * holds; the move must fit what the adapter knows (a `setl_id` means the platform confirmed a
 * settlement once, so it cannot be "never made"; without one it cannot be kept or cancelled). The
 * reason goes into the settlement's history. Who may do it and the audit row are the caller's
 * (main/app wires the role check and the audit trail); nothing here calls the platform.
 */
import type { ServiceDeps } from './service-deps';
import type { SettlementRecord } from '../store/ports/records';
import type { SettlementStateCode } from '../domain/settlement-state';
import type { AttentionResolution } from '../../shared/api/needs-attention';
import { AppError } from '../../shared/errors/app-error';

/** The state each resolution leads to. */
const TARGET: Readonly<Record<AttentionResolution, SettlementStateCode>> = {
  settled: 'SETTLED',
  cancelled: 'CANCELLED',
  not_settled: 'NOT_SETTLED',
};

const WORDS: Readonly<Record<AttentionResolution, string>> = {
  settled: '平台确有此结算，按平台结果记为已结算',
  cancelled: '平台上此结算已撤销，记为已撤销',
  not_settled: '平台没有此结算，记为未结算（本次就诊可重新结算）',
};

/** The settlement before and after, for the caller's audit row. */
export interface AttentionResolved {
  readonly before: SettlementRecord;
  readonly after: SettlementRecord;
}

/**
 * Moves a NEEDS_ATTENTION settlement to the state `resolution` names. Refuses (409, nothing changed)
 * a settlement in another state, and a resolution that contradicts its `setl_id`.
 */
export async function resolveNeedsAttention(
  deps: ServiceDeps,
  settlement_id: string,
  req: { resolution: AttentionResolution; reason: string },
  who: string,
): Promise<AttentionResolved> {
  const before = await deps.store.settlements.get(settlement_id);
  if (!before) throw new AppError('SETTLEMENT_NOT_FOUND', { detail: { settlement_id } });
  if (before.state !== 'NEEDS_ATTENTION') {
    throw new AppError('VISIT_STATE_CONFLICT', {
      message: '这笔结算不在“待主管处理”状态，无需处理。',
      detail: { settlement_id, field: 'state' },
    });
  }
  const confirmed = before.setl_id !== null;
  if (confirmed === (req.resolution === 'not_settled')) {
    throw new AppError('VISIT_STATE_CONFLICT', {
      message: confirmed
        ? '平台曾确认这笔结算（有结算号），不能记为未结算；请选择已结算或已撤销。'
        : '平台从未确认这笔结算（无结算号），只能记为未结算；若平台确有此结算，请用对账的“以平台为准”。',
      detail: { settlement_id, field: 'resolution' },
    });
  }
  const note = `主管处理（${who}）：${WORDS[req.resolution]}。原因：${req.reason}`;
  const moved = await deps.store.settlements.transition(
    settlement_id,
    ['NEEDS_ATTENTION'],
    TARGET[req.resolution],
    note,
    deps.clock.now(),
  );
  if (!moved)
    throw new AppError('VISIT_STATE_CONFLICT', {
      message: '这笔结算的状态刚刚改变，请刷新后再处理。',
      detail: { settlement_id },
    });
  const after = await deps.store.settlements.get(settlement_id);
  if (!after) throw new AppError('SETTLEMENT_NOT_FOUND', { detail: { settlement_id } });
  return { before, after };
}

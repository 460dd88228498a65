/**
 * Resolving calls whose outcome is unknown (docs/reliability.md §2), run by the durable queue:
 * - an UNKNOWN settle is reversed with 2601 (omsgid = its msgid); success or `[ALREADY_REVERSED]`
 *   → REVERSED, `[NOT_FOUND]` → NOT_SETTLED, then one confirming 2601 after a grace of 2 × D,
 *   because a slow platform may act after we gave up;
 * - an UNKNOWN cancel is checked with 5203 first: cancelled → CANCELLED, still settled → cancel again;
 * - an admission (2401) of unknown outcome is reversed;
 * - when the budget is spent the settlement becomes NEEDS_ATTENTION for a supervisor;
 * - while the platform is unreachable nothing is spent: the job waits and the queue drains by
 *   itself when the platform is back.
 * At start-up, before anything else runs, every call journaled as SENDING becomes UNKNOWN.
 */
import type { CallJournal, CallResult } from '../upstream/ports';
import type { ServiceDeps } from './service-deps';
import type { SettlementService } from './settlement-service';
import type { VisitService } from './visit-service';
import type { SettlementRecord } from '../store/ports/records';
import { stateAfterReversal } from '../domain/settlement-state';
import { parseOutput } from '../../shared/protocol/transactions';
import { callJournaled, journalEntryOf, journalOutcomeOf } from './journaled-call';
import { CHECK_CANCEL, CONFIRM_REVERSAL, REVERSE_SETTLEMENT } from './job-names';
import type { JobResult } from '../queue/ports';

/** The attempt being run, as the queue counts it. */
export interface AttemptInfo {
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** Wait while the platform is unreachable, without spending an attempt (offline mode). */
export const OFFLINE_WAIT_MS = 5_000;

export class ResolutionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly settlements: SettlementService,
    private readonly visits: VisitService,
  ) {}

  /**
   * Start-up recovery: SENDING journal rows become UNKNOWN; a settlement caught in SENDING becomes
   * UNKNOWN with a reversal job, one caught in CANCELLING becomes CANCEL_UNKNOWN with a 5203 check.
   */
  async recoverAtStartup(): Promise<{ journal: number; settlements: number }> {
    const now = this.deps.clock.now();
    const journal = await this.deps.store.journal.sendingToUnknownAtStartup(now);
    let settlements = 0;
    for (const s of await this.deps.store.settlements.inStates(['SENDING', 'CANCELLING'], 10_000)) {
      const toUnknown = s.state === 'SENDING';
      const ok = await this.deps.store.settlements.transition(
        s.settlement_id,
        [s.state],
        toUnknown ? 'UNKNOWN' : 'CANCEL_UNKNOWN',
        toUnknown ? '程序中断时结算结果未知，将自动冲正核实' : '程序中断时撤销结果未知，将先查询平台',
        now,
        {
          job: this.deps.jobs.job(toUnknown ? REVERSE_SETTLEMENT : CHECK_CANCEL, s.visit_id, {
            settlement_id: s.settlement_id,
          }),
        },
      );
      if (ok) settlements += 1;
    }
    if (journal > 0 || settlements > 0) this.deps.log.warn('start-up recovery', { journal, settlements });
    return { journal, settlements };
  }

  /** Reverses an UNKNOWN settle with 2601 (never re-sends the settle). */
  async reverseSettlement(settlement_id: string, a: AttemptInfo): Promise<JobResult> {
    const s = await this.deps.store.settlements.get(settlement_id);
    if (!s || !['UNKNOWN', 'REVERSING'].includes(s.state)) return 'finished';
    if (this.deps.reversible !== undefined && !this.deps.reversible(s.infno)) {
      // The region does not reverse this transaction: never guess, a supervisor checks with the platform.
      const why = `本地区不支持用 2601 冲正 ${s.infno}，请主管向医保平台核实这笔结算`;
      await this.deps.store.settlements.transition(
        settlement_id,
        [s.state],
        'NEEDS_ATTENTION',
        why,
        this.deps.clock.now(),
      );
      return { giveUp: why };
    }
    const r = await this.send2601(s, s.msgid, s.infno, true);
    const to = stateAfterReversal(r.outcome, r.errCode);
    const now = this.deps.clock.now();
    if (to === 'REVERSED' || to === 'NOT_SETTLED') {
      const note =
        to === 'REVERSED' ? '已冲正，本次就诊可重新结算' : '平台没有这笔结算（原交易未生效），本次就诊可重新结算';
      const job =
        to === 'NOT_SETTLED'
          ? this.deps.jobs.job(
              CONFIRM_REVERSAL,
              s.visit_id,
              { settlement_id },
              { runAt: now + 2 * this.deps.upstreamTimeoutMs },
            )
          : undefined;
      await this.deps.store.settlements.transition(settlement_id, ['REVERSING'], to, note, now, job ? { job } : {});
      return 'finished';
    }
    if (r.outcome === 'NOT_SENT') return { rateLimited: OFFLINE_WAIT_MS };
    return this.retryOrAttention(s, a, `冲正未完成（${r.errMsg ?? r.reason}）`);
  }

  /**
   * The confirming 2601 after the grace period (2 × D): if it reverses something, a late settle had
   * taken effect after all; it is now undone and the journal says so. The state stays NOT_SETTLED.
   */
  async confirmReversal(settlement_id: string): Promise<JobResult> {
    const s = await this.deps.store.settlements.get(settlement_id);
    if (!s || s.state !== 'NOT_SETTLED') return 'finished';
    const r = await this.send2601(s, s.msgid, s.infno, false);
    if (r.outcome === 'SUCCESS') {
      await this.deps.store.settlements.transition(
        settlement_id,
        ['NOT_SETTLED'],
        'NOT_SETTLED',
        '确认冲正：平台迟到生效的结算已被冲正',
        this.deps.clock.now(),
      );
      return 'finished';
    }
    if (r.outcome === 'DEFINITE_FAIL') return 'finished';
    return r.outcome === 'NOT_SENT' ? { rateLimited: OFFLINE_WAIT_MS } : { retry: r.reason };
  }

  /** Checks a cancel of unknown outcome with 5203, then settles the question. */
  async checkCancel(settlement_id: string, a: AttemptInfo): Promise<JobResult> {
    const s = await this.deps.store.settlements.get(settlement_id);
    if (!s || s.state !== 'CANCEL_UNKNOWN') return 'finished';
    const v = await this.visits.requireVisit(s.visit_id);
    const r = await callJournaled(
      this.deps,
      '5203',
      { data: { psn_no: s.psn_no, setl_id: s.setl_id ?? '', mdtrt_id: s.mdtrt_id } },
      { visit_id: s.visit_id, settlement_id, insuplc_admdvs: v.insuplc_admdvs },
    );
    if (r.outcome === 'NOT_SENT') return { rateLimited: OFFLINE_WAIT_MS };
    const parsed = r.outcome === 'SUCCESS' ? parseOutput('5203', r.output) : null;
    if (!parsed || !parsed.success) return this.retryOrAttention(s, a, `查询结算状态未成功（${r.errMsg ?? r.reason}）`);
    const now = this.deps.clock.now();
    const type = parsed.data.setlinfo.setl_type;
    if (type === 'cancelled') {
      await this.deps.store.settlements.transition(
        settlement_id,
        ['CANCEL_UNKNOWN'],
        'CANCELLED',
        '查询确认：平台已撤销',
        now,
      );
      return 'finished';
    }
    if (type === 'settled') {
      await this.deps.store.settlements.transition(
        settlement_id,
        ['CANCEL_UNKNOWN'],
        'SETTLED',
        '查询确认：撤销未生效，重新发送撤销',
        now,
      );
      const again = await this.deps.store.settlements.get(settlement_id);
      if (!again) return 'finished';
      try {
        await this.settlements.sendCancel(again, v, '撤销结果不明后重新撤销');
        return 'finished';
      } catch (e) {
        return this.retryOrAttention(again, a, `重新撤销未成功（${e instanceof Error ? e.message : String(e)}）`);
      }
    }
    return this.retryOrAttention(s, a, `平台返回的结算状态无法判断：${type ?? '空'}`);
  }

  /** Reverses an admission whose outcome was unknown (or unusable). */
  async reverseAdmission(p: {
    visit_id: string;
    psn_no: string;
    omsgid: string;
    insuplc_admdvs: string;
  }): Promise<JobResult> {
    const r = await callJournaled(
      this.deps,
      '2601',
      { data: { psn_no: p.psn_no, omsgid: p.omsgid, oinfno: '2401' } },
      { visit_id: p.visit_id, omsgid: p.omsgid, insuplc_admdvs: p.insuplc_admdvs },
    );
    if (
      r.outcome === 'SUCCESS' ||
      (r.outcome === 'DEFINITE_FAIL' && (r.errCode === 'NOT_FOUND' || r.errCode === 'ALREADY_REVERSED'))
    )
      return 'finished';
    return r.outcome === 'NOT_SENT' ? { rateLimited: OFFLINE_WAIT_MS } : { retry: r.errMsg ?? r.reason };
  }

  /** Sends a 2601 for `omsgid`; when `moveToReversing`, the settlement enters REVERSING with the journal row. */
  private async send2601(
    s: SettlementRecord,
    omsgid: string,
    oinfno: string,
    moveToReversing: boolean,
  ): Promise<CallResult> {
    const v = await this.visits.requireVisit(s.visit_id);
    const journal: CallJournal = {
      beforeSend: async (p) => {
        const entry = journalEntryOf(this.deps, p, { visit_id: s.visit_id, settlement_id: s.settlement_id, omsgid });
        if (!moveToReversing) return this.deps.store.journal.recordAttempt(entry);
        const ok = await this.deps.store.settlements.transition(
          s.settlement_id,
          ['UNKNOWN', 'REVERSING'],
          'REVERSING',
          '发送冲正（2601）',
          this.deps.clock.now(),
          { entry },
        );
        if (!ok) throw new Error('settlement left UNKNOWN/REVERSING before the reversal was sent');
      },
      afterOutcome: async (r) => {
        this.deps.crashPoint?.('mid-2601', r.infno);
        await this.deps.store.journal.recordOutcome(r.msgid, journalOutcomeOf(r));
      },
    };
    return this.deps.upstream.call(
      '2601',
      { data: { psn_no: s.psn_no, omsgid, oinfno } },
      { journal, insuplc_admdvs: v.insuplc_admdvs },
    );
  }

  /**
   * The queue gave up on a money job (budget spent, or a holder died in its last attempt): the
   * settlement needs a supervisor. Idempotent.
   */
  async markNeedsAttention(settlement_id: string, why: string): Promise<void> {
    await this.deps.store.settlements.transition(
      settlement_id,
      ['UNKNOWN', 'REVERSING', 'CANCEL_UNKNOWN'],
      'NEEDS_ATTENTION',
      `多次尝试仍未解决，需主管处理：${why}`,
      this.deps.clock.now(),
    );
  }

  /**
   * A supervisor asks for one more round on a settlement that needs attention (D-25): a settle that
   * was never confirmed goes back to UNKNOWN with a fresh reversal job; a cancel whose outcome was
   * never confirmed goes back to CANCEL_UNKNOWN with a fresh 5203 check. A settlement the platform
   * confirmed (setl_id known, no cancel attempted) is not rechecked: the supervisor cancels it or
   * keeps it. Anything still in flight just gets its job run now. The step is kept in the history.
   */
  async recheck(settlement_id: string, who: string): Promise<SettlementRecord | null> {
    const s = await this.deps.store.settlements.get(settlement_id);
    if (!s) return null;
    const now = this.deps.clock.now();
    if (s.state === 'NEEDS_ATTENTION' && (s.cancel_msgid !== null || s.setl_id === null)) {
      const cancel = s.cancel_msgid !== null;
      await this.deps.store.settlements.transition(
        settlement_id,
        ['NEEDS_ATTENTION'],
        cancel ? 'CANCEL_UNKNOWN' : 'UNKNOWN',
        `${who}要求重新核实：${cancel ? '先查询平台（5203）再决定撤销' : '重新冲正核实'}`,
        now,
        {
          job: this.deps.jobs.job(cancel ? CHECK_CANCEL : REVERSE_SETTLEMENT, s.visit_id, { settlement_id }),
        },
      );
    }
    this.deps.jobs.wake();
    return this.deps.store.settlements.get(settlement_id);
  }

  /** Retries while the budget lasts; on the last attempt the settlement needs a supervisor. */
  private async retryOrAttention(s: SettlementRecord, a: AttemptInfo, why: string): Promise<JobResult> {
    if (a.attempt < a.maxAttempts) return { retry: why };
    await this.deps.store.settlements.transition(
      s.settlement_id,
      [s.state, 'REVERSING'],
      'NEEDS_ATTENTION',
      `多次尝试仍未解决，需主管处理：${why}`,
      this.deps.clock.now(),
    );
    return { giveUp: why };
  }
}

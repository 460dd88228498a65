/**
 * Pre-settle, settle and cancel (docs/reliability.md §2, docs/his-api.md). The rules that matter most:
 * - every settle and cancel is committed to the journal before a byte is sent;
 * - a settle whose outcome is unknown is NEVER sent again: it stays UNKNOWN and the queue reverses
 *   it (2601), after which the visit may settle again with a new msgid;
 * - at most one live settlement per visit, guarded by a database constraint;
 * - a cancel whose outcome is unknown is checked with 5203 before anything else.
 */
import type { CancelRequest, SettleRequest } from '../../shared/api/requests';
import type { SettlementView } from '../../shared/api/views';
import type { CallJournal, CallResult } from '../upstream/ports';
import type { FeeLineRecord, SettlementRecord, VisitRecord } from '../store/ports/records';
import type { ServiceDeps } from './service-deps';
import type { VisitService } from './visit-service';
import { AppError } from '../../shared/errors/app-error';
import { isInFlight, stateAfterCancel } from '../domain/settlement-state';
import { flowOfVisit, transactionsFor, type UndoVisitStep } from '../domain/settlement-flow';
import { assertNever } from '../../shared/result';
import { parseOutput } from '../../shared/protocol/transactions';
import { feedetailLine, splitView } from './fee-service';
import { fenToString, parseFen } from '../../shared/money';
import { callJournaled, errorOfResult, journalEntryOf, journalOutcomeOf, outputOf } from './journaled-call';
import { readSettleReply } from './settle-reply';
import { setldetailView, setlinfoView, settlementView } from './settlement-views';
import { REVERSE_SETTLEMENT, CHECK_CANCEL } from './job-names';
import { refuseWhileOffline } from './offline-guard';
import { SELF_PAY_SETLWAY } from '../../shared/dicts/psn-setlway';

/** The answer of a settle: the view, and whether the outcome is still open (HTTP 202). */
export interface SettleAnswer {
  readonly view: SettlementView;
  readonly pending: boolean;
}

/** What a settle or pre-settle sends, computed from the uploaded lines. */
interface SettleInput {
  /** The call's whole `input`: `{data}`, or `{data, feedetail}` for a retail sale (2101/2102). */
  readonly input: Record<string, unknown>;
  /** The lines settled (their platform split is stored from a 2102 reply). */
  readonly lines: readonly FeeLineRecord[];
  readonly billTotalFen: number;
  readonly batch: string | null;
}

export class SettlementService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly visits: VisitService,
  ) {}

  /** 2206 / 2303: the figures without settling; nothing is recorded as settled. */
  async presettle(visit_id: string, req: SettleRequest): Promise<SettlementView> {
    const v = await this.visits.requireVisit(visit_id);
    await this.refuseIfLive(v, false);
    refuseWhileOffline(this.deps, '预结算');
    const input = await this.settleInput(v, req, false);
    const t = transactionsFor(v.kind, flowOfVisit(v));
    const r = await callJournaled(this.deps, t.presettle, input.input, { visit_id, insuplc_admdvs: v.insuplc_admdvs });
    const out = outputOf(t.presettle, r);
    const view: SettlementView = {
      settlement_id: null,
      visit_id,
      state: 'presettled',
      setlinfo: setlinfoView(out.setlinfo, { mdtrt_id: v.mdtrt_id ?? '', psn_no: v.psn_no }),
      setldetail: setldetailView(out.setldetail),
      flags: [],
      acct_used_flag: req.acct_used_flag,
    };
    await this.deps.store.visits.update(
      visit_id,
      { details: { ...v.details, presettlement: view } },
      this.deps.clock.now(),
    );
    return view;
  }

  /** 2207 / 2304. An unknown outcome answers `pending` and is resolved by the queue. */
  async settle(visit_id: string, req: SettleRequest): Promise<SettleAnswer> {
    const v = await this.visits.requireVisit(visit_id);
    const existing = await this.refuseIfLive(v, true);
    if (existing) return { view: await this.view(existing), pending: false };
    // Offline mode: never attempt a settle blind; the cashier is told at once (issue item 4).
    refuseWhileOffline(this.deps, '结算');
    const input = await this.settleInput(v, req, true);
    const t = transactionsFor(v.kind, flowOfVisit(v));
    const attempt = { settlement_id: '' };
    const journal: CallJournal = {
      beforeSend: async (p) => {
        this.deps.crashPoint?.('after-prepared-commit', p.infno);
        attempt.settlement_id = this.deps.ids.next();
        const now = this.deps.clock.now();
        const record: SettlementRecord = {
          settlement_id: attempt.settlement_id,
          visit_id,
          mdtrt_id: t.settle === '2102' ? '' : (v.mdtrt_id ?? ''),
          psn_no: v.psn_no,
          infno: t.settle,
          msgid: p.msgid,
          chrg_bchno: input.batch,
          state: 'SENDING',
          acct_used_flag: req.acct_used_flag,
          bill_total_fen: input.billTotalFen,
          setl_id: null,
          setlinfo: null,
          setldetail: null,
          flags: [],
          cancel_msgid: null,
          cancel_setlinfo: null,
          err_code: null,
          created_at: now,
          updated_at: now,
          window_id: this.deps.windowId ?? null,
        };
        await this.deps.store.settlements.beginSettle(
          record,
          journalEntryOf(this.deps, p, { visit_id, settlement_id: attempt.settlement_id }),
        );
        this.deps.crashPoint?.('after-sending-commit', p.infno);
      },
      afterOutcome: async (r) => {
        this.deps.crashPoint?.('after-response-before-commit', r.infno);
        const reading = readSettleReply(r, input.billTotalFen);
        const job =
          reading.state === 'UNKNOWN'
            ? this.deps.jobs.job(REVERSE_SETTLEMENT, visit_id, { settlement_id: attempt.settlement_id })
            : undefined;
        const applied = await this.deps.store.settlements.recordSettleOutcome(
          r.msgid,
          reading.state,
          reading.figures,
          journalOutcomeOf(r),
          reading.note,
          job,
        );
        if (!applied) this.deps.log.warn('late settle reply ignored', { msgid: r.msgid, outcome: r.outcome });
      },
    };
    let r: CallResult;
    try {
      r = await this.deps.upstream.call(t.settle, input.input, { journal, insuplc_admdvs: v.insuplc_admdvs });
    } catch (e) {
      throw e instanceof AppError ? e : new AppError('STORE_UNAVAILABLE', { cause: e });
    }
    if (r.outcome === 'NOT_SENT' && r.errCode === 'JOURNAL_FAILED') {
      // beforeSend refused (most often: another settle of this visit is live). Nothing was sent.
      throw new AppError('SETTLEMENT_IN_PROGRESS', { detail: { visit_id } });
    }
    if (attempt.settlement_id === '') throw errorOfResult(r); // nothing was journaled, so nothing was sent
    const s = await this.deps.store.settlements.get(attempt.settlement_id);
    if (!s) throw new AppError('INTERNAL', { detail: { visit_id, note: 'settlement row missing after settle' } });
    if (s.state === 'UNKNOWN') this.deps.jobs.wake();
    if (s.state === 'FAILED_DEFINITE' && r.errCode === 'ALREADY_SETTLED') {
      const adopted = await this.adoptPlatformSettlement(s, v);
      return { view: await this.view(adopted), pending: adopted.state !== 'SETTLED' };
    }
    if (s.state === 'FAILED_DEFINITE' || s.state === 'NOT_SENT') throw errorOfResult(r);
    if (s.state === 'SETTLED' && t.settle === '2102') await this.keepRetailReply(v, input.lines, r);
    if (s.state === 'SETTLED') await this.markInbox(visit_id, 'settled');
    return { view: await this.view(s), pending: s.state !== 'SETTLED' };
  }

  /**
   * Cancels a settlement (2208 / 2305); with scope "visit" (default) also undoes the visit in the
   * order 2205 → 2202 or 2405 → 2302 → 2404 (docs/his-api.md "Cancel").
   */
  async cancel(settlement_id: string, req: CancelRequest): Promise<SettleAnswer> {
    const s = await this.requireSettlement(settlement_id);
    if (s.state === 'CANCELLED') throw new AppError('ALREADY_CANCELLED', { detail: { settlement_id } });
    if (isInFlight(s.state))
      throw new AppError('SETTLEMENT_IN_PROGRESS', { message: '这笔结算正在处理或核实中，暂不能撤销。' });
    if (!['SETTLED', 'CASH_COLLECTED', 'NEEDS_ATTENTION'].includes(s.state) || !s.setl_id) {
      throw new AppError('VISIT_STATE_CONFLICT', {
        message: '这笔结算没有生效，无需撤销。',
        detail: { state: s.state },
      });
    }
    const v = await this.visits.requireVisit(s.visit_id);
    const after = await this.sendCancel(s, v, req.reason);
    if (after.state === 'CANCEL_UNKNOWN') return { view: await this.view(after), pending: true };
    const warnings = req.scope === 'visit' ? await this.undoVisit(v) : [];
    await this.markInbox(v.visit_id, req.scope === 'visit' ? 'cancelled' : 'opened');
    const view = await this.view(after);
    return { view: warnings.length > 0 ? { ...view, warnings } : view, pending: false };
  }

  /**
   * Sends one cancel of a settled settlement and applies its outcome; used by `cancel` and by the
   * queue after a 5203 check found the settlement still in force. Throws on a definite refusal.
   */
  async sendCancel(s: SettlementRecord, v: VisitRecord, reason: string): Promise<SettlementRecord> {
    const t = transactionsFor(v.kind, flowOfVisit(v));
    const from = s.state;
    const journal: CallJournal = {
      beforeSend: async (p) => {
        const ok = await this.deps.store.settlements.transition(
          s.settlement_id,
          [from, 'CANCELLING'],
          'CANCELLING',
          `撤销结算：${reason}`,
          this.deps.clock.now(),
          {
            entry: journalEntryOf(this.deps, p, { visit_id: v.visit_id, settlement_id: s.settlement_id }),
            cancel_msgid: p.msgid,
          },
        );
        if (!ok) throw new AppError('SETTLEMENT_IN_PROGRESS');
      },
      afterOutcome: async (r) => {
        const to = stateAfterCancel(r.outcome, r.errCode);
        const back = to === 'SETTLED' ? from : to;
        const parsed = r.outcome === 'SUCCESS' ? outputSafe(r) : null;
        const job =
          back === 'CANCEL_UNKNOWN'
            ? this.deps.jobs.job(CHECK_CANCEL, v.visit_id, { settlement_id: s.settlement_id })
            : undefined;
        const note =
          back === 'CANCELLED'
            ? '已撤销'
            : back === 'CANCEL_UNKNOWN'
              ? '撤销结果不明，将先查询平台（5203）再决定'
              : `撤销未成功：${r.errMsg ?? r.reason}`;
        await this.deps.store.settlements.transition(s.settlement_id, ['CANCELLING'], back, note, r.endedAt, {
          outcome: { msgid: r.msgid, journal: journalOutcomeOf(r) },
          ...(parsed ? { cancel_setlinfo: parsed } : {}),
          ...(job ? { job } : {}),
        });
      },
    };
    // 2103 names the settlement only (docs/sandbox-policy.md §9); 2208/2305 also the visit.
    const data =
      t.cancelSettlement === '2103'
        ? { setl_id: s.setl_id, psn_no: s.psn_no }
        : { setl_id: s.setl_id, mdtrt_id: s.mdtrt_id, psn_no: s.psn_no };
    const r = await this.deps.upstream.call(
      t.cancelSettlement,
      { data },
      { journal, insuplc_admdvs: v.insuplc_admdvs },
    );
    const after = await this.requireSettlement(s.settlement_id);
    if (after.state === 'CANCEL_UNKNOWN') this.deps.jobs.wake();
    if (after.state !== 'CANCELLED' && after.state !== 'CANCEL_UNKNOWN') {
      if (r.outcome === 'NOT_SENT' && r.errCode === 'JOURNAL_FAILED') throw new AppError('SETTLEMENT_IN_PROGRESS');
      throw errorOfResult(r);
    }
    return after;
  }

  /** A settlement with its history. */
  async get(settlement_id: string): Promise<SettlementView> {
    return this.view(await this.requireSettlement(settlement_id));
  }

  async view(s: SettlementRecord): Promise<SettlementView> {
    return settlementView(s, await this.deps.store.settlements.events(s.settlement_id));
  }

  async requireSettlement(settlement_id: string): Promise<SettlementRecord> {
    const s = await this.deps.store.settlements.get(settlement_id);
    if (!s) throw new AppError('SETTLEMENT_NOT_FOUND', { detail: { field: 'settlement_id' } });
    return s;
  }

  /**
   * A settle refused with `[ALREADY_SETTLED]` for a visit we believed unsettled: ask 5203 for the
   * platform's settlement of this visit and adopt it (docs/reliability.md §2); if its total differs
   * from our bill, a supervisor decides (NEEDS_ATTENTION).
   */
  private async adoptPlatformSettlement(s: SettlementRecord, v: VisitRecord): Promise<SettlementRecord> {
    const r = await callJournaled(
      this.deps,
      '5203',
      { data: { psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: '' } },
      { visit_id: v.visit_id, settlement_id: s.settlement_id, insuplc_admdvs: v.insuplc_admdvs },
    );
    const now = this.deps.clock.now();
    if (r.outcome !== 'SUCCESS') {
      await this.deps.store.settlements.transition(
        s.settlement_id,
        ['FAILED_DEFINITE'],
        'NEEDS_ATTENTION',
        '平台称已结算，但查询平台结算失败，需主管核实',
        now,
      );
      return this.requireSettlement(s.settlement_id);
    }
    const out = outputOf('5203', r);
    const info = out.setlinfo;
    if (info.setl_type !== 'settled' && info.setl_type !== null) {
      await this.deps.store.settlements.transition(
        s.settlement_id,
        ['FAILED_DEFINITE'],
        'NEEDS_ATTENTION',
        `平台称已结算，但查到的结算状态为 ${info.setl_type}，需主管核实`,
        now,
      );
      return this.requireSettlement(s.settlement_id);
    }
    const figures = {
      setl_id: info.setl_id,
      setlinfo: { ...info },
      setldetail: out.setldetail.map((d) => ({ ...d })),
      flags: [] as string[],
    };
    const same = info.medfee_sumamt === null || info.medfee_sumamt === s.bill_total_fen;
    const note = same
      ? `平台已有本次就诊的结算（报文 ${info.msgid ?? '未知'}），已采用平台结果，请按其金额收费`
      : '平台已有本次就诊的结算，但金额与本次账单不一致，需主管决定';
    await this.deps.store.settlements.transition(
      s.settlement_id,
      ['FAILED_DEFINITE'],
      same ? 'SETTLED' : 'NEEDS_ATTENTION',
      note,
      now,
      { figures },
    );
    return this.requireSettlement(s.settlement_id);
  }

  /**
   * A settled 2102: the visit learns the platform's mdtrt_id, and each line the platform's split
   * (2102 answers `result[]` as 2204 does). The settlement itself is already stored.
   */
  private async keepRetailReply(v: VisitRecord, lines: readonly FeeLineRecord[], r: CallResult): Promise<void> {
    const parsed = parseOutput('2102', r.output);
    if (!parsed.success) return;
    const now = this.deps.clock.now();
    const split = new Map(parsed.data.result.map((x) => [x.feedetl_sn, x]));
    const withSplit = lines.map((l) => ({ ...l, platform: splitView(split.get(l.feedetl_sn)) ?? l.platform }));
    const mdtrt_id = parsed.data.setlinfo.mdtrt_id;
    await this.deps.store.fees.saveUploaded(v.visit_id, withSplit, now, mdtrt_id ? { visit: { mdtrt_id } } : {});
  }

  /** Undoes the visit after its settlement is cancelled; returns warnings for steps that failed. */
  private async undoVisit(v: VisitRecord): Promise<string[]> {
    if (flowOfVisit(v) === 'retail') {
      // A retail sale has nothing to undo at the platform (docs/sandbox-policy.md §9): its lines are withdrawn here.
      await this.deps.store.fees.setState(v.visit_id, null, ['uploaded', 'pending'], 'withdrawn');
      await this.deps.store.visits.update(v.visit_id, { state: 'cancelled' }, this.deps.clock.now());
      return [];
    }
    const links = { visit_id: v.visit_id, insuplc_admdvs: v.insuplc_admdvs };
    for (const infno of transactionsFor(v.kind).undoVisit) {
      // A discharge is undone only when there was one.
      if (infno === '2405' && v.state !== 'discharged') continue;
      const r = await callJournaled(this.deps, infno, undoInput(infno, v), links);
      if (r.outcome !== 'SUCCESS') {
        const e = errorOfResult(r);
        this.deps.log.warn('undo step failed', { visit_id: v.visit_id, infno, code: e.code });
        return [`结算已撤销，但撤销就诊的第 ${infno} 步未成功（${e.message}），请稍后在就诊中重试撤销或联系医保办。`];
      }
      if (infno === '2405') await this.deps.store.visits.update(v.visit_id, { state: 'open' }, this.deps.clock.now());
      if (infno === '2205' || infno === '2302')
        await this.deps.store.fees.setState(v.visit_id, null, ['uploaded', 'pending'], 'withdrawn');
    }
    await this.deps.store.visits.update(v.visit_id, { state: 'cancelled' }, this.deps.clock.now());
    return [];
  }

  /**
   * Refuses a settle or pre-settle while a settlement of the visit is live. For a settle, an already
   * SETTLED visit answers with that settlement (a double click must not settle twice).
   */
  private async refuseIfLive(v: VisitRecord, forSettle: boolean): Promise<SettlementRecord | null> {
    const live = await this.deps.store.settlements.liveForVisit(v.visit_id);
    if (!live) return null;
    if (live.state === 'NEEDS_ATTENTION')
      throw new AppError('NEEDS_ATTENTION', { detail: { settlement_id: live.settlement_id } });
    if (live.state === 'SETTLED' || live.state === 'CASH_COLLECTED') {
      if (forSettle) return live;
      throw new AppError('VISIT_STATE_CONFLICT', {
        message: '该就诊已经结算，不能再预结算。',
        detail: { settlement_id: live.settlement_id },
      });
    }
    throw new AppError('SETTLEMENT_IN_PROGRESS', {
      detail: { settlement_id: live.settlement_id, state: live.state.toLowerCase() },
    });
  }

  /** The settle data from the visit and its uploaded lines (sums of the platform's split). */
  private async settleInput(v: VisitRecord, req: SettleRequest, withParts: boolean): Promise<SettleInput> {
    const midSettle = req.mid_setl_flag === '1';
    if (
      v.kind === 'inpatient' ? !(v.state === 'discharged' || (v.state === 'open' && midSettle)) : v.state !== 'open'
    ) {
      const message =
        v.kind === 'inpatient' && v.state === 'open'
          ? '住院患者请先办理出院（或选择中途结算）再结算。'
          : '该就诊当前不能结算。';
      throw new AppError('VISIT_STATE_CONFLICT', { message, detail: { state: v.state } });
    }
    if (isSelfPay(v, req) && v.kind === 'inpatient') {
      throw new AppError('SELF_PAY_NOT_ALLOWED', {
        message: '全自费上传目前只用于门诊和药店购药。',
        detail: { field: 'self_pay' },
      });
    }
    const lines = await this.deps.store.fees.forVisit(v.visit_id);
    if (lines.some((l) => l.state === 'pending')) {
      throw new AppError('VISIT_STATE_CONFLICT', { message: '有费用明细尚未上传成功，请重新上传后再结算。' });
    }
    const batch = v.kind === 'inpatient' ? null : v.chrg_bchno;
    const billed = lines.filter((l) => l.state === 'uploaded' && (batch === null || l.chrg_bchno === batch));
    if (billed.length === 0) throw new AppError('NO_FEES');
    const total = billed.reduce((a, l) => a + l.amount_fen, 0);
    const cert =
      req.mdtrt_cert_type && req.mdtrt_cert_no
        ? {
            mdtrt_cert_type: req.mdtrt_cert_type,
            mdtrt_cert_no: req.mdtrt_cert_no,
            ...(req.card_sn ? { card_sn: req.card_sn } : {}),
          }
        : {
            mdtrt_cert_type: v.mdtrt_cert_type,
            mdtrt_cert_no: v.mdtrt_cert_no,
            ...(v.card_sn ? { card_sn: v.card_sn } : {}),
          };
    if (flowOfVisit(v) === 'retail') {
      // 2101/2102 (docs/sandbox-policy.md §9): no visit at the platform; the lines travel with the call.
      const data = {
        psn_no: v.psn_no,
        ...cert,
        begntime: v.begntime,
        medfee_sumamt: fenToString(total),
        psn_setlway: '01',
        insutype: v.insutype,
        acct_used_flag: req.acct_used_flag,
        ...(withParts && req.invono ? { invono: req.invono } : {}),
      };
      const feedetail = billed.map((l) => {
        const { mdtrt_id: _m, chrg_bchno: _b, med_type: _t, ...line } = feedetailLine(v, l, null);
        return { ...line, rx_circ_flag: '0' };
      });
      return { input: { data, feedetail }, lines: billed, billTotalFen: total, batch };
    }
    const selfPay = isSelfPay(v, req);
    const data: Record<string, unknown> = {
      psn_no: v.psn_no,
      ...cert,
      medfee_sumamt: fenToString(total),
      psn_setlway: selfPay ? (this.deps.selfPaySetlway ?? SELF_PAY_SETLWAY) : '01',
      mdtrt_id: v.mdtrt_id,
      // Full self-pay: the personal account is not used either (all cash, D-21).
      acct_used_flag: selfPay ? '0' : req.acct_used_flag,
      insutype: v.insutype,
      ...(v.kind === 'inpatient'
        ? { mid_setl_flag: req.mid_setl_flag ?? '0' }
        : { med_type: v.med_type, chrg_bchno: batch }),
    };
    if (withParts || v.kind === 'inpatient')
      Object.assign(data, partSums(billed), req.invono ? { invono: req.invono } : {});
    return { input: { data }, lines: billed, billTotalFen: total, batch };
  }

  private async markInbox(visit_id: string, state: 'settled' | 'cancelled' | 'opened'): Promise<void> {
    const item = await this.deps.store.inbox.byVisit(visit_id);
    if (item) await this.deps.store.inbox.setState(item.inbox_id, state);
  }
}

/** True when the visit was opened as full self-pay, or the cashier chose it for this settle (D-21). */
export function isSelfPay(v: VisitRecord, req: Pick<SettleRequest, 'self_pay'>): boolean {
  return req.self_pay === true || v.details['self_pay'] === true;
}

/** Σ of the platform's four split parts over the lines, as 2207/2304 carry them. */
function partSums(lines: readonly FeeLineRecord[]): Record<string, string> {
  const sum = (key: string) =>
    lines.reduce((a, l) => a + parseFen((l.platform?.[key] as string | null | undefined) ?? '0'), 0);
  return {
    fulamt_ownpay_amt: fenToString(sum('fulamt_ownpay_amt')),
    overlmt_selfpay: fenToString(sum('overlmt_amt')),
    preselfpay_amt: fenToString(sum('preselfpay_amt')),
    inscp_scp_amt: fenToString(sum('inscp_scp_amt')),
  };
}

/** The cancel reply's setlinfo (negative figures), or null when unreadable. */
function outputSafe(r: CallResult): Readonly<Record<string, unknown>> | null {
  try {
    return { ...outputOf(r.infno === '2305' ? '2305' : r.infno === '2103' ? '2103' : '2208', r).setlinfo };
  } catch {
    return null;
  }
}

/** The input of one undo step of a visit (`chrg_bchno` / `feedetl_sn` "0000" = every line). */
function undoInput(infno: UndoVisitStep, v: VisitRecord): Record<string, unknown> {
  switch (infno) {
    case '2205':
      return { data: { mdtrt_id: v.mdtrt_id, chrg_bchno: '0000', psn_no: v.psn_no } };
    case '2202':
      return { data: { psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, ipt_otp_no: v.ipt_otp_no } };
    case '2302':
      return { data: [{ feedetl_sn: '0000', mdtrt_id: v.mdtrt_id, psn_no: v.psn_no }] };
    case '2405':
    case '2404':
      return { data: { mdtrt_id: v.mdtrt_id, psn_no: v.psn_no } };
    default:
      return assertNever(infno, 'undo step');
  }
}

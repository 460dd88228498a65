/**
 * Uploading a visit's fee lines (2204 outpatient batches / 2301 inpatient lines) and keeping the
 * platform's per-line split beside each line (D-15). Lines are stored as `pending` before they are
 * sent, so an upload with an unclear outcome is cleared (2205 / 2302) and re-sent, never lost.
 */
import type { UploadFeesRequest } from '../../shared/api/requests';
import type { FeeSplitResult } from '../../shared/protocol/transactions';
import type { FeeLineRecord, JournalEntry, VisitRecord } from '../store/ports/records';
import type { ServiceDeps } from './service-deps';
import type { VisitService } from './visit-service';
import { AppError } from '../../shared/errors/app-error';
import { fenToString, Money, toFen } from '../../shared/money';
import { findFeeLineProblem, lineFigures, type FeeLineProblem } from '../../shared/fee-line-check';
import { assertNever } from '../../shared/result';
import { flowOfVisit, uploadTransactionsFor } from '../domain/settlement-flow';
import { callJournaled, errorOfResult, journalEntryOf, journalOutcomeOf, outputOf } from './journaled-call';
import { parseOutput } from '../../shared/protocol/transactions';
import type { CallJournal } from '../upstream/ports';
import type { JobResult } from '../queue/ports';
import { refuseWhileOffline } from './offline-guard';
import { UPLOAD_FEES, UPLOAD_OFFLINE_WAIT_MS } from './fee-upload-job';
import { DEFAULT_FEE_UPLOAD_BATCH_LINES, FeeLineTooLarge, feeUploadBatches } from '../domain/fee-upload-batches';

/** Price caps at or above this read as "no cap" (the platform sends 999999). */
const NO_CAP = 999999;

/** The answer of an upload that may have been queued while the platform is unreachable. */
export interface UploadAnswer {
  /** True when the lines were accepted into the durable queue (HTTP 202 `queued: true`). */
  readonly queued: boolean;
  readonly lines: FeeLineRecord[];
}

interface UploadState {
  /** An outpatient batch, or inpatient lines, whose upload outcome is unknown. */
  readonly dirty_batch?: string | null;
  readonly dirty_lines?: readonly string[];
}

export class FeeService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly visits: VisitService,
  ) {}

  /**
   * Validates and uploads `req.lines` (plus any lines still pending from an unclear upload).
   * Bad input changes nothing: amounts must equal round2(pric × cnt), sns must be new.
   */
  async upload(visit_id: string, req: UploadFeesRequest): Promise<FeeLineRecord[]> {
    return (await this.uploadOrQueue(visit_id, req)).lines;
  }

  /**
   * Offline mode (issue item 4): like `upload`, but while the platform is unreachable an inpatient
   * upload (2301) is accepted into the durable queue: its lines are stored `pending` and a job sends
   * them when the link is back (HTTP 202 `queued: true`). Outpatient uploads still fail fast (503).
   * `upload` is this without the flag: a call that returns normally leaves a line `pending` only
   * when it was queued (a synchronous upload sends every pending line or throws).
   */
  async uploadOrQueue(visit_id: string, req: UploadFeesRequest): Promise<UploadAnswer> {
    const { v, existing, incoming } = await this.prepare(visit_id, req);
    if (flowOfVisit(v) === 'retail') return { queued: false, lines: await this.keepLocal(v, incoming) };
    if (v.kind === 'inpatient' && this.deps.link?.isOffline()) {
      const now = this.deps.clock.now();
      // The lines first, then the job (each its own transaction): a crash in between leaves pending
      // lines that the next upload sends and that a settle refuses, never a job without lines to send.
      if (incoming.length > 0) await this.deps.store.fees.saveUploaded(visit_id, incoming, now);
      await this.deps.store.visits.updateWithJob(
        visit_id,
        {},
        this.deps.jobs.job(UPLOAD_FEES, visit_id, { visit_id }),
        now,
      );
      this.deps.jobs.wake();
      this.deps.log.info('fee upload queued while offline', { visit_id, lines: incoming.length });
      return { queued: true, lines: await this.deps.store.fees.forVisit(visit_id) };
    }
    refuseWhileOffline(this.deps, '上传费用');
    return { queued: false, lines: await this.send(v, existing, incoming) };
  }

  /**
   * The queue's job (UPLOAD_FEES): sends the visit's pending lines, clearing an unclear earlier
   * upload first (2302 / 2205). Offline or unreachable → wait without spending an attempt; an
   * unclear outcome → retry (the next attempt clears the dirty lines); a refusal → give up (the
   * lines stay pending, visible on the visit, and a settle refuses until they are sent).
   */
  async sendQueued(visit_id: string): Promise<JobResult> {
    const v = await this.deps.store.visits.get(visit_id);
    if (!v) return { giveUp: 'visit not found' };
    if (v.state !== 'open' && v.state !== 'discharged') return { giveUp: `visit is ${v.state}` };
    if (await this.deps.store.settlements.liveForVisit(visit_id))
      return { giveUp: 'a settlement of the visit is live' };
    const existing = await this.deps.store.fees.forVisit(visit_id);
    const dirty = (v.details as { upload?: UploadState }).upload;
    if (!existing.some((l) => l.state === 'pending') && !dirty?.dirty_batch && !dirty?.dirty_lines?.length)
      return 'finished';
    if (this.deps.link?.isOffline()) return { rateLimited: UPLOAD_OFFLINE_WAIT_MS };
    try {
      await this.send(v, existing, []);
      return 'finished';
    } catch (e) {
      const code = e instanceof AppError ? e.code : 'INTERNAL';
      if (code === 'UPSTREAM_UNREACHABLE') return { rateLimited: UPLOAD_OFFLINE_WAIT_MS };
      if (code === 'UPSTREAM_TIMEOUT' || code === 'UPSTREAM_BAD_RESPONSE' || code === 'STORE_UNAVAILABLE')
        return { retry: code };
      return { giveUp: code };
    }
  }

  /**
   * A retail pharmacy sale (docs/sandbox-policy.md §9): the lines travel with 2101/2102, so they are kept
   * here, complete and checked, as the sale's one batch; the platform's split arrives with 2102.
   */
  private async keepLocal(v: VisitRecord, incoming: readonly FeeLineRecord[]): Promise<FeeLineRecord[]> {
    const batch = v.chrg_bchno ?? this.nextBatch(v);
    const lines = incoming.map((l) => ({ ...l, chrg_bchno: batch, state: 'uploaded' as const }));
    if (lines.length > 0) {
      await this.deps.store.fees.saveUploaded(
        v.visit_id,
        lines,
        this.deps.clock.now(),
        batch !== v.chrg_bchno ? { visit: { chrg_bchno: batch, batch_seq: v.batch_seq + 1 } } : {},
      );
    }
    return this.deps.store.fees.forVisit(v.visit_id);
  }

  /** Checks the visit and validates the request; changes nothing. */
  private async prepare(
    visit_id: string,
    req: UploadFeesRequest,
  ): Promise<{ v: VisitRecord; existing: FeeLineRecord[]; incoming: FeeLineRecord[] }> {
    const v = await this.visits.requireVisit(visit_id);
    if (v.state !== 'open' && v.state !== 'discharged') {
      throw new AppError('VISIT_STATE_CONFLICT', {
        message: '该就诊当前不能上传费用（未办理成功或已结束）。',
        detail: { state: v.state },
      });
    }
    const live = await this.deps.store.settlements.liveForVisit(visit_id);
    if (live)
      throw new AppError('SETTLEMENT_IN_PROGRESS', { message: '该就诊已有结算或结算正在核实，不能再上传费用。' });
    const existing = await this.deps.store.fees.forVisit(visit_id);
    const incoming = this.validate(v, req, existing);
    return { v, existing, incoming };
  }

  /**
   * Sends `incoming` plus every pending line (after clearing an unclear upload), in batches whose
   * `input` stays within the national 40,000 characters and the configured line cap (issue 13 item
   * 5). Each batch is its own journaled call; a confirmed batch's lines become `uploaded` with the
   * call's outcome, in one transaction. The first batch that is not confirmed stops the upload: its
   * lines and the later ones stay `pending`, so the next upload (or the queued job) resumes there
   * and never sends a confirmed line again. A batch whose outcome is unknown is recorded as dirty
   * and cleared (2302 its lines / 2205 the outpatient batch) before anything else is sent.
   */
  private async send(
    v: VisitRecord,
    existing: readonly FeeLineRecord[],
    incoming: readonly FeeLineRecord[],
  ): Promise<FeeLineRecord[]> {
    const visit_id = v.visit_id;
    const now = this.deps.clock.now();
    const cleared = await this.clearUnclearUpload(v);
    const current = cleared ? await this.visits.requireVisit(visit_id) : v;
    const before = cleared ? await this.deps.store.fees.forVisit(visit_id) : existing;
    const pending = [...before.filter((l) => l.state === 'pending'), ...incoming];
    if (pending.length === 0) return this.deps.store.fees.forVisit(visit_id);
    const batch = current.kind === 'inpatient' ? null : (current.chrg_bchno ?? this.nextBatch(current));
    const toSend = pending.map((l) => ({ ...l, chrg_bchno: batch, state: 'pending' as const }));
    // The lines are stored as pending (with the visit's new batch) before anything is sent: in the
    // same transaction as the first batch's journal row (one commit less, issue 19), or on their own
    // when no call got as far as its journal row (nothing was sent).
    const visitPatch =
      batch !== current.chrg_bchno ? { visit: { chrg_bchno: batch, batch_seq: current.batch_seq + 1 } } : {};
    let stored = false;
    const journalAttempt = async (entry: JournalEntry): Promise<void> => {
      if (stored) return this.deps.store.journal.recordAttempt(entry);
      await this.deps.store.fees.saveUploaded(visit_id, toSend, now, { ...visitPatch, attempt: entry });
      stored = true;
    };

    const infno = uploadTransactionsFor(v.kind).uploadFees;
    let parts: { line: FeeLineRecord; detail: Record<string, unknown> }[][];
    try {
      parts = feeUploadBatches(
        toSend.map((line) => ({ line, detail: feedetailLine(v, line, batch) })),
        (x) => JSON.stringify(x.detail).length,
        {
          maxLines: this.deps.feeUpload?.batchLines ?? DEFAULT_FEE_UPLOAD_BATCH_LINES,
        },
      );
    } catch (e) {
      if (!(e instanceof FeeLineTooLarge)) throw e;
      const sn = toSend[e.index]?.feedetl_sn ?? '';
      throw new AppError('BAD_REQUEST', {
        message: `费用明细 ${sn} 过长，单条明细超过平台 40000 字符的上限。`,
        detail: { field: 'lines', feedetl_sn: sn },
      });
    }
    try {
      for (const [i, part] of parts.entries()) {
        await this.sendBatch(v, current, infno, batch, part, journalAttempt);
        if (parts.length > 1)
          this.deps.log.info('fee upload batch confirmed', {
            visit_id,
            infno,
            batch: i + 1,
            of: parts.length,
            lines: part.length,
          });
      }
    } finally {
      if (!stored) await this.deps.store.fees.saveUploaded(visit_id, toSend, now, visitPatch);
    }
    return this.deps.store.fees.forVisit(visit_id);
  }

  /** One journaled fee-upload call; throws the call's error unless it succeeded. */
  private async sendBatch(
    v: VisitRecord,
    current: VisitRecord,
    infno: '2204' | '2301',
    batch: string | null,
    part: readonly { line: FeeLineRecord; detail: Record<string, unknown> }[],
    journalAttempt: (entry: JournalEntry) => Promise<void>,
  ): Promise<void> {
    const visit_id = v.visit_id;
    const lines = part.map((p) => p.line);
    const journal: CallJournal = {
      beforeSend: async (p) => journalAttempt(journalEntryOf(this.deps, p, { visit_id })),
      afterOutcome: async (res) => {
        const outcome = { msgid: res.msgid, journal: journalOutcomeOf(res) };
        const parsed = res.outcome === 'SUCCESS' ? parseOutput(infno, res.output) : null;
        if (parsed?.success) {
          // The platform's split is stored with the call's outcome, in one transaction.
          const split = new Map<string, FeeSplitResult>(parsed.data.result.map((x) => [x.feedetl_sn, x]));
          const uploaded = lines.map((l) => ({
            ...l,
            state: 'uploaded' as const,
            platform: splitView(split.get(l.feedetl_sn)),
          }));
          await this.deps.store.fees.saveUploaded(visit_id, uploaded, this.deps.clock.now(), { outcome });
        } else if (res.outcome === 'UNKNOWN') {
          // This batch may or may not be at the platform: clear it (2302 its lines / 2205 the
          // outpatient batch) before the next upload. Earlier batches were confirmed and stay.
          const state: UploadState =
            v.kind === 'inpatient' ? { dirty_lines: lines.map((l) => l.feedetl_sn) } : { dirty_batch: batch };
          await this.deps.store.visits.update(
            visit_id,
            { details: { ...current.details, upload: state } },
            this.deps.clock.now(),
            outcome,
          );
        } else {
          await this.deps.store.journal.recordOutcome(res.msgid, outcome.journal);
        }
      },
    };
    const r = await this.deps.upstream.call(
      infno,
      { feedetail: part.map((p) => p.detail) },
      { journal, insuplc_admdvs: v.insuplc_admdvs },
    );
    if (r.outcome !== 'SUCCESS') throw errorOfResult(r);
    outputOf(infno, r);
  }

  /**
   * Checks the request against itself and the visit's lines; returns new pending records. A line
   * the visit already holds with exactly the same content is a repeat (the HIS retrying an upload
   * that partly failed): it is not stored again, and the upload resumes with the lines still
   * pending. A held serial number with other content is a duplicate and refused.
   */
  private validate(v: VisitRecord, req: UploadFeesRequest, existing: readonly FeeLineRecord[]): FeeLineRecord[] {
    const held = new Map(existing.filter((l) => l.state !== 'withdrawn').map((l) => [l.feedetl_sn, l]));
    const repeats = new Set(
      req.lines.filter((line) => isSameLine(held.get(line.feedetl_sn), line)).map((l) => l.feedetl_sn),
    );
    const taken = new Set([...held.keys()].filter((sn) => !repeats.has(sn)));
    const problem = findFeeLineProblem(req.lines, { allowRefunds: v.kind === 'inpatient', taken });
    if (problem) throw fromProblem(problem);
    return req.lines.flatMap((line, i) => {
      if (repeats.has(line.feedetl_sn)) return [];
      if (!line.med_list_codg) {
        throw new AppError('UNMAPPED_ITEM', {
          message: `明细 ${line.feedetl_sn}（${line.medins_list_codg}）没有医保目录编码。`,
          detail: { field: `lines[${i}].med_list_codg`, feedetl_sn: line.feedetl_sn },
        });
      }
      return [
        {
          visit_id: v.visit_id,
          feedetl_sn: line.feedetl_sn,
          med_list_codg: line.med_list_codg,
          medins_list_codg: line.medins_list_codg,
          name: line.name,
          cnt: line.cnt,
          pric: line.pric,
          amount_fen: toFen(lineFigures(line, `lines[${i}]`).amount),
          fee_ocur_time: line.fee_ocur_time,
          init_feedetl_sn: line.init_feedetl_sn ?? null,
          chrg_bchno: null,
          state: 'pending' as const,
          platform: null,
          preview: null,
          seq: 0,
        },
      ];
    });
  }

  /** Clears an upload whose outcome was unknown, so its lines can be sent again without doubling. */
  /** Returns true when something was cleared (the visit and its lines changed). */
  private async clearUnclearUpload(v: VisitRecord): Promise<boolean> {
    const state = (v.details as { upload?: UploadState }).upload;
    if (!state || (!state.dirty_batch && !state.dirty_lines?.length)) return false;
    const links = { visit_id: v.visit_id, insuplc_admdvs: v.insuplc_admdvs };
    const infno = uploadTransactionsFor(v.kind).withdrawFees;
    const input =
      infno === '2302'
        ? { data: (state.dirty_lines ?? []).map((sn) => ({ feedetl_sn: sn, mdtrt_id: v.mdtrt_id, psn_no: v.psn_no })) }
        : { data: { mdtrt_id: v.mdtrt_id, chrg_bchno: state.dirty_batch, psn_no: v.psn_no } };
    const r = await callJournaled(this.deps, infno, input, links);
    // NOT_FOUND means the unclear upload never arrived: as good as cleared.
    if (r.outcome !== 'SUCCESS' && !(r.outcome === 'DEFINITE_FAIL' && r.errCode === 'NOT_FOUND'))
      throw errorOfResult(r);
    const now = this.deps.clock.now();
    // Inpatient: only the dirty lines were withdrawn, and they never left `pending`; the lines of
    // confirmed batches stay uploaded. Outpatient: 2205 withdrew the whole batch, so all its lines
    // go back to pending and are sent again under a new batch number.
    if (v.kind !== 'inpatient')
      await this.deps.store.fees.setState(v.visit_id, state.dirty_batch ?? null, ['uploaded', 'pending'], 'pending');
    await this.deps.store.visits.update(
      v.visit_id,
      { details: { ...v.details, upload: {} }, ...(v.kind === 'inpatient' ? {} : { chrg_bchno: null }) },
      now,
    );
    return true;
  }

  private nextBatch(v: VisitRecord): string {
    return `B${String(v.batch_seq + 1).padStart(4, '0')}`;
  }
}

/** One 2204/2301 feedetail line (2101/2102 take it without `mdtrt_id` and `chrg_bchno`). */
export function feedetailLine(v: VisitRecord, l: FeeLineRecord, batch: string | null): Record<string, unknown> {
  const d = v.details as { dept_code?: string; dept_name?: string; atddr_no?: string; dr_name?: string };
  return {
    feedetl_sn: l.feedetl_sn,
    mdtrt_id: v.mdtrt_id,
    psn_no: v.psn_no,
    fee_ocur_time: l.fee_ocur_time,
    med_list_codg: l.med_list_codg,
    medins_list_codg: l.medins_list_codg,
    det_item_fee_sumamt: fenToString(l.amount_fen),
    cnt: l.cnt,
    pric: l.pric,
    bilg_dept_codg: d.dept_code ?? '',
    bilg_dept_name: d.dept_name ?? '',
    bilg_dr_codg: d.atddr_no ?? '',
    bilg_dr_name: d.dr_name ?? '',
    ...(batch !== null
      ? { chrg_bchno: batch, ...(v.dise_codg ? { dise_codg: v.dise_codg } : {}) }
      : { med_type: v.med_type }),
    ...(l.init_feedetl_sn ? { init_feedetl_sn: l.init_feedetl_sn } : {}),
  };
}

/** Whether a held line has exactly the content of a requested one (a retried upload). */
function isSameLine(held: FeeLineRecord | undefined, line: UploadFeesRequest['lines'][number]): boolean {
  if (held === undefined) return false;
  let amount: number;
  try {
    amount = toFen(lineFigures(line, 'line').amount);
  } catch {
    return false;
  }
  return (
    held.med_list_codg === (line.med_list_codg ?? null) &&
    held.medins_list_codg === line.medins_list_codg &&
    held.cnt === line.cnt &&
    held.pric === line.pric &&
    held.amount_fen === amount &&
    held.fee_ocur_time === line.fee_ocur_time &&
    (held.init_feedetl_sn ?? null) === (line.init_feedetl_sn ?? null) &&
    held.name === line.name
  );
}

/** The HIS-facing error of a refused line, naming it by its serial number. */
function fromProblem(p: FeeLineProblem): AppError {
  const detail = { field: p.field, feedetl_sn: p.feedetl_sn };
  switch (p.kind) {
    case 'duplicate_sn':
      return new AppError('BAD_REQUEST', { message: `费用明细流水号重复：${p.feedetl_sn}。`, detail });
    case 'zero_quantity':
      return new AppError('BAD_REQUEST', { message: `数量不能为0（${p.feedetl_sn}）。`, detail });
    case 'negative_quantity':
      return new AppError('BAD_REQUEST', {
        message: `数量不能为负数（${p.feedetl_sn}）；门诊退费请撤销结算后重新上传。`,
        detail,
      });
    case 'refund_without_origin':
      return new AppError('BAD_REQUEST', { message: `退费明细必须指明原明细流水号（${p.feedetl_sn}）。`, detail });
    case 'amount_mismatch':
      return new AppError('AMOUNT_MISMATCH', {
        message: `明细 ${p.feedetl_sn} 的金额与“单价×数量”（${p.expected ?? ''}）不一致。`,
        detail: { ...detail, expected: p.expected },
      });
    default:
      return assertNever(p.kind, 'fee line problem');
  }
}

/** The platform's split of one line as stored and shown (2-dp strings). */
export function splitView(x: FeeSplitResult | undefined): Record<string, unknown> | null {
  if (!x) return null;
  const money = (f: number | null) => (f === null ? null : fenToString(f));
  const cap = x.pric_uplmt_amt;
  return {
    fulamt_ownpay_amt: money(x.fulamt_ownpay_amt),
    overlmt_amt: money(x.overlmt_amt),
    preselfpay_amt: money(x.preselfpay_amt),
    inscp_scp_amt: money(x.inscp_scp_amt),
    chrgitm_lv: x.chrgitm_lv ?? '',
    med_chrgitm_type: x.med_chrgitm_type ?? '',
    selfpay_prop: x.selfpay_prop ?? '0.0000',
    pric_uplmt_amt: cap === null || new Money(cap).gte(NO_CAP) ? null : cap,
    ...(x.memo ? { memo: x.memo } : {}),
  };
}

/**
 * Daily reconciliation with the platform (docs/his-api.md "Reconciliation", docs/sandbox-policy.md §7):
 * 3201 for every insutype × clr_type × setl_optins the day has on either side, then for each
 * clr_type × setl_optins that does not balance the detail file (9101), 3202 and the result file
 * (9102); every differing row gets a cause from the adapter's own journal and the fixes allowed.
 * A supervisor's fix is recorded for life and adjusts the adapter's rows (or its settlement and
 * the platform), so that reconciling the day again balances.
 *
 * Runs go through the durable queue (`start` enqueues, `execute` is the job); every upstream call
 * is journaled like any other.
 */
import { flowOfVisit } from '../domain/settlement-flow';
import type { ServiceDeps } from './service-deps';
import type {
  DiffAmounts,
  DiffRecord,
  FixRecord,
  ReconGroupRecord,
  ReconRecord,
  ReconciliationRepository,
  RowAdjustment,
} from '../store/ports/reconciliation';
import type { SettlementRecord } from '../store/ports/records';
import type {
  DiffAmountsView,
  DifferenceView,
  FixRequest,
  FixResultView,
  ReconDayView,
  ReconciliationView,
} from '../../shared/api/reconciliation';
import {
  detailFileText,
  groupTotals,
  kindOfStmtRslt,
  parseResultFile,
  rowKey,
  rowsOfSettlement,
  totalsOf,
  type ReconRow,
  type ResultLine,
} from '../domain/reconciliation-rows';
import { isBalancedStmtRslt } from '../../shared/protocol/transactions';
import { AppError } from '../../shared/errors/app-error';
import { fenToString } from '../../shared/money';
import { addDays } from '../../shared/dates';
import { chinaDate, chinaDateTime } from '../../shared/china-time';
import { callJournaled, outputOf } from './journaled-call';
import { explainDifference } from './reconciliation-explain';
import { mayFixReconciliation, NO_ROSTER, type ReconActor, type RosterLookup } from './reconciliation-authorization';

const DAY_MS = 86_400_000;
/** Most groups and differences one run handles (bounded input). */
export const MAX_GROUPS = 200;
export const MAX_DIFFERENCES = 2_000;
/**
 * Groups always asked with 3201 even when the adapter has no row in them, so that a settlement only
 * the platform holds is found in a group the adapter never used: the two national insutypes (310
 * 职工, 390 居民) × clr_type 11 (outpatient), 21 (inpatient), 41 (pharmacy) at the institution's own
 * 就医地 (setl_optins). Groups seen in the last 90 days are added to these.
 */
export const DEFAULT_INSUTYPES: readonly string[] = ['310', '390'];
export const DEFAULT_CLR_TYPES: readonly string[] = ['11', '21', '41'];

/** Most settlements read for one day's local rows. */
const MAX_SETTLEMENTS = 200_000;

/** What the service needs beyond the common deps. */
export interface ReconciliationDeps {
  readonly base: ServiceDeps;
  readonly repo: ReconciliationRepository;
  /** Enqueues the durable job that runs `execute(recon_id)`. */
  readonly schedule: (recon_id: string, stmt_date: string) => Promise<void>;
  /** The operator roster for the supervisor check (default: none, everything allowed). */
  readonly roster?: RosterLookup;
  /**
   * Writes a row of the security audit trail (S6) for a fix that changes a local settlement (an
   * adopted platform settlement); main/app wires the hash-chained trail. Absent: not audited.
   */
  readonly audit?: (e: ReconAuditEntry) => Promise<void>;
}

/** An audit row of a reconciliation fix: who, what (`settlement.adopt`), on which settlement, and ids/codes only. */
export interface ReconAuditEntry {
  readonly actor: ReconActor;
  readonly action: string;
  readonly target: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * Local states an `adopt` moves to SETTLED with the platform's settlement: the outcome was never
 * learnt (UNKNOWN, no 2601 in flight) or a supervisor must decide (NEEDS_ATTENTION). REVERSING is
 * left alone: its 2601 is on the wire and decides.
 */
const ADOPTABLE_STATES = ['UNKNOWN', 'NEEDS_ATTENTION'] as const;

const amounts = (r: { medfee_sumamt: number; fund_pay_sumamt: number; acct_pay: number }): DiffAmounts => ({
  medfee_sumamt: r.medfee_sumamt,
  fund_pay_sumamt: r.fund_pay_sumamt,
  acct_pay: r.acct_pay,
});
const amountsView = (a: DiffAmounts | null): DiffAmountsView | null =>
  a === null
    ? null
    : {
        medfee_sumamt: fenToString(a.medfee_sumamt),
        fund_pay_sumamt: fenToString(a.fund_pay_sumamt),
        acct_pay: fenToString(a.acct_pay),
      };
const textOf = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const fenOf = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : 0);

export class ReconciliationService {
  constructor(private readonly d: ReconciliationDeps) {}

  private get base(): ServiceDeps {
    return this.d.base;
  }

  /** Starts a run of `stmt_date` through the queue; returns its recon_id. */
  async start(stmt_date: string, trigger: 'schedule' | 'demand'): Promise<string> {
    const recon_id = `R${this.base.ids.next()}`;
    await this.d.repo.begin({ recon_id, stmt_date, trigger, created_at: this.base.clock.now() });
    await this.d.schedule(recon_id, stmt_date);
    return recon_id;
  }

  /**
   * The adapter's rows of a day: from its settlements (dated by the platform's setl_time), with
   * the adjustments of earlier fixes applied (adopt adds or replaces a row, exclude removes one).
   */
  async localRows(stmt_date: string): Promise<ReconRow[]> {
    return this.localRowsBetween(stmt_date, stmt_date);
  }

  /**
   * The adapter's rows dated in [from, to] (`yyyy-MM-dd`), as reconciliation sees them — what the
   * monthly reports read, so their totals equal the reconciled ones.
   */
  async localRowsBetween(from: string, to: string): Promise<ReconRow[]> {
    const dayStart = Date.parse(`${from}T00:00:00+08:00`);
    // Settlements touched since shortly before the range (a cancel updates an old settlement); the
    // platform's business date may run behind the PC's clock (training), hence the wider window.
    const since = Math.min(dayStart - 2 * DAY_MS, this.base.clock.now() - 40 * DAY_MS);
    const byKey = new Map<string, ReconRow>();
    for (const s of await this.d.repo.settlementsTouchedSince(since, MAX_SETTLEMENTS)) {
      for (const r of rowsOfSettlement(s)) if (r.date >= from && r.date <= to) byKey.set(rowKey(r), r);
    }
    for (const a of await this.d.repo.adjustmentsBetween(from, to)) {
      if (a.action === 'adopt') byKey.set(rowKey(a.row), a.row);
      else byKey.delete(rowKey(a.row));
    }
    return [...byKey.values()];
  }

  /**
   * True when a day has anything to reconcile: local rows that day, or any group seen in the last
   * 90 days (the platform may hold rows the adapter lacks). A fresh install has nothing.
   */
  async hasActivity(stmt_date: string): Promise<boolean> {
    if ((await this.localRows(stmt_date)).length > 0) return true;
    return (await this.d.repo.knownGroups(this.base.clock.now() - 90 * DAY_MS)).length > 0;
  }

  /** The queue job: runs the reconciliation and records its result (never throws for upstream failures). */
  async execute(recon_id: string): Promise<void> {
    const rec = await this.d.repo.get(recon_id);
    if (rec === null || rec.state !== 'running') return;
    const D = rec.stmt_date;
    const groupsDone: ReconGroupRecord[] = [];
    try {
      const rows = await this.localRows(D);
      const optins = this.base.institution.mdtrtarea_admvs;
      const defaults = DEFAULT_INSUTYPES.flatMap((insutype) =>
        DEFAULT_CLR_TYPES.map((clr_type) => ({ insutype, clr_type, setl_optins: optins })),
      );
      const known = [...defaults, ...(await this.d.repo.knownGroups(this.base.clock.now() - 90 * DAY_MS))];
      const groups = groupTotals(rows, known).slice(0, MAX_GROUPS);
      for (const g of groups) {
        const r = await callJournaled(
          this.base,
          '3201',
          {
            data: {
              insutype: g.insutype,
              clr_type: g.clr_type,
              setl_optins: g.setl_optins,
              stmt_begndate: D,
              stmt_enddate: D,
              medfee_sumamt: fenToString(g.medfee_sumamt),
              fund_pay_sumamt: fenToString(g.fund_pay_sumamt),
              acct_pay: fenToString(g.acct_pay),
              fixmedins_setl_cnt: String(g.count),
            },
          },
          {},
        );
        const info = outputOf('3201', r).stmtinfo;
        const balanced = isBalancedStmtRslt(info.stmt_rslt);
        const hasRows = rows.some(
          (x) => x.insutype === g.insutype && x.clr_type === g.clr_type && x.setl_optins === g.setl_optins,
        );
        // A known group with no row on either side is not part of the day.
        if (balanced && !hasRows) continue;
        groupsDone.push({ ...g, balanced, platform_note: info.stmt_rslt_dscr ?? (balanced ? '平' : '') });
      }
      const diffs: DiffRecord[] = [];
      const pairs = new Map<string, { clr_type: string; setl_optins: string }>();
      for (const g of groupsDone)
        if (!g.balanced)
          pairs.set(`${g.clr_type}/${g.setl_optins}`, { clr_type: g.clr_type, setl_optins: g.setl_optins });
      for (const p of pairs.values()) {
        const lines = await this.detailCompare(D, p.clr_type, p.setl_optins, rows);
        const byKey = new Map(rows.map((r) => [rowKey(r), r]));
        for (const line of lines) {
          if (diffs.length >= MAX_DIFFERENCES) break;
          const kind = kindOfStmtRslt(line.stmt_rslt);
          if (kind === null) continue;
          diffs.push(
            await this.describe(
              recon_id,
              `D${String(diffs.length + 1).padStart(3, '0')}`,
              kind,
              line,
              byKey.get(rowKey(line)) ?? null,
              p,
            ),
          );
        }
      }
      const state = groupsDone.every((g) => g.balanced) ? 'balanced' : 'unbalanced';
      await this.d.repo.finish(recon_id, state, groupsDone, diffs, null, this.base.clock.now());
      this.base.log.info('reconciliation finished', {
        recon_id,
        stmt_date: D,
        state,
        groups: groupsDone.length,
        differences: diffs.length,
      });
    } catch (e) {
      const message =
        e instanceof AppError
          ? `${e.message}${e.upstreamErrMsg ? `（${e.upstreamErrMsg}）` : ''}`
          : '对账过程中出现内部错误';
      this.base.log.warn('reconciliation failed', {
        recon_id,
        stmt_date: D,
        error: e instanceof Error ? e.message : String(e),
      });
      await this.d.repo.finish(recon_id, 'failed', groupsDone, [], message, this.base.clock.now());
    }
  }

  /** 9101 + 3202 + 9102 for one clr_type × setl_optins: the platform's result lines. */
  private async detailCompare(
    D: string,
    clr_type: string,
    setl_optins: string,
    rows: readonly ReconRow[],
  ): Promise<ResultLine[]> {
    const mine = rows.filter((r) => r.clr_type === clr_type && r.setl_optins === setl_optins);
    const code = this.base.institution.fixmedins_code;
    const text = detailFileText(mine);
    const up = outputOf(
      '9101',
      await callJournaled(
        this.base,
        '9101',
        {
          fsUploadIn: {
            in: Buffer.from(text, 'utf8').toString('base64'),
            filename: `${code}_${D}_${clr_type}_${setl_optins}.txt`,
            fixmedins_code: code,
          },
        },
        {},
      ),
    );
    const t = totalsOf({ insutype: '', clr_type, setl_optins }, mine);
    const det = outputOf(
      '3202',
      await callJournaled(
        this.base,
        '3202',
        {
          data: {
            setl_optins,
            file_qury_no: up.file_qury_no,
            stmt_begndate: D,
            stmt_enddate: D,
            medfee_sumamt: fenToString(t.medfee_sumamt),
            fund_pay_sumamt: fenToString(t.fund_pay_sumamt),
            cash_payamt: fenToString(t.psn_cash_pay),
            fixmedins_setl_cnt: String(t.count),
            clr_type,
          },
        },
        {},
      ),
    );
    const file = outputOf(
      '9102',
      await callJournaled(
        this.base,
        '9102',
        {
          fsDownloadIn: {
            file_qury_no: det.fileinfo.file_qury_no,
            filename: det.fileinfo.filename ?? '',
            fixmedins_code: code,
          },
        },
        {},
      ),
    );
    const parsed = parseResultFile(file.file_text);
    if (parsed.bad.length > 0)
      this.base.log.warn('reconciliation result file has unreadable lines', { lines: parsed.bad.slice(0, 10) });
    return parsed.lines;
  }

  /** A difference with its cause from the journal. */
  private async describe(
    recon_id: string,
    diff_id: string,
    kind: DiffRecord['kind'],
    line: ResultLine,
    local: ReconRow | null,
    p: { clr_type: string; setl_optins: string },
  ): Promise<DiffRecord> {
    const settlement = await this.settlementOf(line.setl_id, line.refd_setl_flag === '0' ? line.msgid : '');
    const journaled = line.msgid === '' ? null : await this.base.store.journal.byMsgid(line.msgid);
    const platform = kind === 'local_only' ? null : amounts(line);
    const localAmounts = local !== null ? amounts(local) : kind === 'local_only' ? amounts(line) : null;
    const { cause, fixes } = explainDifference({
      kind,
      refd_setl_flag: line.refd_setl_flag,
      localState: settlement?.state ?? null,
      msgidJournaled: journaled !== null,
      journalOutcome: journaled?.state ?? null,
      figuresFlagged: settlement?.flags.includes('figures_inconsistent') ?? false,
      local: localAmounts,
      platform,
    });
    return {
      recon_id,
      diff_id,
      kind,
      setl_id: line.setl_id,
      refd_setl_flag: line.refd_setl_flag,
      mdtrt_id: line.mdtrt_id || local?.mdtrt_id || settlement?.mdtrt_id || '',
      psn_no: line.psn_no || local?.psn_no || settlement?.psn_no || '',
      insutype: local?.insutype ?? (textOf(settlement?.setlinfo?.['insutype']) || null),
      clr_type: p.clr_type,
      setl_optins: p.setl_optins,
      platform_msgid: line.msgid === '' ? null : line.msgid,
      local: localAmounts,
      platform,
      cause,
      fixes,
      fixed_action: null,
      fixed_at: null,
    };
  }

  /** The local settlement of a setl_id, else the one made by `msgid`. */
  private async settlementOf(setl_id: string, msgid: string): Promise<SettlementRecord | null> {
    const bySetl = await this.d.repo.settlementsBySetlId(setl_id);
    if (bySetl[0] !== undefined) return bySetl[0];
    return msgid === '' ? null : this.base.store.settlements.byMsgid(msgid);
  }

  /** The answer shape of a run. */
  async view(recon_id: string): Promise<ReconciliationView> {
    const rec = await this.d.repo.get(recon_id);
    if (rec === null) throw new AppError('RECON_NOT_FOUND', { detail: { recon_id } });
    return this.viewOf(rec, await this.d.repo.differences(recon_id));
  }

  private viewOf(rec: ReconRecord, diffs: readonly DiffRecord[]): ReconciliationView {
    return {
      recon_id: rec.recon_id,
      stmt_date: rec.stmt_date,
      state: rec.state,
      groups: rec.groups.map((g) => ({
        insutype: g.insutype,
        clr_type: g.clr_type,
        setl_optins: g.setl_optins,
        count: g.count,
        medfee_sumamt: fenToString(g.medfee_sumamt),
        fund_pay_sumamt: fenToString(g.fund_pay_sumamt),
        acct_pay: fenToString(g.acct_pay),
        balanced: g.balanced,
        platform_note: g.platform_note,
      })),
      differences: diffs.map(diffView),
      error: rec.error,
      started_at: chinaDateTime(rec.created_at),
      finished_at: rec.finished_at === null ? null : chinaDateTime(rec.finished_at),
    };
  }

  /** The newest run of each day in [from, to] (at most 366 days). */
  async days(from: string, to: string): Promise<ReconDayView[]> {
    const out: ReconDayView[] = [];
    for (const r of await this.d.repo.latestByDate(from, to, 366)) {
      const open =
        r.state === 'unbalanced'
          ? (await this.d.repo.differences(r.recon_id)).filter((x) => x.fixed_action === null).length
          : 0;
      out.push({ stmt_date: r.stmt_date, recon_id: r.recon_id, state: r.state, open_differences: open });
    }
    return out;
  }

  /** Days of the last `lookbackDays` whose newest run did not balance (health strip, F4). */
  async unbalancedDays(lookbackDays = 31): Promise<ReconDayView[]> {
    const today = chinaDate(this.base.clock.now());
    return (await this.days(addDays(today, -lookbackDays), today)).filter(
      (d) => d.state === 'unbalanced' || d.state === 'failed',
    );
  }

  /** Applies one fix (supervisor only); recorded for life, whatever its outcome. */
  async fix(recon_id: string, diff_id: string, req: FixRequest, actor: ReconActor): Promise<FixResultView> {
    const diff = await this.d.repo.difference(recon_id, diff_id);
    const rec = await this.d.repo.get(recon_id);
    if (diff === null || rec === null) throw new AppError('RECON_NOT_FOUND', { detail: { recon_id, diff_id } });
    const now = this.base.clock.now();
    const audit = (outcome: FixRecord['outcome'], note: string): FixRecord => ({
      fix_id: this.base.ids.next(),
      recon_id,
      diff_id,
      action: req.action,
      reason: req.reason,
      actor: actor.opter,
      outcome,
      note,
      created_at: now,
    });
    if (!(await mayFixReconciliation(actor, this.d.roster ?? NO_ROSTER))) {
      await this.d.repo.recordFix(audit('refused', '非主管，不允许处理'), []);
      throw new AppError('RECON_FORBIDDEN', { detail: { recon_id, diff_id } });
    }
    if (diff.fixed_action !== null || !diff.fixes.includes(req.action)) {
      await this.d.repo.recordFix(audit('refused', '该差异不允许此处理方式或已处理'), []);
      throw new AppError('RECON_FIX_NOT_ALLOWED', {
        detail: { recon_id, diff_id, action: req.action, allowed: diff.fixes },
      });
    }
    let result: { note: string; adjustments: RowAdjustment[] };
    try {
      result = await this.applyFix(diff, rec.stmt_date, req, actor);
    } catch (e) {
      await this.d.repo.recordFix(audit('failed', e instanceof Error ? e.message.slice(0, 200) : '处理失败'), []);
      throw e;
    }
    await this.d.repo.recordFix(audit('applied', result.note), result.adjustments);
    this.base.log.info('reconciliation fix applied', { recon_id, diff_id, action: req.action, actor: actor.opter });
    const after = await this.d.repo.difference(recon_id, diff_id);
    return { recon_id, diff_id, action: req.action, note: result.note, difference: diffView(after ?? diff) };
  }

  private async applyFix(
    diff: DiffRecord,
    D: string,
    req: FixRequest,
    actor: ReconActor,
  ): Promise<{ note: string; adjustments: RowAdjustment[] }> {
    const settlement = await this.settlementOf(
      diff.setl_id,
      diff.refd_setl_flag === '0' ? (diff.platform_msgid ?? '') : '',
    );
    const localRow =
      (await this.localRows(D)).find((r) => r.setl_id === diff.setl_id && r.refd_setl_flag === diff.refd_setl_flag) ??
      null;
    const why = `对账处理（${actor.opter}）：${req.reason}`;
    switch (req.action) {
      case 'recheck': {
        const info = await this.query5203(diff.setl_id);
        const state =
          info === null
            ? '平台查询不到这笔结算'
            : `平台记录为 ${textOf(info['setl_type']) || '未知状态'}，医疗费总额 ${fenToString(fenOf(info['medfee_sumamt']))}`;
        return { note: `已向平台核实：${state}。核实不改变任何记录，请据此选择处理方式。`, adjustments: [] };
      }
      case 'adopt': {
        if (diff.kind === 'local_only') {
          if (localRow === null) return { note: '本机已无此行，无需调整', adjustments: [] };
          return { note: '以平台为准：本机对账不再计入此行', adjustments: [{ action: 'exclude', row: localRow }] };
        }
        const platform = diff.platform ?? { medfee_sumamt: 0, fund_pay_sumamt: 0, acct_pay: 0 };
        if (diff.kind === 'amount_differs' && localRow !== null) {
          return {
            note: '以平台金额为准：本机对账按平台金额计入',
            adjustments: [{ action: 'adopt', row: { ...localRow, ...platform } }],
          };
        }
        // A local settlement whose outcome was never learnt takes the platform's settlement (5203).
        const taken =
          diff.refd_setl_flag === '0' ? await this.takePlatformSettlement(settlement, diff, why, actor) : null;
        const info = diff.insutype === null ? (taken ?? (await this.query5203(diff.setl_id))) : null;
        const insutype = diff.insutype ?? textOf(info?.['insutype']);
        const cash = info === null ? 0 : fenOf(info['psn_cash_pay']) * (diff.refd_setl_flag === '1' ? -1 : 1);
        const row: ReconRow = {
          setl_id: diff.setl_id,
          mdtrt_id: diff.mdtrt_id,
          psn_no: diff.psn_no,
          msgid: diff.platform_msgid ?? '',
          insutype,
          clr_type: diff.clr_type,
          setl_optins: diff.setl_optins,
          refd_setl_flag: diff.refd_setl_flag,
          date: D,
          ...platform,
          psn_cash_pay: cash,
        };
        const note =
          taken === null
            ? '以平台为准：平台的这笔记录已计入本机对账'
            : '以平台为准：本机结算已按平台的结算记为已结算（金额以平台为准），并计入本机对账';
        return { note, adjustments: [{ action: 'adopt', row }] };
      }
      case 'mark_local_cancelled': {
        if (settlement !== null) {
          await this.base.store.settlements.transition(
            settlement.settlement_id,
            ['SETTLED', 'CASH_COLLECTED', 'NEEDS_ATTENTION', 'CANCEL_UNKNOWN', 'CANCELLING'],
            'CANCELLED',
            why,
            this.base.clock.now(),
          );
        }
        if (diff.kind === 'local_only') {
          const note = '本机记录已改为已撤销，对账不再计入此结算';
          return { note, adjustments: localRow === null ? [] : [{ action: 'exclude', row: localRow }] };
        }
        const platform = diff.platform ?? { medfee_sumamt: 0, fund_pay_sumamt: 0, acct_pay: 0 };
        const insutype = diff.insutype ?? textOf(settlement?.setlinfo?.['insutype']);
        const cash = -fenOf(settlement?.setlinfo?.['psn_cash_pay']);
        const row: ReconRow = {
          setl_id: diff.setl_id,
          mdtrt_id: diff.mdtrt_id,
          psn_no: diff.psn_no,
          msgid: diff.platform_msgid ?? '',
          insutype,
          clr_type: diff.clr_type,
          setl_optins: diff.setl_optins,
          refd_setl_flag: '1',
          date: D,
          ...platform,
          psn_cash_pay: cash,
        };
        return { note: '本机记录已改为已撤销（与平台一致）', adjustments: [{ action: 'adopt', row }] };
      }
      case 'cancel_at_platform':
        return this.cancelAtPlatform(diff, D);
    }
  }

  /**
   * `adopt` of a settlement the platform holds while the local record is UNKNOWN or NEEDS_ATTENTION:
   * asks 5203 for it (by setl_id, with the local psn_no and mdtrt_id), and moves the local record to
   * SETTLED with the platform's figures as reported (journaled call, history note, audit row).
   * Returns the platform's setlinfo, or null when there is no such local record. Throws, changing
   * nothing, when the platform does not report it settled for this visit.
   */
  private async takePlatformSettlement(
    s: SettlementRecord | null,
    diff: DiffRecord,
    why: string,
    actor: ReconActor,
  ): Promise<Record<string, unknown> | null> {
    if (s === null || !(ADOPTABLE_STATES as readonly string[]).includes(s.state)) return null;
    const visit = await this.base.store.visits.get(s.visit_id);
    const r = await callJournaled(
      this.base,
      '5203',
      { data: { psn_no: s.psn_no, setl_id: diff.setl_id, mdtrt_id: s.mdtrt_id } },
      {
        visit_id: s.visit_id,
        settlement_id: s.settlement_id,
        ...(visit ? { insuplc_admdvs: visit.insuplc_admdvs } : {}),
      },
    );
    const out = outputOf('5203', r);
    const info = out.setlinfo;
    if (
      (info.setl_type !== null && info.setl_type !== 'settled') ||
      (info.mdtrt_id !== null && info.mdtrt_id !== s.mdtrt_id)
    ) {
      throw new AppError('RECON_FIX_NOT_ALLOWED', {
        message: '平台查询到的这笔结算不是本次就诊的有效结算，未采用；请先核实（recheck）。',
        detail: { setl_id: diff.setl_id, setl_type: info.setl_type },
      });
    }
    const setldetail = out.setldetail.map((d) => ({ ...d }));
    const figures = { setl_id: info.setl_id, setlinfo: { ...info }, setldetail, flags: [] as string[] };
    const note = `${why}：采用平台结算 ${info.setl_id}，金额以平台为准`;
    const now = this.base.clock.now();
    const moved = await this.base.store.settlements.transition(
      s.settlement_id,
      ADOPTABLE_STATES,
      'SETTLED',
      note,
      now,
      { figures },
    );
    if (!moved) {
      throw new AppError('RECON_FIX_NOT_ALLOWED', {
        message: '这笔本机结算的状态刚刚改变，未采用平台结算；请重新对账后再处理。',
        detail: { settlement_id: s.settlement_id },
      });
    }
    await this.d.audit?.({
      actor,
      action: 'settlement.adopt',
      target: s.settlement_id,
      detail: { setl_id: info.setl_id, from_state: s.state, medfee_sumamt: info.medfee_sumamt, msgid: info.msgid },
    });
    return { ...info };
  }

  /**
   * Cancels at the platform a settlement only the platform holds (2208, 2305 for inpatient, 2103 for
   * a retail pharmacy's sale: docs/sandbox-policy.md §9).
   */
  private async cancelAtPlatform(diff: DiffRecord, D: string): Promise<{ note: string; adjustments: RowAdjustment[] }> {
    const visit = diff.mdtrt_id === '' ? null : await this.base.store.visits.byMdtrtId(diff.mdtrt_id);
    const inpatient = visit !== null ? visit.kind === 'inpatient' : diff.clr_type === '21';
    const retail =
      visit !== null
        ? flowOfVisit(visit) === 'retail'
        : diff.clr_type === '41' && this.base.institution.pharmacy_flow === 'retail';
    const infno = inpatient ? '2305' : retail ? '2103' : '2208';
    const info = await this.query5203(diff.setl_id);
    const insutype = diff.insutype ?? textOf(info?.['insutype']);
    const person = await this.base.store.persons.get(diff.psn_no);
    const insuplc =
      visit?.insuplc_admdvs ?? textOf(person?.insuinfo.find((i) => i['insutype'] === insutype)?.['insuplc_admdvs']);
    const r = await callJournaled(
      this.base,
      infno,
      {
        data: retail
          ? { setl_id: diff.setl_id, psn_no: diff.psn_no }
          : { setl_id: diff.setl_id, mdtrt_id: diff.mdtrt_id, psn_no: diff.psn_no },
      },
      {
        ...(visit ? { visit_id: visit.visit_id } : {}),
        ...(insuplc ? { insuplc_admdvs: insuplc } : {}),
      },
    );
    const c = outputOf(infno, r).setlinfo as unknown as Record<string, unknown>;
    const platform = diff.platform ?? { medfee_sumamt: 0, fund_pay_sumamt: 0, acct_pay: 0 };
    const base = {
      setl_id: diff.setl_id,
      mdtrt_id: diff.mdtrt_id,
      psn_no: diff.psn_no,
      insutype,
      clr_type: diff.clr_type,
      setl_optins: diff.setl_optins,
    };
    const settle: ReconRow = {
      ...base,
      msgid: diff.platform_msgid ?? '',
      refd_setl_flag: '0',
      date: D,
      ...platform,
      psn_cash_pay: fenOf(info?.['psn_cash_pay']),
    };
    const cancelDate = textOf(c['setl_time']).slice(0, 10) || D;
    const cancel: ReconRow = {
      ...base,
      msgid: r.msgid,
      refd_setl_flag: '1',
      date: cancelDate,
      medfee_sumamt: fenOf(c['medfee_sumamt']),
      fund_pay_sumamt: fenOf(c['fund_pay_sumamt']),
      acct_pay: fenOf(c['acct_pay']),
      psn_cash_pay: fenOf(c['psn_cash_pay']),
    };
    return {
      note: `已在平台撤销这笔结算（${infno}，报文 ${r.msgid}），结算与撤销均已计入本机对账`,
      adjustments: [
        { action: 'adopt', row: settle },
        { action: 'adopt', row: cancel },
      ],
    };
  }

  /** 5203 by setl_id: the platform's setlinfo, or null when it has none. */
  private async query5203(setl_id: string): Promise<Record<string, unknown> | null> {
    const r = await callJournaled(this.base, '5203', { data: { psn_no: '', setl_id, mdtrt_id: '' } }, {});
    if (r.outcome === 'DEFINITE_FAIL' && r.errCode === 'NOT_FOUND') return null;
    return { ...outputOf('5203', r).setlinfo };
  }
}

function diffView(d: DiffRecord): DifferenceView {
  return {
    diff_id: d.diff_id,
    kind: d.kind,
    setl_id: d.setl_id,
    mdtrt_id: d.mdtrt_id,
    psn_no: d.psn_no,
    refd_setl_flag: d.refd_setl_flag,
    local: amountsView(d.local),
    platform: amountsView(d.platform),
    cause: d.cause,
    fixes: d.fixed_action === null ? d.fixes : [],
    fixed:
      d.fixed_action === null || d.fixed_at === null ? null : { action: d.fixed_action, at: chinaDateTime(d.fixed_at) },
  };
}

/**
 * The cashier window's lists: every open visit of a patient (whichever way the HIS made it), the
 * window's settlements of the day (searchable), and one patient's recent settlements. Read-only:
 * nothing here calls the platform or changes a record. Names and ID numbers leave masked (S3);
 * the search itself compares against the unmasked values the store holds.
 */
import type { OpenVisitRowView, SettlementRowView } from '../../shared/ipc/views';
import type { VisitState } from '../../shared/api/views';
import type { InboxItemView } from '../../shared/api/inbox';
import type { SettlementRecord, VisitRecord, VisitRecordState } from '../store/ports/records';
import type { ServiceDeps } from './service-deps';
import type { InboxService } from './inbox-service';
import { RESETTLE_STATES, apiState } from '../domain/settlement-state';
import { chinaDate, chinaDateTime, parseChinaDateTime } from '../../shared/china-time';
import { fenToString, formatMoney, numericText } from '../../shared/money';
import { maskIdNumber, maskName } from '../../shared/redact';

/** Visit records that may still be settled or are being worked on. */
const OPEN_VISIT_STATES: readonly VisitRecordState[] = ['opening', 'open', 'discharged'];
/** Most open visits of one patient listed (a patient has a handful at most). */
const MAX_OPEN_VISITS = 30;
/** Most settlements read for one list before the search filter (a window settles a few hundred a day). */
const MAX_SETTLEMENTS_READ = 2000;
/** Most rows one list answers. */
const MAX_ROWS = 200;
const DAY_MS = 86_400_000;

/** What the settlements list is asked for. */
export interface SettlementQuery {
  /** Name, ID number or settlement number (any part of it); case-insensitive. */
  readonly q?: string | undefined;
  /** Only this person's settlements. */
  readonly psn_no?: string | undefined;
  /** How many China-time days back, today included (1 = today). */
  readonly days: number;
  /** `window` (default): this window's only; `all`: every window's (the caller checked the role). */
  readonly scope?: 'window' | 'all' | undefined;
  /** Only those this operator settled. */
  readonly opter?: string | undefined;
}

export class WindowLists {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly inbox: Pick<InboxService, 'list'>,
  ) {}

  /**
   * Every open visit of the person: inbox bills (waiting or opened), visits opened over the HIS
   * API, and visits whose settlement is unfinished. A settled or cancelled visit is not open.
   */
  async openVisits(q: { psn_no: string; certno?: string | undefined }): Promise<OpenVisitRowView[]> {
    const items = await this.inbox.list({ psn_no: q.psn_no, ...(q.certno ? { certno: q.certno } : {}) });
    const byVisit = new Map<string, InboxItemView>();
    for (const it of items) if (it.visit_id !== null) byVisit.set(it.visit_id, it);
    const rows: OpenVisitRowView[] = [];
    const seen = new Set<string>();
    const visits = await this.deps.store.visits.forPatient(q.psn_no, OPEN_VISIT_STATES, MAX_OPEN_VISITS);
    for (const v of visits) {
      const state = await this.openState(v);
      seen.add(v.visit_id);
      if (state === null) continue;
      rows.push(await this.visitRow(v, state, byVisit.get(v.visit_id) ?? null));
    }
    for (const it of items) {
      const id = it.visit_id ?? it.inbox_id;
      if (seen.has(id) || (it.state !== 'waiting' && it.state !== 'opened')) continue;
      // An opened bill whose visit is not open any more (settled, cancelled) is done; one whose opening
      // failed at the platform can be opened again (InboxService.open), so it is waiting again.
      const behind =
        it.state === 'opened' && it.visit_id !== null ? await this.deps.store.visits.get(it.visit_id) : null;
      if (behind !== null && behind.state !== 'failed') continue;
      seen.add(id);
      rows.push({
        visit_id: id,
        inbox_id: it.inbox_id,
        state: 'waiting',
        kind: it.kind,
        ipt_otp_no: it.ipt_otp_no,
        begntime: it.begntime,
        dept_name: it.dept_name,
        dr_name: it.dr_name,
        dise_name: it.dise_name,
        line_count: it.line_count,
        total: it.total,
      });
    }
    return rows;
  }

  /** The settlements of the last `days` China-time days, newest first, filtered by `q`. */
  async settlements(query: SettlementQuery): Promise<SettlementRowView[]> {
    const now = this.deps.clock.now();
    const midnight = parseChinaDateTime(chinaDate(now)) ?? now - DAY_MS;
    const from = midnight - (query.days - 1) * DAY_MS;
    const windowId = query.scope === 'all' ? undefined : this.deps.windowId;
    const scope = { window_id: windowId, opter: query.opter };
    const records = await this.deps.store.settlements.createdSince(from, MAX_SETTLEMENTS_READ, query.psn_no, scope);
    const needle = (query.q ?? '').trim().toUpperCase();
    const rows: SettlementRowView[] = [];
    const people = new Map<string, { name: string; certno: string }>();
    for (const r of records) {
      if (rows.length >= MAX_ROWS) break;
      let who = people.get(r.psn_no);
      if (!who) {
        const p = await this.deps.store.persons.get(r.psn_no);
        who = {
          name: typeof p?.baseinfo.psn_name === 'string' ? p.baseinfo.psn_name : '',
          certno: typeof p?.baseinfo.certno === 'string' ? p.baseinfo.certno : '',
        };
        people.set(r.psn_no, who);
      }
      if (needle !== '' && !matches(needle, r, who)) continue;
      const visit = await this.deps.store.visits.get(r.visit_id);
      rows.push(settlementRow(r, who, visit));
    }
    return rows;
  }

  /** The visit's state as a row shows it, or null when the visit is not open any more. */
  private async openState(v: VisitRecord): Promise<VisitState | null> {
    const latest = (await this.deps.store.settlements.forVisit(v.visit_id))[0] ?? null;
    if (latest === null || RESETTLE_STATES.includes(latest.state)) {
      return (v.details as { presettlement?: unknown }).presettlement ? 'presettled' : 'open';
    }
    if (latest.state === 'SETTLED' || latest.state === 'CASH_COLLECTED') return null;
    return apiState(latest.state);
  }

  private async visitRow(v: VisitRecord, state: VisitState, item: InboxItemView | null): Promise<OpenVisitRowView> {
    const lines = (await this.deps.store.fees.forVisit(v.visit_id)).filter((l) => l.state !== 'withdrawn');
    const d = v.details as { dept_name?: unknown; dr_name?: unknown };
    return {
      visit_id: v.visit_id,
      inbox_id: item?.inbox_id ?? null,
      state,
      kind: v.kind,
      ipt_otp_no: v.ipt_otp_no,
      begntime: v.begntime,
      dept_name: item?.dept_name ?? (typeof d.dept_name === 'string' ? d.dept_name : null),
      dr_name: item?.dr_name ?? (typeof d.dr_name === 'string' ? d.dr_name : null),
      dise_name: v.dise_name,
      line_count: lines.length,
      total: fenToString(lines.reduce((a, l) => a + l.amount_fen, 0)),
    };
  }
}

/** Whether a settlement matches the search text (already upper case): name, ID number, settlement numbers. */
function matches(needle: string, r: SettlementRecord, who: { name: string; certno: string }): boolean {
  const setlId = typeof r.setlinfo?.setl_id === 'string' ? r.setlinfo.setl_id : '';
  return [who.name, who.certno, setlId, r.settlement_id].some((h) => h !== '' && h.toUpperCase().includes(needle));
}

/**
 * A stored setlinfo amount as a 2-dp string. The store keeps the parsed reply, whose amounts are
 * integer fen (as settlement-views reads them); a decimal string is read as yuan.
 */
function money(info: Readonly<Record<string, unknown>> | null, key: string): string | null {
  const v = info?.[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return fenToString(v);
  const t = numericText(v);
  if (t === null) return null;
  try {
    return formatMoney(t);
  } catch {
    return null;
  }
}

function settlementRow(
  r: SettlementRecord,
  who: { name: string; certno: string },
  v: VisitRecord | null,
): SettlementRowView {
  const state = apiState(r.state);
  const settled = r.state === 'SETTLED' || r.state === 'CASH_COLLECTED';
  return {
    settlement_id: r.settlement_id,
    visit_id: r.visit_id,
    kind: v?.kind ?? (r.infno === '2304' ? 'inpatient' : 'outpatient'),
    psn_name: maskName(who.name),
    certno_masked: who.certno ? maskIdNumber(who.certno) : '',
    setl_id: r.setl_id,
    state,
    settled_at: chinaDateTime(r.created_at),
    medfee_sumamt: money(r.setlinfo, 'medfee_sumamt') ?? fenToString(r.bill_total_fen),
    psn_cash_pay: money(r.setlinfo, 'psn_cash_pay'),
    acct_pay: money(r.setlinfo, 'acct_pay'),
    cancellable: settled,
    reprintable: settled,
    opter: r.opter ?? null,
    window_id: r.window_id ?? null,
  };
}

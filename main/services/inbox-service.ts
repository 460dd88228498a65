/**
 * The HIS inbox: bills the HIS pushes (`POST /api/v1/inbox`) for the cashier to pick at the window,
 * and opening one of them as a visit at the platform (open + upload in one step for the UI).
 */
import type { InboxItemView, InboxPushRequest } from '../../shared/api/inbox';
import type { VisitView } from '../../shared/api/views';
import type { FeeLineRecord, InboxRecord } from '../store/ports/records';
import type { ServiceDeps } from './service-deps';
import type { VisitService } from './visit-service';
import type { FeeLineRequest, UploadFeesRequest } from '../../shared/api/requests';
import type { VisitQuery } from './visit-query';
import { AppError } from '../../shared/errors/app-error';
import { fenToString, formatMoney, parseFen, parseMoney } from '../../shared/money';
import { maskIdNumber } from '../../shared/redact';
import { checkResidentId } from '../../shared/identity/gb11643';
import { chinaDate, chinaDateTime, chinaStamp14 } from '../../shared/china-time';
import { findFeeLineProblem } from '../../shared/fee-line-check';

/** Arguments of opening an inbox item (the credential the patient presented now). */
export interface OpenFromInbox {
  readonly inbox_id: string;
  readonly insutype: string;
  readonly psn_no: string;
  readonly mdtrt_cert_type: '01' | '02' | '03';
  readonly mdtrt_cert_no: string;
  readonly card_sn?: string;
  /** Full self-pay with upload (D-21): the cashier chose it, or the platform refused direct settlement. */
  readonly self_pay?: boolean;
}

/** med_type of a bill made at the window when the caller names none: 普通门诊, 定点药店购药. */
const WINDOW_BILL_MED_TYPE: Readonly<Record<'outpatient' | 'pharmacy', string>> = { outpatient: '11', pharmacy: '41' };

/**
 * Checks the lines of a bill typed or imported at the window before it is stored: distinct
 * `feedetl_sn`, a quantity above 0 (no refund lines in a new bill), and the amount equal to
 * round2(pric × cnt) (D-15 step 1; the platform refuses otherwise, docs/sandbox-policy.md §3). Lines are
 * named by their 1-based position, as the cashier saw them.
 */
function checkWindowBillLines(lines: readonly FeeLineRequest[]): void {
  // A new bill has no refund lines: a negative quantity is refused like a zero one.
  const p = findFeeLineProblem(lines, { allowRefunds: false });
  if (p === null) return;
  const n = p.index + 1;
  const line = lines[p.index];
  const name = line?.name ?? '';
  const detail = { field: p.field, line: n, feedetl_sn: p.feedetl_sn };
  if (p.kind === 'duplicate_sn') {
    throw new AppError('BAD_REQUEST', { message: `第 ${n} 行的明细流水号 ${p.feedetl_sn} 与前面的行重复。`, detail });
  }
  if (p.kind === 'amount_mismatch') {
    const amount = line ? formatMoney(parseMoney(line.det_item_fee_sumamt)) : '';
    throw new AppError('AMOUNT_MISMATCH', {
      message: `第 ${n} 行（${name}）的金额 ${amount} 与“单价×数量”${p.expected ?? ''} 不一致。`,
      hint: '请核对该行的单价、数量和金额后重新生成账单。',
      detail: { ...detail, det_item_fee_sumamt: amount, expected: p.expected },
    });
  }
  throw new AppError('BAD_REQUEST', { message: `第 ${n} 行（${name}）的数量必须大于0。`, detail });
}

/** A bill typed or imported at the window (bridge `createBill`). */
export interface WindowBill {
  readonly kind: 'outpatient' | 'pharmacy';
  readonly med_type?: string | undefined;
  readonly psn_no: string;
  readonly certno?: string | undefined;
  readonly lines: readonly FeeLineRequest[];
  readonly dise_codg?: string | undefined;
  readonly dise_name?: string | undefined;
  readonly dept_name?: string | undefined;
}

export class InboxService {
  /** Counter that keeps window bills made in the same second apart (`ipt_otp_no`). */
  private windowBillSeq = 0;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly visits: VisitService,
    private readonly fees: { upload(visit_id: string, req: UploadFeesRequest): Promise<FeeLineRecord[]> },
    private readonly query: VisitQuery,
  ) {}

  /** Stores a bill pushed by the HIS. */
  async push(req: InboxPushRequest): Promise<InboxItemView> {
    let certno: string | null = null;
    if (req.certno) {
      const id = checkResidentId(req.certno, chinaDate(this.deps.clock.now()));
      if (!id.ok) throw new AppError('BAD_ID_NUMBER', { detail: { field: 'certno', reason: id.reason } });
      certno = id.id;
    }
    if (!certno && !req.psn_no)
      throw new AppError('BAD_REQUEST', {
        message: '需要患者身份证号（certno）或人员编号（psn_no）。',
        detail: { field: 'certno' },
      });
    const record: InboxRecord = {
      inbox_id: this.deps.ids.next(),
      his_visit_id: req.visit_id ?? null,
      visit_id: null,
      kind: req.kind,
      certno,
      psn_no: req.psn_no ?? null,
      payload: { ...req },
      state: 'waiting',
      created_at: this.deps.clock.now(),
    };
    await this.deps.store.inbox.push(record);
    return itemView(record);
  }

  /**
   * A bill typed or imported at the window becomes an inbox bill for the identified patient, so
   * opening it is the inbox flow. Its lines are checked first (AMOUNT_MISMATCH names the line).
   */
  async createWindowBill(a: WindowBill): Promise<InboxItemView> {
    checkWindowBillLines(a.lines);
    const now = this.deps.clock.now();
    this.windowBillSeq = (this.windowBillSeq % 999) + 1;
    return this.push({
      kind: a.kind,
      psn_no: a.psn_no,
      ...(a.certno ? { certno: a.certno } : {}),
      med_type: a.med_type ?? WINDOW_BILL_MED_TYPE[a.kind],
      // YF: made at the window (药房/窗口), then the China-time stamp and the counter.
      ipt_otp_no: `YF${chinaStamp14(now)}${String(this.windowBillSeq).padStart(3, '0')}`,
      begntime: chinaDateTime(now),
      ...(a.dise_codg ? { dise_codg: a.dise_codg } : {}),
      ...(a.dise_name ? { dise_name: a.dise_name } : {}),
      ...(a.dept_name ? { dept_name: a.dept_name } : {}),
      lines: [...a.lines],
    });
  }

  /** Waiting and opened bills of a patient. */
  async list(q: { psn_no?: string; certno?: string }): Promise<InboxItemView[]> {
    if (!q.certno && !q.psn_no) return (await this.deps.store.inbox.listOpen(100)).map(itemView);
    // Bills pushed by ID number belong to the person identified by any medium: match the ID number
    // of the latest identify of this psn_no too (an e-voucher scan shows no ID number at the window).
    const known = q.psn_no ? await this.deps.store.persons.get(q.psn_no) : null;
    const knownCertno = typeof known?.baseinfo.certno === 'string' ? known.baseinfo.certno : null;
    const typed = q.certno && !q.certno.includes('*') ? q.certno.toUpperCase() : null;
    const certno = typed ?? knownCertno;
    return (await this.deps.store.inbox.forPatient({ certno, psn_no: q.psn_no ?? null }, 50)).map(itemView);
  }

  /** Opens the inbox bill at the platform and uploads its lines; an already opened one is just shown. */
  async open(a: OpenFromInbox): Promise<VisitView> {
    const item = await this.deps.store.inbox.get(a.inbox_id);
    if (!item)
      throw new AppError('VISIT_NOT_FOUND', { message: '找不到这张待结算单。', detail: { field: 'inbox_id' } });
    if (item.visit_id) {
      const existing = await this.deps.store.visits.get(item.visit_id);
      if (existing && !['failed', 'cancelled'].includes(existing.state)) return this.query.view(item.visit_id);
    }
    const bill = item.payload as unknown as InboxPushRequest;
    const opened = await this.visits.open(
      {
        kind: bill.kind,
        psn_no: a.psn_no,
        insutype: a.insutype,
        med_type: bill.med_type,
        mdtrt_cert_type: a.mdtrt_cert_type,
        mdtrt_cert_no: a.mdtrt_cert_no,
        ...(a.card_sn ? { card_sn: a.card_sn } : {}),
        ipt_otp_no: bill.ipt_otp_no,
        begntime: bill.begntime,
        ...(bill.dise_codg ? { dise_codg: bill.dise_codg } : {}),
        ...(bill.dise_name ? { dise_name: bill.dise_name } : {}),
        ...(bill.dept_name ? { dept_name: bill.dept_name } : {}),
        ...(bill.dr_name ? { dr_name: bill.dr_name } : {}),
        ...(a.self_pay ? { self_pay: true } : {}),
      },
      item.his_visit_id && !(await this.deps.store.visits.get(item.his_visit_id)) ? item.his_visit_id : undefined,
    );
    await this.deps.store.inbox.setState(item.inbox_id, 'opened', opened.visit_id);
    if (bill.lines.length > 0) await this.fees.upload(opened.visit_id, { lines: bill.lines });
    return this.query.view(opened.visit_id);
  }
}

function itemView(r: InboxRecord): InboxItemView {
  const p = r.payload as unknown as InboxPushRequest;
  const total = p.lines.reduce((a, l) => a + parseFen(l.det_item_fee_sumamt), 0);
  return {
    inbox_id: r.inbox_id,
    visit_id: r.visit_id ?? r.his_visit_id,
    kind: r.kind,
    certno_masked: r.certno ? maskIdNumber(r.certno) : null,
    psn_no: r.psn_no,
    med_type: p.med_type,
    ipt_otp_no: p.ipt_otp_no,
    begntime: p.begntime,
    endtime: p.endtime ?? null,
    dise_codg: p.dise_codg ?? null,
    dise_name: p.dise_name ?? null,
    dept_name: p.dept_name ?? null,
    dr_name: p.dr_name ?? null,
    line_count: p.lines.length,
    total: fenToString(total),
    state: r.state,
  };
}

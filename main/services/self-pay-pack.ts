/**
 * The patient's pack for online manual reimbursement after a full self-pay with upload (D-21,
 * issue 18 item 5): the institution, the visit, the diagnosis, the hospital's receipt number
 * (`invono` the HIS sent with the settle; else the institution's settlement id, the settle's
 * msgid), the platform's `setl_id`, and the uploaded fee list with the platform's split. The
 * patient's name and ID number are masked (shared/redact.ts): the patient claims online with their
 * own account, and the platform finds the visit by `mdtrt_id`/`setl_id`.
 */
import type { ServiceDeps } from './service-deps';
import type { SettlementRecord, VisitRecord } from '../store/ports/records';
import { AppError } from '../../shared/errors/app-error';
import { SELF_PAY_SETLWAY } from '../../shared/dicts/psn-setlway';
import { fenToString } from '../../shared/money';
import { maskIdNumber, maskName } from '../../shared/redact';
import { escapeHtml } from '../../shared/html-escape';
import { REGION_KIND_NAMES } from '../../shared/region';

/** One fee line of the pack. */
export interface PackLine {
  readonly feedetl_sn: string;
  readonly med_list_codg: string;
  readonly name: string;
  readonly cnt: string;
  readonly pric: string;
  readonly amount: string;
  readonly fulamt_ownpay_amt: string;
  readonly inscp_scp_amt: string;
}

/** The pack as data (the HIS API's JSON) — `html` is the printable page. */
export interface SelfPayPack {
  readonly visit_id: string;
  readonly mdtrt_id: string;
  readonly setl_id: string;
  readonly receipt_no: string;
  readonly setl_time: string;
  readonly psn_name: string;
  readonly certno: string;
  readonly region: string;
  readonly diagnoses: readonly { readonly code: string; readonly name: string }[];
  readonly medfee_sumamt: string;
  readonly psn_cash_pay: string;
  readonly lines: readonly PackLine[];
}

const textOf = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const fenOf = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : 0);

/** The settle's request data as journaled (invono, psn_setlway), or {}. */
function journaledData(request: string | undefined): Record<string, unknown> {
  if (!request) return {};
  try {
    const env = JSON.parse(request) as { input?: { data?: Record<string, unknown> } };
    return env.input?.data ?? {};
  } catch {
    return {};
  }
}

export class SelfPayPackService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The pack of a visit settled as full self-pay; VISIT_STATE_CONFLICT when it was not. */
  async pack(visit_id: string): Promise<SelfPayPack> {
    const v = await this.deps.store.visits.get(visit_id);
    if (!v) throw new AppError('VISIT_NOT_FOUND', { detail: { visit_id } });
    const settled = (await this.deps.store.settlements.forVisit(visit_id)).find(
      (s) => (s.state === 'SETTLED' || s.state === 'CASH_COLLECTED') && s.setlinfo,
    );
    const data = settled ? journaledData((await this.deps.store.journal.byMsgid(settled.msgid))?.request) : {};
    if (!settled || data['psn_setlway'] !== (this.deps.selfPaySetlway ?? SELF_PAY_SETLWAY)) {
      throw new AppError('VISIT_STATE_CONFLICT', {
        message: '这次就诊没有按全自费结算，不需要手工报销材料。',
        detail: { visit_id },
      });
    }
    return this.packOf(v, settled, textOf(data['invono']));
  }

  private async packOf(v: VisitRecord, s: SettlementRecord, invono: string): Promise<SelfPayPack> {
    const info = s.setlinfo ?? {};
    const person = await this.deps.store.persons.get(v.psn_no);
    const name = textOf(info['psn_name']) || textOf(person?.baseinfo['psn_name']);
    const certno = textOf(info['certno']) || textOf(person?.baseinfo['certno']);
    const batch = v.kind === 'inpatient' ? null : s.chrg_bchno;
    const lines = (await this.deps.store.fees.forVisit(v.visit_id)).filter(
      (l) => (l.state === 'settled' || l.state === 'uploaded') && (batch === null || l.chrg_bchno === batch),
    );
    const diag = Array.isArray(v.details['diagnoses']) ? (v.details['diagnoses'] as Record<string, unknown>[]) : [];
    const diagnoses =
      diag.length > 0
        ? diag.map((d) => ({ code: textOf(d['diag_code']), name: textOf(d['diag_name']) }))
        : v.dise_codg
          ? [{ code: v.dise_codg, name: v.dise_name ?? '' }]
          : [];
    return {
      visit_id: v.visit_id,
      mdtrt_id: s.mdtrt_id,
      setl_id: s.setl_id ?? '',
      receipt_no: invono || s.msgid,
      setl_time: textOf(info['setl_time']),
      psn_name: maskName(name),
      certno: maskIdNumber(certno),
      region: `${REGION_KIND_NAMES[v.region_kind]} ${v.insuplc_admdvs}`,
      diagnoses,
      medfee_sumamt: fenToString(fenOf(info['medfee_sumamt'])),
      psn_cash_pay: fenToString(fenOf(info['psn_cash_pay'])),
      lines: lines.map((l) => ({
        feedetl_sn: l.feedetl_sn,
        med_list_codg: l.med_list_codg ?? '',
        name: l.name,
        cnt: l.cnt,
        pric: l.pric,
        amount: fenToString(l.amount_fen),
        fulamt_ownpay_amt: textOf(l.platform?.['fulamt_ownpay_amt']),
        inscp_scp_amt: textOf(l.platform?.['inscp_scp_amt']),
      })),
    };
  }
}

/** The pack as a printable page (no script, nothing loaded, every value escaped). */
export function selfPayPackHtml(p: SelfPayPack, institution: string): string {
  const e = escapeHtml;
  const facts: [string, string][] = [
    ['定点医疗机构', institution],
    ['医院收据号', p.receipt_no],
    ['医保就诊ID', p.mdtrt_id],
    ['医保结算ID', p.setl_id],
    ['结算时间', p.setl_time],
    ['姓名', p.psn_name],
    ['证件号码', p.certno],
    ['参保地', p.region],
    ['诊断', p.diagnoses.map((d) => `${d.code} ${d.name}`.trim()).join('；')],
    ['医疗费总额', p.medfee_sumamt],
    ['个人现金支付（全自费）', p.psn_cash_pay],
  ];
  const rows = p.lines
    .map(
      (l) =>
        `<tr><td>${e(l.feedetl_sn)}</td><td>${e(l.med_list_codg)}</td><td>${e(l.name)}</td><td class="n">${e(l.cnt)}</td>` +
        `<td class="n">${e(l.pric)}</td><td class="n">${e(l.amount)}</td><td class="n">${e(l.fulamt_ownpay_amt)}</td><td class="n">${e(l.inscp_scp_amt)}</td></tr>`,
    )
    .join('');
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>异地就医手工报销材料</title>' +
    '<style>body{font-family:"Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:12px;margin:16px}table{border-collapse:collapse;margin:8px 0}' +
    'th,td{border:1px solid #444;padding:2px 4px}td.n{text-align:right}</style></head><body>' +
    '<h1>异地就医费用手工报销材料（全自费，费用明细已上传医保平台）</h1>' +
    `<table>${facts.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>` +
    '<h2>费用明细</h2><table><tr><th>明细流水号</th><th>医保目录编码</th><th>名称</th><th>数量</th><th>单价</th><th>金额</th><th>全自费</th><th>符合政策范围</th></tr>' +
    `${rows}</table><p>请凭本材料通过国家医保服务平台App或参保地经办机构申请手工报销。</p></body></html>`
  );
}

/**
 * The monthly report as one printable HTML page: the summary, the detail list and each per-visit
 * statement on its own printed page. Every value is escaped; the page has no script and loads
 * nothing (it is printed from the browser or saved).
 */
import type { MonthlyReport, Statement } from '../domain/declaration-report';
import { REPORT_AMOUNT_KEYS, REPORT_AMOUNT_TITLES } from '../domain/declaration-report';
import { detailTable, summaryTable, type ReportTable } from './report-tables';
import { escapeHtml } from '../../shared/html-escape';
import { fenToString } from '../../shared/money';
import { REGION_KIND_NAMES } from '../../shared/region';

const STYLE = `body{font-family:"Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:12px;margin:16px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #444;padding:2px 4px;white-space:nowrap}
td.n{text-align:right}h1{font-size:18px}h2{font-size:15px}.statement{page-break-before:always}
@media print{body{margin:0}}`;

function table(t: ReportTable, numericFrom: number): string {
  const head = `<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map(
      (r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<h2>${escapeHtml(t.title)}</h2><table>${head}${body}</table>`;
}

function statement(s: Statement, institution: string): string {
  const r = s.row;
  const facts: [string, string][] = [
    ['定点机构', institution],
    ['结算ID', r.setl_id],
    ['就诊ID', r.mdtrt_id],
    ['结算时间', r.setl_time],
    ['姓名', r.psn_name],
    ['证件号码', r.certno],
    ['参保地', `${REGION_KIND_NAMES[r.region_kind]} ${r.insuplc_admdvs}`],
    ['险种', r.insutype],
    ['医疗类别', r.med_type],
    ['门诊/住院号', r.ipt_otp_no],
    ['就诊时间', [s.begntime, s.endtime ?? ''].filter((x) => x !== '').join(' 至 ')],
    ['诊断', [s.dise_codg ?? '', s.dise_name ?? ''].join(' ').trim()],
  ];
  if (s.cancelled_at !== null) facts.push(['备注', `已撤销 ${s.cancelled_at}`]);
  const factRows = facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const amountRows = REPORT_AMOUNT_KEYS.filter(
    (k) => r.amounts[k] !== 0 || k === 'medfee_sumamt' || k === 'psn_cash_pay',
  )
    .map(
      (k) => `<tr><th>${escapeHtml(REPORT_AMOUNT_TITLES[k])}</th><td class="n">${fenToString(r.amounts[k])}</td></tr>`,
    )
    .join('');
  const fundRows = s.funds
    .map(
      (f) =>
        `<tr><th>${escapeHtml(f.fund_pay_type_name || f.fund_pay_type)}</th><td class="n">${fenToString(f.fund_payamt)}</td></tr>`,
    )
    .join('');
  return (
    `<section class="statement"><h2>医保结算单</h2><table>${factRows}</table><table>${amountRows}</table>` +
    `${fundRows === '' ? '' : `<h3>基金支付明细</h3><table>${fundRows}</table>`}</section>`
  );
}

/** The whole report as HTML text. */
export function reportToHtml(r: MonthlyReport, institution: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(`${r.month} 医保月度申报`)}</title>` +
    `<style>${STYLE}</style></head><body><h1>${escapeHtml(`${institution} ${r.month} 医保月度申报`)}</h1>` +
    `${table(summaryTable(r), 5)}${table(detailTable(r), 12)}${r.statements.map((s) => statement(s, institution)).join('')}</body></html>`
  );
}

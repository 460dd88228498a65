/**
 * The day-close report for finance (issue 18 item 2): one day's settlement rows as the adapter
 * reconciles them (settles and cancels dated by the platform's setl_time), totals by insutype ×
 * clr_type × setl_optins and overall, and the day's reconciliation result. Totals are sums of the
 * same rows the reconciliation sends, so they equal the journal's. Printable HTML and CSV.
 *
 * The report leaves the site (finance, the agency), so personal data goes through the export
 * redactor (S3): the person number (`psn_no`) of each row and difference is masked. Finance
 * reconciles by the platform's settlement and visit numbers (`setl_id`, `mdtrt_id`), which stay.
 */
import { fenToString } from '../../shared/money';
import { groupTotals, sortRows, totalsOf, type GroupTotals, type ReconRow } from '../domain/reconciliation-rows';
import type { ReconciliationView } from '../../shared/api/reconciliation';
import { redactForExport } from '../../shared/redact';

/** A personal-data field's value as the export redactor masks it (`psn_no` → `***`). */
function exportMasked(key: 'psn_no', value: string): string {
  const out = JSON.parse(redactForExport({ [key]: value })) as Record<string, unknown>;
  return typeof out[key] === 'string' ? out[key] : '***';
}

/** The report's data. */
export interface DayCloseReport {
  readonly stmt_date: string;
  readonly institution: { readonly fixmedins_code: string; readonly fixmedins_name: string };
  readonly rows: readonly ReconRow[];
  readonly groups: readonly GroupTotals[];
  readonly total: GroupTotals;
  /** The day's newest reconciliation, or null when none ran. */
  readonly reconciliation: ReconciliationView | null;
}

/** Builds the report from the day's rows. */
export function dayCloseReport(
  stmt_date: string,
  institution: DayCloseReport['institution'],
  rows: readonly ReconRow[],
  reconciliation: ReconciliationView | null,
): DayCloseReport {
  return {
    stmt_date,
    institution,
    rows: sortRows(rows).map((r) => ({ ...r, psn_no: exportMasked('psn_no', r.psn_no) })),
    groups: groupTotals(rows),
    total: totalsOf({ insutype: '', clr_type: '', setl_optins: '' }, rows),
    reconciliation:
      reconciliation === null
        ? null
        : {
            ...reconciliation,
            differences: reconciliation.differences.map((d) => ({ ...d, psn_no: exportMasked('psn_no', d.psn_no) })),
          },
  };
}

const STATE_WORDS: Readonly<Record<string, string>> = {
  balanced: '已平',
  unbalanced: '不平',
  running: '对账中',
  failed: '对账失败',
};

/** Column headers of the CSV and the HTML detail table. */
export const REPORT_COLUMNS = [
  'setl_id',
  'mdtrt_id',
  'psn_no',
  'insutype',
  'clr_type',
  'setl_optins',
  'refd_setl_flag',
  'medfee_sumamt',
  'fund_pay_sumamt',
  'acct_pay',
  'psn_cash_pay',
] as const;

const money = (r: {
  medfee_sumamt: number;
  fund_pay_sumamt: number;
  acct_pay: number;
  psn_cash_pay: number;
}): string[] => [
  fenToString(r.medfee_sumamt),
  fenToString(r.fund_pay_sumamt),
  fenToString(r.acct_pay),
  fenToString(r.psn_cash_pay),
];

function csvCell(v: string): string {
  // A leading = + - @ would be read as a formula by spreadsheets; amounts are exempt (they are numbers).
  const safe = /^[=+\-@]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV (UTF-8 with BOM, so Excel reads the Chinese): detail rows, then group totals, then the day total. */
export function dayCloseCsv(r: DayCloseReport): string {
  const lines: string[][] = [[...REPORT_COLUMNS]];
  for (const x of r.rows)
    lines.push([x.setl_id, x.mdtrt_id, x.psn_no, x.insutype, x.clr_type, x.setl_optins, x.refd_setl_flag, ...money(x)]);
  lines.push([]);
  lines.push([
    '小计',
    '',
    '笔数',
    'insutype',
    'clr_type',
    'setl_optins',
    '',
    'medfee_sumamt',
    'fund_pay_sumamt',
    'acct_pay',
    'psn_cash_pay',
  ]);
  for (const g of r.groups)
    lines.push(['小计', '', String(g.count), g.insutype, g.clr_type, g.setl_optins, '', ...money(g)]);
  lines.push(['合计', '', String(r.total.count), '', '', '', '', ...money(r.total)]);
  const state = r.reconciliation === null ? '未对账' : (STATE_WORDS[r.reconciliation.state] ?? r.reconciliation.state);
  lines.push(['对账结果', state, r.reconciliation?.recon_id ?? '']);
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The printable HTML (self-contained, no scripts, prints on A4). */
export function dayCloseHtml(r: DayCloseReport): string {
  const row = (cells: readonly string[], tag = 'td'): string =>
    `<tr>${cells.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`;
  const state = r.reconciliation === null ? '未对账' : (STATE_WORDS[r.reconciliation.state] ?? r.reconciliation.state);
  const diffs = r.reconciliation?.differences ?? [];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>日结报表 ${esc(r.stmt_date)}</title>
<style>@page{size:A4;margin:12mm}body{font:12px sans-serif}table{border-collapse:collapse;width:100%;margin:8px 0}
td,th{border:1px solid #888;padding:2px 4px}td.n,th.n{text-align:right}h1{font-size:16px}</style></head><body>
<h1>${esc(r.institution.fixmedins_name)}（${esc(r.institution.fixmedins_code)}）医保结算日结报表 ${esc(r.stmt_date)}</h1>
<p>对账结果：<b id="recon-state">${esc(state)}</b>${r.reconciliation ? `（${esc(r.reconciliation.recon_id)}）` : ''}；未处理差异 ${diffs.filter((d) => d.fixed === null).length} 条</p>
<h2>汇总</h2><table id="groups">${row(['险种', '清算类别', '经办机构', '笔数', '医疗费总额', '基金支付', '个人账户', '现金支付'], 'th')}
${r.groups.map((g) => row([g.insutype, g.clr_type, g.setl_optins, String(g.count), ...money(g)])).join('\n')}
${row(['合计', '', '', String(r.total.count), ...money(r.total)])}</table>
<h2>明细</h2><table id="rows">${row(['结算ID', '就诊ID', '人员编号', '险种', '清算类别', '经办机构', '退费标志', '医疗费总额', '基金支付', '个人账户', '现金支付'], 'th')}
${r.rows.map((x) => row([x.setl_id, x.mdtrt_id, x.psn_no, x.insutype, x.clr_type, x.setl_optins, x.refd_setl_flag === '1' ? '撤销' : '结算', ...money(x)])).join('\n')}</table>
${diffs.length > 0 ? `<h2>对账差异</h2><table id="diffs">${row(['差异', '类型', '结算ID', '原因', '处理'], 'th')}${diffs.map((d) => row([d.diff_id, d.kind, d.setl_id, d.cause, d.fixed?.action ?? '未处理'])).join('')}</table>` : ''}
</body></html>`;
}

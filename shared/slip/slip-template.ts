/**
 * Settlement slips from a template the hospital may edit (issue 18 item 4): HTML with `{{name}}`
 * placeholders. A template is validated before it is saved — bounded size, only the placeholders
 * of `SLIP_PLACEHOLDERS`, no script, no event handler, no external URL or resource — and rendered
 * by replacing each placeholder with escaped text (the table placeholders with rows built here,
 * their cells escaped). Data never becomes markup, so a validated template prints only figures.
 */
import { escapeHtml } from '../html-escape';

/** Largest template accepted, in UTF-16 code units (a slip is a page; 32 KiB is plenty). */
export const MAX_SLIP_TEMPLATE_CHARS = 32_768;

/** Every placeholder a template may use, with its meaning (shown to IT when editing). */
export const SLIP_PLACEHOLDERS = {
  institution: '定点医药机构名称',
  title_mark: '标题后缀：补打时为“（补打）”，否则为空',
  reprint_note: '补打说明（补打时才有）',
  training_note: '培训模式提示（培训模式才有）',
  cross_region_mark: '异地标记：省内异地/跨省异地时为“【省内异地】/【跨省异地】”，本地为空',
  kind: '就诊类别（门诊/住院/药店购药）',
  ipt_otp_no: '门诊/住院号',
  psn_name: '姓名（已遮盖）',
  region_kind: '参保地类别（本地/省内异地/跨省异地）',
  insuplc: '参保地',
  setl_id: '结算号',
  setl_time: '结算时间',
  state: '结算状态',
  medfee_sumamt: '医疗费总额',
  fulamt_ownpay_amt: '全自费',
  overlmt_selfpay: '超限价自费',
  preselfpay_amt: '先行自付',
  inscp_scp_amt: '符合政策范围',
  fund_pay_sumamt: '基金支付合计',
  acct_pay: '个人账户支付',
  psn_cash_pay: '个人现金支付',
  balc: '个人账户余额',
  fee_categories: '费用分类表行（D-16，十四大类中有金额的类别）',
  funds: '各基金支付表行（一站式：基本医疗、大病保险、医疗救助等分列，D-17）',
  figures_note: '金额勾稽提示（平台金额不一致时才有）',
} as const;

export type SlipPlaceholder = keyof typeof SLIP_PLACEHOLDERS;

/** The template as the bridge answers it. */
export interface SlipTemplateView {
  readonly template: string;
  /** True when the hospital saved its own; false for the product's default. */
  readonly custom: boolean;
  /** Allowed placeholders and their meaning. */
  readonly placeholders: Readonly<Record<string, string>>;
}

/** Placeholders whose value is table rows built by `renderSlip` (everything else is escaped text). */
const ROW_PLACEHOLDERS: ReadonlySet<string> = new Set(['fee_categories', 'funds']);

/** The values of one slip: text for each placeholder; rows for the two tables. */
export interface SlipData {
  readonly text: Readonly<Record<Exclude<SlipPlaceholder, 'fee_categories' | 'funds'>, string>>;
  readonly fee_categories: readonly { readonly name: string; readonly amount: string }[];
  readonly funds: readonly { readonly name: string; readonly amount: string }[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** What makes a template unsafe, with the Chinese reason (checked case-insensitively). */
const FORBIDDEN: readonly (readonly [RegExp, string])[] = [
  [/<\s*script/i, '不能包含脚本（script）'],
  [
    /<\s*(iframe|frame|object|embed|link|base|form|svg|math|template)\b/i,
    '不能包含 iframe、object、embed、link、base、form、svg 等元素',
  ],
  [/<\s*meta\b[^>]*http-equiv/i, '不能包含 meta http-equiv'],
  [/\son[a-z]+\s*=/i, '不能包含事件属性（如 onclick、onload）'],
  [/javascript\s*:|vbscript\s*:/i, '不能包含 javascript: 地址'],
  [/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,30}:\/\//i, '不能引用外部网址（http://、https:// 等）'],
  [/(?:src|href|action|srcset|background|poster)\s*=\s*["']?\s*\/\//i, '不能引用外部网址（//开头）'],
  [/(?:src|href|action|srcset|background|poster)\s*=/i, '不能引用图片、链接等外部资源（src、href）'],
  [/url\s*\(|@import|expression\s*\(/i, '样式中不能引用外部资源（url()、@import）'],
];

/** The problems of a template (empty when it may be saved). Each names what is wrong, never echoing content. */
export function slipTemplateProblems(template: string): string[] {
  const problems: string[] = [];
  if (template.length === 0) problems.push('模板为空');
  if (template.length > MAX_SLIP_TEMPLATE_CHARS) problems.push(`模板过大（上限 ${MAX_SLIP_TEMPLATE_CHARS} 个字符）`);
  for (const [re, why] of FORBIDDEN) if (re.test(template)) problems.push(why);
  const unknown = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (!Object.hasOwn(SLIP_PLACEHOLDERS, name)) unknown.add(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  }
  if (unknown.size > 0) problems.push(`未知的占位符：${[...unknown].slice(0, 10).join('、')}`);
  // A stray `{{` that is not a placeholder would print as is: refuse it so typos show at once.
  if (template.replace(PLACEHOLDER, '').includes('{{')) problems.push('有不完整的占位符（“{{”未闭合或名称含非法字符）');
  return problems;
}

function rows(items: readonly { readonly name: string; readonly amount: string }[]): string {
  return items
    .map((r) => `<tr><th>${escapeHtml(r.name)}</th><td class="amount">${escapeHtml(r.amount)}</td></tr>`)
    .join('');
}

/** The slip: each placeholder replaced by its escaped value (unknown ones cannot occur in a validated template; they print empty). */
export function renderSlip(template: string, data: SlipData): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    if (ROW_PLACEHOLDERS.has(name)) return rows(name === 'funds' ? data.funds : data.fee_categories);
    return Object.hasOwn(data.text, name) ? escapeHtml(data.text[name as keyof SlipData['text']]) : '';
  });
}

/** The template shipped with the product (used until the hospital saves its own). */
export const DEFAULT_SLIP_TEMPLATE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>结算单</title>
<style>
body{font-family:"Microsoft YaHei","Noto Sans CJK SC",sans-serif;font-size:13px;margin:12px;color:#000}
h1{font-size:17px;margin:0 0 6px}.mark{font-weight:bold}table{border-collapse:collapse;margin:6px 0;min-width:60%}
th,td{border:1px solid #333;padding:2px 6px;text-align:left}td.amount{text-align:right}.note{font-size:12px}
</style></head><body>
<h1>{{institution}} 医保结算单{{title_mark}} <span class="mark">{{cross_region_mark}}</span></h1>
<p class="note">{{training_note}}</p>
<p>{{kind}} · 就诊号 {{ipt_otp_no}} · {{psn_name}} · {{region_kind}} · 参保地 {{insuplc}}</p>
<p>结算号 {{setl_id}} · 结算时间 {{setl_time}} · 状态 {{state}}</p>
<h2>费用分类</h2>
<table><tbody>{{fee_categories}}</tbody></table>
<h2>费用构成</h2>
<table><tbody>
<tr><th>医疗费总额</th><td class="amount">{{medfee_sumamt}}</td></tr>
<tr><th>全自费</th><td class="amount">{{fulamt_ownpay_amt}}</td></tr>
<tr><th>超限价自费</th><td class="amount">{{overlmt_selfpay}}</td></tr>
<tr><th>先行自付</th><td class="amount">{{preselfpay_amt}}</td></tr>
<tr><th>符合政策范围</th><td class="amount">{{inscp_scp_amt}}</td></tr>
</tbody></table>
<h2>一站式结算（各项基金支付）</h2>
<table><tbody>{{funds}}
<tr><th>基金支付合计</th><td class="amount">{{fund_pay_sumamt}}</td></tr>
<tr><th>个人账户支付（不属基金支付）</th><td class="amount">{{acct_pay}}</td></tr>
<tr><th>个人现金支付</th><td class="amount">{{psn_cash_pay}}</td></tr>
<tr><th>个人账户余额</th><td class="amount">{{balc}}</td></tr>
</tbody></table>
<p class="note">{{figures_note}}</p>
<p class="note">{{reprint_note}}</p>
<p>患者签字：__________ 收费员：__________</p>
</body></html>
`;

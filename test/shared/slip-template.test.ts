/**
 * Slip templates (issue 18 item 4): what may be saved (placeholders known, no script, no external
 * URL, bounded size) and what a slip shows — masked name, fee categories (D-16), each fund of the
 * one-stop settlement (D-17), account and cash, cross-region marking and 补打 on a reprint — with
 * every value escaped.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_SLIP_TEMPLATE,
  MAX_SLIP_TEMPLATE_CHARS,
  renderSlip,
  slipTemplateProblems,
  type SlipData,
} from '../../shared/slip/slip-template';
import { feeCategories, slipDataOf } from '../../shared/slip/slip-data';
import { SLIP_VISIT, slipInput } from '../support/slip-fixture';

describe('validation when saved', () => {
  it("accepts the default template and a hospital's own with known placeholders", () => {
    expect(slipTemplateProblems(DEFAULT_SLIP_TEMPLATE)).toEqual([]);
    expect(
      slipTemplateProblems(
        '<h1>{{institution}}</h1><p style="color:red">{{ psn_cash_pay }}</p><table>{{funds}}</table>',
      ),
    ).toEqual([]);
  });

  it.each([
    ['<p>{{patient_full_name}}</p>', '未知的占位符：patient_full_name'],
    ['<script>alert(1)</script>', '不能包含脚本（script）'],
    ['<p onclick="x()">{{setl_id}}</p>', '不能包含事件属性（如 onclick、onload）'],
    ['<a href="javascript:void(0)">x</a>', '不能包含 javascript: 地址'],
    ['<img src="https://evil.example/x.png">', '不能引用外部网址（http://、https:// 等）'],
    ['<img src="//evil.example/x.png">', '不能引用外部网址（//开头）'],
    ['<img src="logo.png">', '不能引用图片、链接等外部资源（src、href）'],
    ['<style>body{background:url(x.png)}</style>', '样式中不能引用外部资源（url()、@import）'],
    ['<iframe></iframe>', '不能包含 iframe、object、embed、link、base、form、svg 等元素'],
    ['<meta http-equiv="refresh" content="0">', '不能包含 meta http-equiv'],
    ['<p>{{setl_id}</p>', '有不完整的占位符（“{{”未闭合或名称含非法字符）'],
    ['', '模板为空'],
  ])('refuses %s', (template, problem) => {
    expect(slipTemplateProblems(template)).toContain(problem);
  });

  it('bounds the size', () => {
    expect(slipTemplateProblems('x'.repeat(MAX_SLIP_TEMPLATE_CHARS))).toEqual([]);
    expect(slipTemplateProblems('x'.repeat(MAX_SLIP_TEMPLATE_CHARS + 1))).toContain(
      `模板过大（上限 ${MAX_SLIP_TEMPLATE_CHARS} 个字符）`,
    );
  });
});

describe('what a slip shows', () => {
  it('fee categories (D-16) add up to the bill: 检查费 280.00 + 化验费 85.00', () => {
    expect(feeCategories(SLIP_VISIT)).toEqual([
      { name: '检查费', amount: '280.00' },
      { name: '化验费', amount: '85.00' },
    ]);
  });

  it('one-stop funds each on a row (D-17), cash, cross-region mark; 补打 only on a reprint', () => {
    const first = renderSlip(DEFAULT_SLIP_TEMPLATE, slipDataOf(slipInput(false)));
    expect(first).toContain('<tr><th>城乡居民基本医疗保险基金</th><td class="amount">41.65</td></tr>');
    expect(first).toContain('<tr><th>医疗救助基金</th><td class="amount">194.15</td></tr>');
    expect(first).toContain('<tr><th>基金支付合计</th><td class="amount">235.80</td></tr>');
    expect(first).toContain('<tr><th>个人现金支付</th><td class="amount">129.20</td></tr>');
    expect(first).toContain('<tr><th>检查费</th><td class="amount">280.00</td></tr>');
    expect(first).toContain('【跨省异地】');
    expect(first).toContain('王**');
    expect(first).not.toContain('补打');
    const again = renderSlip(DEFAULT_SLIP_TEMPLATE, slipDataOf(slipInput(true)));
    expect(again).toContain('医保结算单（补打）');
    expect(again).toContain('补打：本单为重新打印');
    const local = renderSlip(
      DEFAULT_SLIP_TEMPLATE,
      slipDataOf(slipInput(false, { visit: { ...SLIP_VISIT, region_kind: 'local' } })),
    );
    expect(local).not.toContain('【');
  });

  it('data never becomes markup, whatever it holds', () => {
    const base = slipDataOf(slipInput(false));
    const tags = (html: string): number => (html.match(/</g) ?? []).length;
    const plain = tags(renderSlip(DEFAULT_SLIP_TEMPLATE, base));
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const data: SlipData = {
          ...base,
          text: { ...base.text, psn_name: a, ipt_otp_no: b, setl_id: `${a}<script>${b}` },
          funds: base.funds.map((f) => ({ ...f, name: a })),
          fee_categories: base.fee_categories.map((c) => ({ ...c, amount: b })),
        };
        const html = renderSlip(DEFAULT_SLIP_TEMPLATE, data);
        expect(tags(html)).toBe(plain);
        expect(html).not.toMatch(/<script/i);
      }),
    );
  });
});

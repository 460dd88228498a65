/**
 * Slips in real Chromium (issue 18 item 4): the default template and a hospital's own, rendered
 * with a one-stop cross-region settlement, screenshotted to test-artifacts/ui/, and printed to PDF
 * (`page.pdf()`, the same Chromium engine as Electron's printToPDF). The PDF's text — extracted
 * with pdftotext (Debian poppler-utils) — carries the figures, the cross-region mark and 补打.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, screenshot } from './harness';
import { DEFAULT_SLIP_TEMPLATE, renderSlip, slipTemplateProblems } from '../../shared/slip/slip-template';
import { slipDataOf } from '../../shared/slip/slip-data';
import { slipInput } from '../support/slip-fixture';
import { REPO_ROOT } from '../support/sandbox-process';

const PDFTOTEXT = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p)) ?? null;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const HOSPITAL_TEMPLATE = `<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC",sans-serif}
.big{font-size:20px;font-weight:bold}</style></head><body><h1>{{institution}}{{title_mark}}</h1><p class="big">{{cross_region_mark}} 应收现金 {{psn_cash_pay}} 元</p>
<p>{{psn_name}} {{kind}} {{ipt_otp_no}} 结算号 {{setl_id}}</p><table>{{fee_categories}}</table><table>{{funds}}</table><p>{{reprint_note}}</p></body></html>`;

async function pdfText(html: string, name: string): Promise<string> {
  const page = await browser.context.newPage();
  await page.setContent(html);
  await screenshot(page, name);
  const pdf = await page.pdf({ format: 'A5', printBackground: true });
  await page.close();
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const dir = join(REPO_ROOT, 'test-artifacts', 'ui');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  if (PDFTOTEXT === null) throw new Error('pdftotext is missing: apt-get install -y poppler-utils');
  return execFileSync(PDFTOTEXT, ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('slips in Chromium, screenshot and PDF', () => {
  it('the default template: one-stop funds, categories, cash, cross-region mark; the PDF text has the figures', async () => {
    const text = await pdfText(renderSlip(DEFAULT_SLIP_TEMPLATE, slipDataOf(slipInput(false))), 'slip-default');
    for (const s of [
      '开封市示范第一医院',
      '【跨省异地】',
      'S202611200001',
      '365.00',
      '280.00',
      '85.00',
      '41.65',
      '194.15',
      '235.80',
      '129.20',
      '医疗救助基金',
      '王**',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toContain('补打');
  });

  it("a reprint is marked 补打; a hospital's own template prints its layout with the same figures", async () => {
    expect(slipTemplateProblems(HOSPITAL_TEMPLATE)).toEqual([]);
    const reprint = await pdfText(renderSlip(DEFAULT_SLIP_TEMPLATE, slipDataOf(slipInput(true))), 'slip-reprint');
    expect(reprint).toContain('医保结算单（补打）');
    expect(reprint).toContain('补打：本单为重新打印');
    const own = await pdfText(renderSlip(HOSPITAL_TEMPLATE, slipDataOf(slipInput(false))), 'slip-hospital-template');
    expect(own).toMatch(/【跨省异地】\s*应收现金\s*129\.20\s*元/);
    expect(own).toContain('194.15');
  });
});

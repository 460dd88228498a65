/**
 * Bills made at the window (F3), end to end in real Chromium against `serve --training`: lines
 * typed at a pharmacy counter with the keyboard only, and a CSV bill file imported at the hospital
 * (a bad file first: nothing imported, errors by row). Each new bill appears in the visit list,
 * opens like an inbox bill and is settled. Figures are worked out by hand from
 * sandbox/scenarios/demo.json and docs/sandbox-policy.md §3–§4.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHROMIUM, amountOf, collectProblems, identify, screenshot, useCashierWindow } from './harness';

const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** The id of the focused element. */
async function focused(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
}

/** Types `text` into the focused field (if any) and presses Enter. */
async function typeEnter(page: Page, text: string): Promise<void> {
  if (text !== '') await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Waits for the badge to read `state`; an error banner on the way fails at once with its text. */
async function expectState(page: Page, state: string): Promise<void> {
  const banner = page.getByTestId('error-banner');
  await Promise.race([page.locator(`[data-testid="state-badge"][data-state="${state}"]`).waitFor(), banner.waitFor()]);
  if ((await banner.count()) > 0)
    throw new Error(
      `expected state ${state}, got error ${await banner.getAttribute('data-code')}: ${await banner.textContent()}`,
    );
}

/** Waits for `n` fee lines of the opened bill; an error banner fails at once. */
async function expectFeeLines(page: Page, n: number): Promise<void> {
  const banner = page.getByTestId('error-banner');
  await Promise.race([
    page
      .getByTestId('fee-line')
      .nth(n - 1)
      .waitFor(),
    banner.waitFor(),
  ]);
  if ((await banner.count()) > 0)
    throw new Error(`the bill did not open: ${await banner.getAttribute('data-code')}: ${await banner.textContent()}`);
  expect(await page.getByTestId('fee-line').count()).toBe(n);
}

/** Settles the open visit with F6 and Enter on the confirmation. */
async function settle(page: Page): Promise<void> {
  await page.keyboard.press('F6');
  await page.getByTestId('confirm-button').waitFor();
  await page.keyboard.press('Enter');
  await expectState(page, 'settled');
}

/** The result's funds as [fund_pay_type, amount]. */
/** One [fund_pay_type, amount] per `result-fund`, by fund type (the account line is shown apart from the fund lines). */
async function funds(page: Page): Promise<(string | null)[][]> {
  const rows = await page
    .getByTestId('result-fund')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-fund-pay-type'), e.getAttribute('data-amount')]));
  return rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe.skipIf(!HAVE_CHROMIUM)('bill entry at a pharmacy counter (typed lines)', () => {
  const env = useCashierWindow(['--institution', 'P41020200105']);

  it('types two lines with the keyboard, creates the bill and settles it from the account', async () => {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    // 郑红梅 by her ID number: 310 retired, insured 430100, long-term registration in 410200, account 5200.00.
    await identify(page, '430102195001250839');
    await page.getByTestId('patient-panel').waitFor();
    await page.getByTestId('visit-row').first().waitFor();
    const rowsBefore = await page.getByTestId('visit-row').count();

    await page.keyboard.press('F3');
    await page.getByTestId('bill-entry').waitFor();
    expect(await page.getByTestId('bill-entry-kind').inputValue()).toBe('pharmacy');
    expect(await focused(page)).toBe('bill-entry-code');
    // Line 1: national code, (no hospital code), name, quantity, unit price; Enter on the price adds a row.
    await typeEnter(page, 'XJ01CRA137A001010100788');
    await typeEnter(page, '');
    await typeEnter(page, '阿莫西林胶囊');
    await typeEnter(page, '2');
    await typeEnter(page, '15.20');
    expect(await page.getByTestId('bill-entry-row').count()).toBe(2);
    expect(await focused(page)).toBe('bill-entry-code');
    await typeEnter(page, 'XN02BEA011A001010100321');
    await typeEnter(page, '');
    await typeEnter(page, '对乙酰氨基酚片');
    await typeEnter(page, '1');
    await typeEnter(page, '8.40');
    // A mistyped third row goes with Ctrl+Delete; the focus returns to line 2.
    await page.keyboard.type('oops');
    expect(await page.getByTestId('bill-entry-row').count()).toBe(3);
    await page.keyboard.press('Control+Delete');
    expect(await page.getByTestId('bill-entry-row').count()).toBe(2);
    expect(
      await page
        .getByTestId('bill-entry-code')
        .nth(1)
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    // 15.20 × 2 = 30.40, 8.40 × 1 = 8.40, total 38.80 (decimals, shown as ¥).
    expect(
      await page.getByTestId('bill-entry-amount').evaluateAll((els) => els.map((e) => e.getAttribute('data-amount'))),
    ).toEqual(['30.40', '8.40']);
    expect(await page.getByTestId('bill-entry-total').textContent()).toBe('¥38.80');
    // Through line 2 again to a new empty row, where Enter goes to "生成账单", and Enter presses it.
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Enter');
    expect(await page.getByTestId('bill-entry-row').count()).toBe(3);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('bill-entry-submit');
    await screenshot(page, 'pharmacy-typed-entry');
    await page.keyboard.press('Enter');

    await expectFeeLines(page, 2);
    expect(await page.getByTestId('bill-entry').count()).toBe(0);
    expect(await page.getByTestId('visit-row').count()).toBe(rowsBefore + 1);
    const created = page.locator('[data-testid="visit-row"].active');
    expect(await created.getAttribute('data-kind')).toBe('pharmacy');
    expect(await created.locator('.no').textContent()).toMatch(/^YF\d{17}$/);
    expect(await page.getByTestId('bill-total').getAttribute('data-amount')).toBe('38.80');
    expect(await page.getByTestId('state-badge').getAttribute('data-state')).toBe('open');
    expect(await page.getByTestId('acct-toggle').isChecked()).toBe(true);

    await settle(page);
    // Pharmacy: ratio 0 (policy 430100/310), so the person's part is the whole 38.80, all from
    // the account (5200.00 → 5161.20), no cash (docs/sandbox-policy.md §4 steps 1, 6, 7).
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('38.80');
    expect(await amountOf(page, 'result-fund_pay_sumamt')).toBe('0.00');
    expect(await amountOf(page, 'result-acct_pay')).toBe('38.80');
    expect(await amountOf(page, 'result-psn_cash_pay')).toBe('0.00');
    expect(await page.getByTestId('result-psn_cash_pay').textContent()).toBe('¥0.00');
    expect(await amountOf(page, 'result-balc')).toBe('5161.20');
    expect(await funds(page)).toEqual([['310200', '38.80']]);
    await screenshot(page, 'pharmacy-typed');
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('bill entry at the hospital (CSV file import)', () => {
  const env = useCashierWindow();

  const HEADER = 'feedetl_sn,med_list_codg,medins_list_codg,name,cnt,pric,det_item_fee_sumamt';
  const csvFile = (name: string, rows: readonly string[]) => ({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8'),
  });

  it('refuses a bad file whole, then imports a good one and settles it', async () => {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    // 刘洋: 310 in service, insured 410200 (local at 410202), account 2210.00, nothing used this year.
    await identify(page, '410202198305090198');
    await page.getByTestId('patient-panel').waitFor();
    await page.getByTestId('bill-entry-open').click();
    await page.getByTestId('bill-entry').waitFor();
    expect(await page.getByTestId('bill-entry-kind').inputValue()).toBe('outpatient');

    // Row 3's amount is not 20.00 × 1 and row 4 has no name: nothing is imported.
    await page
      .getByTestId('bill-entry-file')
      .setInputFiles(
        csvFile('bad.csv', [
          'LY-1,002104000010000,CT-64,64排CT平扫,1,280.00,280.00',
          'LY-2,002201000020000,,血常规,1,20.00,20.01',
          'LY-3,001101000030000,,,1,5,',
        ]),
      );
    await page.getByTestId('bill-entry-errors').waitFor();
    expect(await page.getByTestId('bill-entry-errors').locator('li').allTextContents()).toEqual([
      '第 3 行：金额 20.01 与“单价×数量”20.00 不一致',
      '第 4 行：缺少项目名称',
    ]);
    expect(await page.getByTestId('error-banner').getAttribute('data-code')).toBe('BILL_FILE_REJECTED');
    expect(await page.getByTestId('error-banner').textContent()).toContain('收费员');
    expect(await page.getByTestId('bill-entry-row').count()).toBe(1);
    expect(await page.getByTestId('bill-entry-code').inputValue()).toBe('');
    await screenshot(page, 'bill-import-rejected');

    await page
      .getByTestId('bill-entry-file')
      .setInputFiles(
        csvFile('liuyang-bill.csv', [
          'LY-1,002104000010000,CT-64,64排CT平扫,1,280.00,280.00',
          'LY-2,002201000020000,,"血常规,五分类",1,20.00,',
          ',XC09CAL016A001010101234,YP-1234,"厄贝沙坦片 ""0.15g*7片""",2,18.60,37.20',
          'LY-4,001101000030000,GH-01,挂号费,1,5,5.00',
        ]),
      );
    await page.locator('[data-testid="bill-entry-row"][data-row="4"]').waitFor();
    expect(await page.getByTestId('bill-entry-errors').count()).toBe(0);
    expect(await page.getByTestId('bill-entry-name').nth(2).inputValue()).toBe('厄贝沙坦片 "0.15g*7片"');
    expect(await page.getByTestId('bill-entry-total').getAttribute('data-amount')).toBe('342.20');
    expect(await focused(page)).toBe('bill-entry-submit');
    await page.keyboard.press('Enter');

    await expectFeeLines(page, 4);
    const sns = await page
      .getByTestId('fee-line')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-feedetl-sn') ?? ''));
    expect(sns.filter((s) => s.startsWith('LY-')).sort()).toEqual(['LY-1', 'LY-2', 'LY-4']);
    expect(sns.filter((s) => /^\d{21}$/.test(s))).toHaveLength(1);
    expect(await page.locator('[data-testid="visit-row"].active').getAttribute('data-kind')).toBe('outpatient');
    expect(await page.getByTestId('bill-total').getAttribute('data-amount')).toBe('342.20');

    await settle(page);
    // Lines (catalog 410200): CT 280.00 乙 cap 260 → overlmt 20.00, preselfpay 26.00, in scope 234.00;
    // 血常规 20.00 甲; 厄贝沙坦 37.20 甲; 挂号费 5.00 丙 (self-paid). In scope 291.20.
    // Outpatient, level 3: deductible 200.00 → basic = round2(91.20 × 0.50) = 45.60 (310100).
    // Person 342.20 − 45.60 = 296.60, all from the account (2210.00 → 1913.40), no cash.
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('342.20');
    expect(await amountOf(page, 'result-fund_pay_sumamt')).toBe('45.60');
    expect(await amountOf(page, 'result-acct_pay')).toBe('296.60');
    expect(await amountOf(page, 'result-psn_cash_pay')).toBe('0.00');
    expect(await amountOf(page, 'result-balc')).toBe('1913.40');
    expect(await funds(page)).toEqual([
      ['310100', '45.60'],
      ['310200', '296.60'],
    ]);
    await screenshot(page, 'bill-imported');
    expect(problems).toEqual([]);
  });
});

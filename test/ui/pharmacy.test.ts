/**
 * A pharmacy counter (training as the demo pharmacy P41020200105): a sale settled from the
 * personal account, in real Chromium against `serve --training --institution P41020200105`.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { CHROMIUM, amountOf, collectProblems, identify, screenshot, useCashierWindow } from './harness';

describe.skipIf(!existsSync(CHROMIUM))('pharmacy counter in Chromium', () => {
  const env = useCashierWindow(['--institution', 'P41020200105']);

  it('settles a pharmacy sale from the personal account', async () => {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    // 张建国 by his ID number: 310 with an account of 1850.40.
    await identify(page, '43010219560302031X');
    const row = page.locator('[data-testid="visit-row"][data-kind="pharmacy"]').first();
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    expect(await page.getByTestId('fee-line').count()).toBe(3);
    expect(await page.getByTestId('acct-toggle').isChecked()).toBe(true);
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').click();
    const banner = page.getByTestId('error-banner');
    await Promise.race([page.locator('[data-testid="state-badge"][data-state="settled"]').waitFor(), banner.waitFor()]);
    expect(await banner.count()).toBe(0);
    // 15.20×2 + 8.40 + 3.60×10 = 74.80; the pharmacy ratio is 0, so the person's part is 74.80,
    // all of it from the account (1850.40 → 1775.60) and no cash.
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('74.80');
    expect(await amountOf(page, 'result-fund_pay_sumamt')).toBe('0.00');
    expect(await amountOf(page, 'result-acct_pay')).toBe('74.80');
    expect(await amountOf(page, 'result-psn_cash_pay')).toBe('0.00');
    expect(await page.getByTestId('result-psn_cash_pay').textContent()).toBe('¥0.00');
    expect(await amountOf(page, 'result-balc')).toBe('1775.60');
    const funds = await page
      .getByTestId('result-fund')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-fund-pay-type'), e.getAttribute('data-amount')]));
    expect(funds).toEqual([['310200', '74.80']]);
    await screenshot(page, 'pharmacy-settled-account');
    expect(problems).toEqual([]);
  });
});

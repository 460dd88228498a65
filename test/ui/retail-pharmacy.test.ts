/**
 * The counter's screen in the retail pharmacy flow (issue 16 item 5): the same sale as
 * pharmacy.test.ts, at the same pharmacy, but trained with `--pharmacy-flow retail`, so the
 * platform sees 2101/2102 instead of 2201…2207. The screen and the figures do not change.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { CHROMIUM, amountOf, collectProblems, identify, ledgerOf, useCashierWindow } from './harness';

describe.skipIf(!existsSync(CHROMIUM))('retail pharmacy counter in Chromium', () => {
  const env = useCashierWindow(['--institution', 'P41020200105', '--pharmacy-flow', 'retail']);

  it('settles the sale with 2102 and shows the same figures as the outpatient flow', async () => {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await identify(page, '43010219560302031X');
    const row = page.locator('[data-testid="visit-row"][data-kind="pharmacy"]').first();
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    expect(await page.getByTestId('fee-line').count()).toBe(3);
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').click();
    const banner = page.getByTestId('error-banner');
    await Promise.race([page.locator('[data-testid="state-badge"][data-state="settled"]').waitFor(), banner.waitFor()]);
    expect(await banner.count()).toBe(0);
    // The figures of pharmacy.test.ts: 74.80, all from the account (1850.40 → 1775.60).
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('74.80');
    expect(await amountOf(page, 'result-fund_pay_sumamt')).toBe('0.00');
    expect(await amountOf(page, 'result-acct_pay')).toBe('74.80');
    expect(await amountOf(page, 'result-balc')).toBe('1775.60');
    const rows = (await ledgerOf(env.served.sandboxUrl, 'DEMO000102031X')) as unknown as {
      infno: string;
      state: string;
    }[];
    expect(rows.map((r) => [r.infno, r.state])).toEqual([['2102', 'settled']]);
    expect(problems).toEqual([]);
  });
});

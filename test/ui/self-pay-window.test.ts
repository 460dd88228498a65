/**
 * Full self-pay with upload at the window (issue 18 item 5, D-21), real Chromium on `serve --training`:
 * the demo patient without a registration is refused (NO_REGISTRATION); the banner offers 全自费;
 * the bill opens, uploads and settles with every yuan in cash and no fund.
 */
import { describe, expect, it } from 'vitest';
import { amountOf, atCashierSize, collectProblems, identify, screenshotViewport, useCashierWindow } from './harness';

const NO_REGISTRATION = { certno: '430103199002280487' };

describe('full self-pay at the window', () => {
  const env = useCashierWindow();

  it('a refused patient: 改为全自费结算, fees uploaded, settled all cash', async () => {
    const page = await env.browser.context.newPage();
    await atCashierSize(page);
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    await identify(page, NO_REGISTRATION.certno);
    const row = page.getByTestId('visit-row').first();
    await row.waitFor();
    await row.focus();
    await row.press('Enter');
    const banner = page.getByTestId('error-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('NO_REGISTRATION');
    await screenshotViewport(page, 'i18-self-pay-offered');
    await page.getByTestId('self-pay-button').click();
    await page.getByTestId('fee-line').first().waitFor();
    const total = await amountOf(page, 'bill-total');
    expect(total).not.toBeNull();
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="state-badge"][data-state="settled"]').waitFor();
    // Every yuan of the bill is cash: no fund paid.
    expect(await amountOf(page, 'result-cash-big')).toBe(total);
    await screenshotViewport(page, 'i18-self-pay-settled');
    expect(problems.filter((p) => !/favicon|Failed to load resource/.test(p))).toEqual([]);
  });
});

/**
 * E-voucher QR codes at the window (issue 16 item 4), real Chromium against `serve --training`:
 * a scanned code is decoded by the decode service (the embedded sandbox answers its path) before
 * 1101, the visit opens with the decoded ecToken, and an expired or foreign code is refused with a
 * plain message. The renderer classifies the scan as `01`; the bridge does the decoding.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, collectProblems, identify, useCashierWindow } from './harness';

/** A code issued now on the sandbox's clock (training's demo scenario has no business date: China now). */
function freshCode(token: string): string {
  return `${token}@${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/\D/g, '')}`;
}

describe.skipIf(!existsSync(CHROMIUM))('e-voucher QR codes in Chromium', () => {
  const env = useCashierWindow();

  it('a fresh code identifies the patient and opens the visit with the decoded token', async () => {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    // 王磊 (other_temporary registration, a waiting outpatient bill in the training inbox).
    await identify(page, freshCode('ecdemo-0003-0158'));
    await page.getByTestId('patient-panel').waitFor();
    const row = page.locator('[data-testid="visit-row"][data-kind="outpatient"]').first();
    await row.waitFor();
    await row.press('Enter');
    const banner = page.getByTestId('error-banner');
    await Promise.race([page.getByTestId('fee-line').first().waitFor(), banner.waitFor()]);
    expect(await banner.count(), (await banner.count()) > 0 ? String(await banner.textContent()) : '').toBe(0);
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
    await page.close();
  });

  it('an expired code and a payment code are refused with plain messages', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    await identify(page, 'ecdemo-0003-0158@20200101080000');
    const banner = page.getByTestId('error-banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('EVOUCHER_EXPIRED');
    expect(await banner.textContent()).toContain('刷新电子凭证二维码');
    await page.keyboard.press('F2');
    // An Alipay-style payment code (16 digits): not an ID number, so it goes to the decode service.
    await identify(page, '2845678901234567');
    await page.locator('[data-testid="error-banner"][data-code="EVOUCHER_FOREIGN"]').waitFor();
    expect(await page.getByTestId('patient-panel').count()).toBe(0);
    await page.close();
  });
});

/**
 * The simulated card reader in the end-to-end UI flow: real Chromium, the product in browser mode
 * (`serve --training`, whose reader holds the demo scenario's cards). Pressing 读卡 (or Insert in
 * the identify field) reads 张建国's social security card and identifies him (1101 with 03, card
 * no and card_sn); the device self-test in the IT settings passes every step.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, collectProblems, useCashierWindow } from './harness';

const HAVE_CHROMIUM = existsSync(CHROMIUM);

describe.skipIf(!HAVE_CHROMIUM)('card reader in Chromium', () => {
  const env = useCashierWindow();

  it('the read-card button identifies the patient whose card is on the (simulated) reader', async () => {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    await page.getByTestId('read-card-button').click();
    const panel = page.getByTestId('patient-panel');
    await panel.waitFor();
    // 张建国, insured in 430100 (Changsha), at a Kaifeng hospital: cross-province.
    expect(await panel.locator('[data-testid="region-kind"][data-insutype="310"]').getAttribute('data-kind')).toBe(
      'cross_province',
    );
    expect(await panel.textContent()).toContain('张');
    // The card line was submitted, not left in the field.
    expect(await page.getByTestId('identify-input').inputValue()).toBe('');
    // Insert in the field reads the card too.
    await page.keyboard.press('F2');
    await panel.waitFor({ state: 'detached' });
    await page.getByTestId('identify-input').press('Insert');
    await panel.waitFor();
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
    await page.close();
  });

  it('the device self-test in the IT settings (F10) checks the reader step by step', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    await page.keyboard.press('F10');
    await page.getByTestId('settings-view').waitFor();
    await page.getByTestId('device-self-test-button').click();
    const result = page.getByTestId('device-self-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('模拟读卡器');
    expect(await page.getByTestId('device-self-test-step').count()).toBe(2);
    // No card data on the page.
    expect(await result.textContent()).not.toContain('A00000001');
    await page.close();
  });
});

/**
 * The 对账 view (F12) in real Chromium against `serve --training` (embedded sandbox, demo
 * scenario, business date = today in China): 张建国's outpatient bill (107.00, all cash, worked out
 * in cashier.test.ts) is settled at the window; the day balances; the platform then cancels it on
 * its own (a 2208 sent directly with the sandbox's own msgid), the day shows the difference with
 * its cause, a supervisor fixes it with a reason, and the day balances again.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { CHROMIUM, collectProblems, identify, ledgerOf, screenshot, useCashierWindow } from './harness';
import { PlatformClient } from '../sandbox/support/platform-client';
import { chinaDate } from '../../shared/china-time';

describe.skipIf(!existsSync(CHROMIUM))('对账 view in Chromium', () => {
  const env = useCashierWindow();

  it('runs a day, shows a planted difference with its cause, applies a fix and balances again', async () => {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    await identify(page, 'ecdemo-0001-031X');
    const row = page.locator('[data-testid="visit-row"][data-kind="outpatient"]').first();
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    await page.getByTestId('acct-toggle').uncheck();
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="state-badge"][data-state="settled"]').waitFor();

    const today = chinaDate(Date.now());
    await page.keyboard.press('F12');
    await page.getByTestId('reconciliation-view').waitFor();
    await page.getByTestId('recon-date').fill(today);
    await page.getByTestId('recon-run').click();
    await page.locator('[data-testid="recon-detail"][data-state="balanced"]').waitFor();
    expect(await page.getByTestId('recon-group').first().textContent()).toContain('107.00');

    // The platform cancels the settlement on its own.
    const settled = (await ledgerOf(env.served.sandboxUrl, 'DEMO000102031X')).find((s) => s.state === 'settled');
    const all = (await (await fetch(`${env.served.sandboxUrl}/__admin/settlements?psn_no=DEMO000102031X`)).json()) as {
      setl_id: string;
      mdtrt_id: string;
    }[];
    const mdtrt = all.find((s) => s.setl_id === settled?.setl_id)?.mdtrt_id ?? '';
    const sbx = new PlatformClient(env.served.sandboxUrl);
    await sbx.signIn();
    const c = await sbx.call(
      '2208',
      { data: { setl_id: settled?.setl_id, mdtrt_id: mdtrt, psn_no: 'DEMO000102031X' } },
      { insuplc: '430100' },
    );
    expect(c.infcode).toBe(0);

    await page.getByTestId('recon-run').click();
    await page.locator('[data-testid="recon-detail"][data-state="unbalanced"]').waitFor();
    const diff = page.locator('[data-testid="recon-diff"][data-kind="platform_only"]');
    expect(await diff.textContent()).toContain('平台已撤销此结算，本地仍记为已结算');
    await screenshot(page, 'reconciliation-unbalanced');
    await page.getByTestId('recon-reason').fill('平台已退费，核实无误');
    await diff.getByTestId('recon-fix-mark_local_cancelled').click();
    await page.getByTestId('recon-note').waitFor();
    await diff.getByText('已处理：本机记为已撤销').waitFor();
    await page.getByTestId('recon-run').click();
    await page.locator('[data-testid="recon-detail"][data-state="balanced"]').waitFor();
    expect(await page.getByTestId('recon-day').first().getAttribute('data-state')).toBe('balanced');
    await screenshot(page, 'reconciliation-balanced');
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }, 90_000);
});

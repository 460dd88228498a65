/**
 * The cashier window end to end: real Chromium, the real product in browser mode
 * (`serve --training`: services, store, queue, HIS API and the embedded sandbox with the demo
 * scenario), driven only through the ui-contract test ids and the keyboard. Figures are worked
 * out by hand from sandbox/scenarios/demo.json and docs/sandbox-policy.md §3–§4 (institution
 * H41020200011, level 3, catalog 410200).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { formatMoney } from '../../shared/money';
import type { Page } from 'playwright-core';
import {
  CHROMIUM,
  amountOf,
  armFaults,
  clearFaults,
  collectProblems,
  identify,
  ledgerOf,
  screenshot,
  useCashierWindow,
} from './harness';

const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** 张建国: 310 retired, insured 430100 (cross-province at 410202), account 1850.40. */
const ZHANG = {
  token: 'ecdemo-0001-031X',
  certno: '43010219560302031X',
  card: 'A00000001',
  card_sn: '430102D1560000000001ABCDEF012345',
  psn_no: 'DEMO000102031X',
};

describe.skipIf(!HAVE_CHROMIUM)('cashier window in Chromium', () => {
  const env = useCashierWindow();

  /** A fresh page on the UI, with its problems collected. */
  async function openUi(): Promise<{ page: Page; problems: string[] }> {
    const page = await env.browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    return { page, problems };
  }

  /** No CSP violation or script error happened on the page. */
  function expectClean(problems: readonly string[]): void {
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  }

  /** Opens the patient's visit of `kind` with Enter on its row. */
  async function openVisit(page: Page, kind: string): Promise<void> {
    const row = page.locator(`[data-testid="visit-row"][data-kind="${kind}"]`).first();
    await row.focus();
    await row.press('Enter');
    const banner = page.getByTestId('error-banner');
    await Promise.race([page.getByTestId('fee-line').first().waitFor(), banner.waitFor()]);
    if ((await banner.count()) > 0) {
      await banner.getByRole('button', { name: '原始信息' }).click();
      throw new Error(
        `opening the ${kind} visit failed: ${await banner.getAttribute('data-code')} ${await banner.textContent()}`,
      );
    }
  }

  /** Waits for the badge to read `state`; an error banner on the way fails at once with its text. */
  async function expectState(page: Page, state: string): Promise<void> {
    const banner = page.getByTestId('error-banner');
    await Promise.race([
      page.locator(`[data-testid="state-badge"][data-state="${state}"]`).waitFor(),
      banner.waitFor(),
    ]);
    if ((await banner.count()) > 0) {
      await banner.getByRole('button', { name: '原始信息' }).click();
      throw new Error(
        `expected state ${state}, got error ${await banner.getAttribute('data-code')}: ${await banner.textContent()}`,
      );
    }
  }

  async function badge(page: Page): Promise<string | null> {
    return page.getByTestId('state-badge').getAttribute('data-state');
  }

  it('identifies by e-voucher and shows the patient, region kind and visits', async () => {
    const { page, problems } = await openUi();
    // The identify field has the focus at once (keyboard first).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('identify-input');
    await identify(page, ZHANG.token);
    const panel = page.getByTestId('patient-panel');
    await panel.waitFor();
    const kinds = panel.getByTestId('region-kind');
    expect(await kinds.count()).toBe(1);
    expect(await kinds.getAttribute('data-insutype')).toBe('310');
    expect(await kinds.getAttribute('data-kind')).toBe('cross_province');
    expect(await kinds.textContent()).toBe('跨省异地');
    // The name is masked until the audited reveal.
    expect(await page.getByTestId('psn-name').textContent()).not.toBe('张建国');
    await page.getByTestId('visit-row').first().waitFor();
    const rowKinds = await page
      .getByTestId('visit-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort());
    // The demo hospital's inbox holds his outpatient bill (pharmacy bills go to the demo pharmacy).
    expect(rowKinds).toEqual(['outpatient']);
    for (const id of await page
      .getByTestId('visit-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-visit-id'))))
      expect(id).toMatch(/\S/);
    // The first row takes the focus, so Enter opens it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('visit-row');
    await screenshot(page, 'identify-evoucher');
    expectClean(problems);
  });

  it('identifies by a typed ID number, and refuses a bad check digit without sending anything', async () => {
    const { page, problems } = await openUi();
    let identifyCalls = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/bridge/identify')) identifyCalls += 1;
    });
    await identify(page, '430102195603020310');
    await page.getByTestId('identify-message').waitFor();
    expect(await page.getByTestId('identify-message').textContent()).toContain('校验位');
    expect(identifyCalls).toBe(0);
    expect(await page.getByTestId('patient-panel').count()).toBe(0);
    await identify(page, ZHANG.certno);
    await page.getByTestId('patient-panel').waitFor();
    expect(identifyCalls).toBe(1);
    expect(await page.getByTestId('region-kind').getAttribute('data-kind')).toBe('cross_province');
    await screenshot(page, 'identify-id-number');
    expectClean(problems);
  });

  it('identifies by a card-reader line (card no = 3rd field, card_sn = 4th)', async () => {
    const { page, problems } = await openUi();
    const sent: unknown[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/bridge/identify')) sent.push(r.postDataJSON());
    });
    await identify(
      page,
      `430102|${ZHANG.certno}|${ZHANG.card}|${ZHANG.card_sn}|张建国|3B6D|3.00|20200101|20300101|T01|D01|`,
    );
    await page.getByTestId('patient-panel').waitFor();
    expect(sent).toEqual([{ mdtrt_cert_type: '03', mdtrt_cert_no: ZHANG.card, card_sn: ZHANG.card_sn }]);
    expect(await page.getByTestId('region-kind').getAttribute('data-insutype')).toBe('310');
    await screenshot(page, 'identify-card');
    expectClean(problems);
  });

  it('settles an outpatient bill: pre-settle (F5), then settle (F6 + Enter)', async () => {
    const { page, problems } = await openUi();
    await identify(page, ZHANG.token);
    await page.getByTestId('visit-row').first().waitFor();
    await openVisit(page, 'outpatient');
    expect(await page.getByTestId('fee-line').count()).toBe(5);
    expect(await badge(page)).toBe('open');
    // The insurance has an account, so the toggle starts checked; this patient pays cash here.
    const acct = page.getByTestId('acct-toggle');
    expect(await acct.isChecked()).toBe(true);
    await acct.uncheck();
    await page.keyboard.press('F5');
    await page.locator('[data-testid="state-badge"][data-state="presettled"]').waitFor();
    // Bill 5.00+30.00+20.00+37.20+14.80 = 107.00; in scope 91.26 is all under the level-3
    // outpatient deductible 200.00, so the fund pays nothing and the cash is the whole bill.
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('107.00');
    expect(await amountOf(page, 'result-fund_pay_sumamt')).toBe('0.00');
    expect(await amountOf(page, 'result-acct_pay')).toBe('0.00');
    expect(await amountOf(page, 'result-psn_cash_pay')).toBe('107.00');
    expect(await page.getByTestId('result-psn_cash_pay').textContent()).toBe('¥107.00');
    await screenshot(page, 'outpatient-presettled');
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="state-badge"][data-state="settled"]').waitFor();
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('107.00');
    expect(await amountOf(page, 'result-psn_cash_pay')).toBe('107.00');
    expect(await amountOf(page, 'result-balc')).toBe('1850.40');
    expect(await page.getByTestId('result-fund').count()).toBe(0);
    const ledger = await ledgerOf(env.served.sandboxUrl, ZHANG.psn_no);
    expect(ledger.filter((s) => s.state === 'settled').map((s) => formatMoney(String(s.medfee_sumamt)))).toContain(
      '107.00',
    );
    await screenshot(page, 'outpatient-settled');
    expectClean(problems);
  });

  it('settles an inpatient stay after discharge (F7)', async () => {
    const { page, problems } = await openUi();
    await identify(page, '430111195912010576');
    await page.getByTestId('visit-row').first().waitFor();
    await openVisit(page, 'inpatient');
    expect(await page.getByTestId('fee-line').count()).toBe(7);
    // F7 asks the discharge time and way; Enter on the focused confirm button discharges.
    await page.keyboard.press('F7');
    await page.getByTestId('discharge-dialog').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /已出院/ }).waitFor();
    await page.keyboard.press('F5');
    await expectState(page, 'presettled');
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').waitFor();
    await page.keyboard.press('Enter');
    await expectState(page, 'settled');
    // Bill 4103.00: full self-pay 135.00, over cap 445.00, self-pay share 36.40, in scope 3486.60.
    // Level 3 inpatient: deductible 800.00, ratio 0.80 + 0.05 retired (long-term: no reduction):
    // fund = (3486.60 − 800.00) × 0.85 = 2283.61; person 1819.39; account 980.00; cash 839.39.
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('4103.00');
    expect(await amountOf(page, 'result-fund_pay_sumamt')).toBe('2283.61');
    expect(await amountOf(page, 'result-acct_pay')).toBe('980.00');
    expect(await amountOf(page, 'result-psn_cash_pay')).toBe('839.39');
    expect(await amountOf(page, 'result-balc')).toBe('0.00');
    expect(await page.getByTestId('result-psn_cash_pay').textContent()).toBe('¥839.39');
    const funds = await page
      .getByTestId('result-fund')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-fund-pay-type'), e.getAttribute('data-amount')]));
    expect(funds).toContainEqual(['310100', '2283.61']);
    await screenshot(page, 'inpatient-settled');
    expectClean(problems);
  });

  it('shows a refusal plainly: a suspended patient (D-3)', async () => {
    const { page, problems } = await openUi();
    await identify(page, '430102196908080713');
    const banner = page.getByTestId('error-banner');
    // The platform may refuse at identification or when the visit is opened.
    await Promise.race([banner.waitFor(), page.getByTestId('visit-row').first().waitFor()]);
    if ((await banner.count()) === 0) await openVisit(page, 'outpatient').catch(() => undefined);
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('SUSPENDED');
    expect(await banner.textContent()).toContain('暂停');
    expect(await page.getByTestId('result-panel').count()).toBe(0);
    await screenshot(page, 'refusal-suspended');
    expectClean(problems);
  });

  it('cancels a settlement (F8, reason, confirm)', async () => {
    const { page, problems } = await openUi();
    await identify(page, 'ecdemo-0003-0158');
    await page.getByTestId('visit-row').first().waitFor();
    await openVisit(page, 'outpatient');
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="state-badge"][data-state="settled"]').waitFor();
    // 王磊: bill 107.00 under the deductible; account 642.18 pays it all.
    expect(await amountOf(page, 'result-acct_pay')).toBe('107.00');
    expect(await amountOf(page, 'result-psn_cash_pay')).toBe('0.00');
    await page.keyboard.press('F8');
    await page.getByTestId('cancel-reason').fill('患者要求退费');
    // Enter in the reason field does not confirm: the confirm button is the second, deliberate step.
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('cancel-dialog').count()).toBe(1);
    await page.getByTestId('confirm-button').click();
    await page.locator('[data-testid="state-badge"][data-state="cancelled"]').waitFor();
    const ledger = await ledgerOf(env.served.sandboxUrl, 'DEMO0003140158');
    expect(ledger.map((s) => s.state)).toContain('cancelled');
    expect(ledger.filter((s) => s.state === 'settled')).toEqual([]);
    await screenshot(page, 'cancelled');
    expectClean(problems);
  });

  it('opens the pending list (F4) and the settings for IT (F10), and tests the connection', async () => {
    const { page, problems } = await openUi();
    await page.keyboard.press('F4');
    await page.getByTestId('pending-view').waitFor();
    await page.keyboard.press('F10');
    await page.getByTestId('settings-view').waitFor();
    // Training mode: the demo hospital, and nothing secret on screen.
    expect(await page.getByTestId('settings-view').textContent()).toContain('培训模式');
    expect(await page.locator('.settings-view input').first().inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    await page.getByRole('button', { name: '测试连接' }).click();
    await page.getByTestId('connection-test').waitFor();
    expect(await page.getByTestId('connection-test').textContent()).toContain('连接正常');
    await screenshot(page, 'settings');
    await page.keyboard.press('F10');
    await page.getByTestId('identify-input').waitFor();
    expectClean(problems);
  });

  it('follows an unknown outcome until it is resolved (2207 processed, answer lost)', async () => {
    const { page, problems } = await openUi();
    await identify(page, 'ecdemo-0002-0228');
    await page.getByTestId('visit-row').first().waitFor();
    await openVisit(page, 'outpatient');
    // 390 without an account: the toggle is off and cannot be switched on.
    expect(await page.getByTestId('acct-toggle').isChecked()).toBe(false);
    await armFaults(env.served.sandboxUrl, [{ infno: '2207', action: 'process_then_drop' }]);
    try {
      await page.keyboard.press('F6');
      await page.getByTestId('confirm-button').waitFor();
      await page.keyboard.press('Enter');
      await page
        .locator(
          '[data-testid="state-badge"][data-state="unknown"], [data-testid="state-badge"][data-state="reversing"]',
        )
        .first()
        .waitFor();
      expect(await page.getByTestId('result-panel').textContent()).toContain('请勿收费');
      await screenshot(page, 'unknown-pending');
      await page
        .locator(
          '[data-testid="state-badge"][data-state="reversed"], [data-testid="state-badge"][data-state="not_settled"]',
        )
        .first()
        .waitFor({ timeout: 45_000 });
      expect(['reversed', 'not_settled']).toContain(await badge(page));
      // The platform holds no live settlement for the visit afterwards.
      const ledger = await ledgerOf(env.served.sandboxUrl, 'DEMO0002200228');
      expect(ledger.filter((s) => s.state === 'settled')).toEqual([]);
      await screenshot(page, 'unknown-resolved');
    } finally {
      await clearFaults(env.served.sandboxUrl);
    }
    expectClean(problems);
  }, 90_000);
});

/**
 * The cashier window, second pass (issue 14), in real Chromium at 1366×768 against the real
 * product (`serve --training`: HIS API, services, store and the embedded sandbox). Each numbered
 * item of the issue has a test here, driven through the ui-contract test ids and the keyboard,
 * with a screenshot in test-artifacts/ui/. Figures are worked out by hand from the demo scenario
 * (sandbox/scenarios/demo.json, main/app/training-bills.ts) and docs/sandbox-policy.md §3–§4.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { hisApi } from '../support/his-api-client';
import { formatMoney } from '../../shared/money';
import { idWithCheck } from '../support/test-scenario';
import {
  CHROMIUM,
  amountOf,
  armFaults,
  ledgerOf,
  atCashierSize,
  clearFaults,
  collectProblems,
  hisApiOf,
  identify,
  screenshotViewport,
  useCashierWindow,
} from './harness';

const ZHANG = { psn_no: 'DEMO000102031X', certno: '43010219560302031X', insutype: '310' };
/** 郑红梅: 310, account 5200.00 — the 60-line inpatient stay opened over the HIS API. */
const ZHENG = { psn_no: 'DEMO0010250839', certno: '430102195001250839', insutype: '310' };

/** A fee line as the HIS sends it. */
function line(sn: string, code: string, name: string, pric: string, cnt: string, amount: string) {
  return {
    feedetl_sn: sn,
    med_list_codg: code,
    medins_list_codg: `HIS-${code.slice(0, 8)}`,
    name,
    cnt,
    pric,
    det_item_fee_sumamt: amount,
    fee_ocur_time: '2026-11-20 09:10:00',
  };
}

/** Seven outpatient lines: 5 + 30 + 20 + 37.20 + 14.80 + 10 + 85 = 202.00. */
const SEVEN_LINES = [
  line('API7-1', '001101000030000', '挂号费', '5.00', '1', '5.00'),
  line('API7-2', '001102000020000', '主任医师门诊诊查费', '30.00', '1', '30.00'),
  line('API7-3', '002201000020000', '血常规', '20.00', '1', '20.00'),
  line('API7-4', 'XC09CAL016A001010101234', '厄贝沙坦片 0.15g*7片', '18.600000', '2.0000', '37.20'),
  line('API7-5', 'ZA01BAA0071010100123', '连花清瘟胶囊 0.35g*24粒', '14.80', '1', '14.80'),
  line('API7-6', '001102000010000', '普通门诊诊查费', '10.00', '1', '10.00'),
  line('API7-7', '002202000030000', '肝功能全套', '85.00', '1', '85.00'),
];

describe.skipIf(!existsSync(CHROMIUM))('cashier window, second pass (issue 14)', () => {
  const env = useCashierWindow();

  async function openUi(): Promise<{ page: Page; problems: string[] }> {
    const page = await env.browser.context.newPage();
    await atCashierSize(page);
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    return { page, problems };
  }

  function api() {
    const a = hisApiOf(env.served);
    return hisApi(a.url, a.token);
  }

  function expectClean(problems: readonly string[]): void {
    expect(problems.filter((p) => !/favicon|Failed to load resource/.test(p))).toEqual([]);
  }

  /** Waits for the badge to read `state`; an error banner on the way fails at once with its text. */
  async function expectState(page: Page, state: string): Promise<void> {
    const banner = page.getByTestId('error-banner');
    await Promise.race([
      page.locator(`[data-testid="state-badge"][data-state="${state}"]`).waitFor(),
      banner.waitFor(),
    ]);
    if ((await banner.count()) > 0)
      throw new Error(
        `expected ${state}, got ${await banner.getAttribute('data-code')}: ${await banner.textContent()}`,
      );
  }

  /** True when the element is wholly inside the viewport (nothing to scroll to see it). */
  async function inViewport(page: Page, testId: string): Promise<boolean> {
    const box = await page.getByTestId(testId).first().boundingBox();
    const vp = page.viewportSize();
    return (
      box !== null &&
      vp !== null &&
      box.y >= 0 &&
      box.x >= 0 &&
      box.y + box.height <= vp.height + 0.5 &&
      box.x + box.width <= vp.width + 0.5
    );
  }

  /** True when neither the page nor the window's main area has anything to scroll (all of it is on screen). */
  async function screenFits(page: Page): Promise<boolean> {
    return page.evaluate(() => {
      const main = document.querySelector('.screen-main');
      const doc = document.scrollingElement;
      return (
        main !== null &&
        doc !== null &&
        main.scrollHeight <= main.clientHeight + 1 &&
        main.scrollTop === 0 &&
        doc.scrollHeight <= doc.clientHeight + 1
      );
    });
  }

  /** The visible text of the window (what the cashier reads; folded details excluded). */
  async function screenText(page: Page): Promise<string> {
    return page.evaluate(() => document.body.innerText);
  }

  it('item 1, 3, 5, 10: a visit opened over the HIS API is a visit-row; settled at the window, the 7-line bill, result and actions fit 1366×768', async () => {
    const { page, problems } = await openUi();
    // The HIS opens the visit and uploads 7 lines over the HIS API (not the inbox).
    const opened = await api().post<{ visit_id: string }>('/api/v1/visits', {
      kind: 'outpatient',
      psn_no: ZHANG.psn_no,
      insutype: ZHANG.insutype,
      med_type: '11',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: ZHANG.certno,
      ipt_otp_no: 'MZ-API-7',
      begntime: '2026-11-20 09:00:00',
    });
    expect(opened.status).toBe(201);
    const up = await api().post(`/api/v1/visits/${opened.body.visit_id}/fees`, { lines: SEVEN_LINES });
    expect(up.status).toBeLessThan(300);

    await identify(page, ZHANG.certno);
    const row = page.locator(`[data-testid="visit-row"][data-visit-id="${opened.body.visit_id}"]`);
    await row.waitFor();
    // The typed ID number is gone from the field once the patient is identified.
    expect(await page.getByTestId('identify-input').inputValue()).toBe('');
    await row.focus();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    expect(await page.getByTestId('fee-line').count()).toBe(7);
    // Item 5: the header total is the bill (202.00, the sum of the 7 lines); one number format.
    expect(await amountOf(page, 'bill-header-total')).toBe('202.00');
    expect(await amountOf(page, 'bill-total')).toBe('202.00');
    const qty = page.locator('[data-testid="fee-line"][data-feedetl-sn="API7-4"]');
    expect(await qty.getByTestId('fee-cnt').textContent()).toBe('2');
    expect(await qty.getByTestId('fee-pric').textContent()).toBe('18.6');

    await page.keyboard.press('F5');
    await expectState(page, 'presettled');
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').waitFor();
    await page.keyboard.press('Enter');
    await expectState(page, 'settled');
    // Item 3: the result and the action bar are in view without scrolling; the cash is red and the largest figure.
    expect(await inViewport(page, 'result-cash-big')).toBe(true);
    expect(await inViewport(page, 'settle-button')).toBe(true);
    expect(await inViewport(page, 'cancel-button')).toBe(true);
    expect(await screenFits(page)).toBe(true);
    const style = await page.getByTestId('result-cash-big').evaluate((el) => ({
      color: getComputedStyle(el).color,
      size: Number.parseInt(getComputedStyle(el).fontSize, 10),
    }));
    expect(style.color).toBe('rgb(179, 38, 30)');
    const sizes = await page
      .locator('.amount')
      .evaluateAll((els) => els.map((e) => Number.parseInt(getComputedStyle(e).fontSize, 10)));
    expect(Math.max(...sizes)).toBe(style.size);
    // Item 5: the patient panel's balance is the platform's new balance after the settle.
    const balc = await amountOf(page, 'result-balc');
    expect(balc).not.toBeNull();
    expect(await page.locator('.insurance-row .balance .amount').getAttribute('data-amount')).toBe(balc);
    // The personal account is apart from the fund lines, with its note.
    expect(await page.locator('.result-panel .account-note').textContent()).toContain('不属于基金支付');
    // Item 4: region names, never codes, on the screen.
    const text = await screenText(page);
    expect(text).toContain('长沙市');
    expect(text).not.toMatch(/\b430100\b/);
    await screenshotViewport(page, 'i14-01-his-api-visit-settled-1366x768');
    // The settled visit is not open any more; the ledger holds it.
    const ledger = await ledgerOf(env.served.sandboxUrl, ZHANG.psn_no);
    expect(ledger.filter((l) => l.state === 'settled').map((l) => formatMoney(String(l.medfee_sumamt)))).toContain(
      '202.00',
    );
    expectClean(problems);
  });

  it("item 2, 6: today's settlements — search, reprint marked 补打, cancel with F8 showing the refund, two deliberate steps", async () => {
    const { page, problems } = await openUi();
    await page.keyboard.press('F11');
    await page.getByTestId('today-view').waitFor();
    await page.getByTestId('settlement-row').first().waitFor();
    // Search by name, by ID number and by settlement number.
    await page.getByTestId('today-search').fill('张建国');
    await page.getByTestId('today-search').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="settlement-row"]').length === 1);
    const row = page.getByTestId('settlement-row').first();
    const setlId = (await row.locator('td').nth(4).textContent()) ?? '';
    expect(setlId).toMatch(/^ST/);
    // The list shows the name masked.
    expect(await row.textContent()).toContain('张**');
    await page.getByTestId('today-search').fill(setlId.slice(-6));
    await page.getByTestId('today-search').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="settlement-row"]').length === 1);
    await page.getByTestId('today-search').fill('没有这个人');
    await page.getByTestId('today-search').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="settlement-row"]').length === 0);
    await page.getByTestId('today-search').fill(ZHANG.certno);
    await page.getByTestId('today-search').press('Enter');
    await page.getByTestId('settlement-row').first().waitFor();
    await screenshotViewport(page, 'i14-02-today-settlements');

    // Reprint: the settlement opens with its slip marked 补打.
    await page.getByTestId('reprint-button').first().click();
    await page.getByTestId('reprint-mark').waitFor();
    expect(await page.getByTestId('print-slip').getAttribute('data-reprint')).toBe('true');
    expect(await page.getByTestId('print-slip').textContent()).toContain('补打');
    expect(await page.getByTestId('print-slip').textContent()).not.toMatch(/\b(settled|430100)\b/);
    // Issue 18 item 4: the browser-mode slip marks the cross-region visit and lists the fee categories (D-16).
    expect(await page.getByTestId('print-slip').textContent()).toContain('【跨省异地】');
    expect(await page.getByTestId('slip-fee-categories').locator('tr').count()).toBeGreaterThan(0);
    await screenshotViewport(page, 'i14-03-reprint');
    // F9 (issue 18 item 4): the slip filled from the template goes to the bridge's printSlip; browser mode has no
    // Electron printer, so the browser's own print dialog opens (window.print, counted here instead of opening).
    await page.evaluate(() => {
      const w = window as unknown as { printedSlips: number };
      w.printedSlips = 0;
      window.print = () => void (w.printedSlips += 1);
    });
    const slipCall = page.waitForRequest((r) => r.url().endsWith('/bridge/printSlip'));
    await page.keyboard.press('F9');
    const slipHtml = (JSON.parse((await slipCall).postData() ?? '{}') as { html?: string }).html ?? '';
    expect(slipHtml).toContain('医保结算单（补打）');
    expect(slipHtml).toContain('张**');
    expect(slipHtml).not.toContain('张建国');
    await page.waitForFunction(() => (window as unknown as { printedSlips: number }).printedSlips === 1);

    // Cancel from the list with F8 on the focused row.
    await page.keyboard.press('F11');
    await page.getByTestId('settlement-row').first().waitFor();
    await page.getByTestId('settlement-row').first().focus();
    await page.keyboard.press('F8');
    const dialog = page.getByTestId('cancel-dialog');
    await dialog.waitFor();
    // The refund: the fund part, the account part and the cash to hand back (they add up to 202.00).
    const refund = await Promise.all(['refund-fund', 'refund-acct', 'refund-cash'].map((id) => amountOf(page, id)));
    expect(refund.every((a) => a !== null && /^\d+\.\d{2}$/.test(a))).toBe(true);
    const fen = refund.reduce((sum, a) => sum + Math.round(Number((a ?? '0').replace('.', ''))), 0);
    expect(fen).toBe(20200);
    // The narrower scope is the default; the confirm button says why it is disabled.
    expect(await page.getByTestId('cancel-scope-settlement').isChecked()).toBe(true);
    expect(await page.getByTestId('confirm-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('confirm-disabled-reason').textContent()).toContain('撤销原因');
    await page.getByTestId('cancel-reason').fill('患者要求退费');
    await page.getByTestId('cancel-reason').press('Enter');
    expect(await dialog.count()).toBe(1);
    await screenshotViewport(page, 'i14-04-cancel-dialog');
    await page.getByTestId('confirm-button').click();
    await page.locator('[data-testid="settlement-row"][data-state="cancelled"]').waitFor();
    const ledger = await ledgerOf(env.served.sandboxUrl, ZHANG.psn_no);
    expect(ledger.map((l) => l.state)).toContain('cancelled');
    await screenshotViewport(page, 'i14-05-cancelled-from-today');

    // Identifying the patient lists his settlements of the last days.
    await page.keyboard.press('F11');
    await identify(page, ZHANG.certno);
    await page.getByTestId('recent-settlements').waitFor();
    expect(await page.getByTestId('recent-settlements').getByTestId('settlement-row').count()).toBeGreaterThanOrEqual(
      1,
    );
    // The account is back at the platform's balance after the cancel: 1850.40.
    expect(await page.locator('.insurance-row .balance .amount').getAttribute('data-amount')).toBe('1850.40');
    await screenshotViewport(page, 'i14-06-recent-settlements');
    expectClean(problems);
  });

  it('item 3, 5, 6: cancel at the window reads as a refund; no empty fund table when the account pays it all', async () => {
    const { page, problems } = await openUi();
    // 王磊 (310, account 642.18): the 107.00 bill is under the deductible, the account pays it all.
    await identify(page, 'ecdemo-0003-0158');
    const row = page.locator('[data-testid="visit-row"][data-kind="outpatient"]').first();
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    await page.keyboard.press('F6');
    await page.getByTestId('confirm-button').waitFor();
    await page.keyboard.press('Enter');
    await expectState(page, 'settled');
    expect(await amountOf(page, 'result-acct_pay')).toBe('107.00');
    expect(await page.locator('table.funds').count()).toBe(0);
    expect(await page.locator('.funds-none').textContent()).toContain('没有基金支付');
    // 642.18 − 107.00 = 535.18 on the panel, as the platform says.
    expect(await page.locator('.insurance-row .balance .amount').getAttribute('data-amount')).toBe('535.18');
    await page.keyboard.press('F8');
    await page.getByTestId('cancel-dialog').waitFor();
    expect(await amountOf(page, 'refund-acct')).toBe('107.00');
    await page.getByTestId('cancel-reason').fill('费用录入有误，需更正后重新结算');
    await page.getByTestId('confirm-button').click();
    await expectState(page, 'cancelled');
    expect(await page.getByTestId('result-panel').textContent()).toContain('退费');
    await page.locator('.insurance-row .balance .amount[data-amount="642.18"]').waitFor();
    await screenshotViewport(page, 'i14-07-cancel-refund');
    expectClean(problems);
  });

  it('item 4, 9, 10: an unknown person keeps the typed text and the banner does not move the field; suspended, no D-4, local panel', async () => {
    const { page, problems } = await openUi();
    const before = await page.getByTestId('identify-input').boundingBox();
    const unknown = idWithCheck('11010119900307001');
    await identify(page, unknown);
    const banner = page.getByTestId('error-banner');
    await banner.waitFor();
    expect(await banner.locator('.message').textContent()).toBe('未查到该参保人，请核对证件号或改用电子凭证');
    expect(await banner.textContent()).not.toContain('信息科');
    expect(await page.getByTestId('identify-input').inputValue()).toBe(unknown);
    expect(await page.getByTestId('identify-input').boundingBox()).toEqual(before);
    await screenshotViewport(page, 'i14-08-unknown-person');

    // A suspended patient: the panel says so at identify time.
    await identify(page, '430102196908080713');
    await page.locator('[data-testid="patient-warnings"] [data-code="SUSPENDED"]').waitFor();
    await screenshotViewport(page, 'i14-09-suspended-at-identify');

    // No registration: the warning in words, no rule code, and no registration reads as valid here.
    await identify(page, '430103199002280487');
    await page.locator('[data-testid="patient-warnings"] [data-code="NO_REGISTRATION"]').waitFor();
    const panel = (await page.getByTestId('patient-panel').innerText()) ?? '';
    expect(panel).not.toMatch(/[A-Z]-\d/);
    expect(panel).not.toContain('有效（适用本院）');
    expect(panel).not.toMatch(/\b\d{6}\b/);

    // A local patient: no cross-region registration section.
    await identify(page, '410202198305090198');
    await page.locator('[data-testid="region-kind"][data-kind="local"]').waitFor();
    expect(await page.getByTestId('registrations').count()).toBe(0);
    await screenshotViewport(page, 'i14-10-local-patient');
    expectClean(problems);
  });

  it('item 6: F5 before discharge says 请先办理出院（F7）; F7 asks time and way, confirms and says it is done', async () => {
    const { page, problems } = await openUi();
    await identify(page, '430111195912010576');
    const row = page.locator('[data-testid="visit-row"][data-kind="inpatient"]').first();
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    await page.keyboard.press('F5');
    await page.getByTestId('error-banner').waitFor();
    expect(await page.getByTestId('error-banner').locator('.message').textContent()).toBe('请先办理出院（F7）');
    await page.keyboard.press('F6');
    expect(await page.getByTestId('confirm-button').count()).toBe(0);
    await page.keyboard.press('F7');
    await page.getByTestId('discharge-dialog').waitFor();
    expect(await page.getByTestId('discharge-time').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await page.getByTestId('discharge-way').selectOption('1');
    await screenshotViewport(page, 'i14-11-discharge-dialog');
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('notice').waitFor();
    expect(await page.getByTestId('notice').textContent()).toContain('已办理出院');
    await page.keyboard.press('F5');
    await expectState(page, 'presettled');
    await screenshotViewport(page, 'i14-12-discharged-presettled');
    expectClean(problems);
  });

  it('item 10: a 60-line inpatient bill scrolls its lines, not the result', async () => {
    const { page, problems } = await openUi();
    const opened = await api().post<{ visit_id: string }>('/api/v1/visits', {
      kind: 'inpatient',
      psn_no: ZHENG.psn_no,
      insutype: ZHENG.insutype,
      med_type: '21',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: ZHENG.certno,
      ipt_otp_no: 'ZY-API-60',
      begntime: '2026-11-20 09:00:00',
      dise_codg: 'K80.100',
      dise_name: '胆囊结石伴慢性胆囊炎',
    });
    expect(opened.status).toBe(201);
    const lines = Array.from({ length: 60 }, (_, i) =>
      line(`ZY60-${i + 1}`, '002303000010000', '静脉输液', '12.00', '1', '12.00'),
    );
    expect((await api().post(`/api/v1/visits/${opened.body.visit_id}/fees`, { lines })).status).toBeLessThan(300);
    await identify(page, ZHENG.certno);
    const row = page.locator(`[data-testid="visit-row"][data-visit-id="${opened.body.visit_id}"]`);
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    expect(await page.getByTestId('fee-line').count()).toBe(60);
    await page.keyboard.press('F7');
    await page.getByTestId('discharge-dialog').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('notice').waitFor();
    await page.keyboard.press('F5');
    await expectState(page, 'presettled');
    // 60 × 12.00 = 720.00; the lines scroll inside their box, the result and the actions stay in view.
    expect(await amountOf(page, 'result-medfee_sumamt')).toBe('720.00');
    const scroll = await page
      .locator('.fees-scroll')
      .evaluate((el) => ({ inner: el.scrollHeight, outer: el.clientHeight }));
    expect(scroll.inner).toBeGreaterThan(scroll.outer);
    expect(await inViewport(page, 'result-cash-big')).toBe(true);
    expect(await inViewport(page, 'presettle-button')).toBe(true);
    expect(await screenFits(page)).toBe(true);
    // The last line is reached by scrolling the lines' own box.
    await page.locator('[data-testid="fee-line"][data-feedetl-sn="ZY60-60"]').scrollIntoViewIfNeeded();
    expect(await inViewport(page, 'result-cash-big')).toBe(true);
    expect(await screenFits(page)).toBe(true);
    await screenshotViewport(page, 'i14-13-inpatient-60-lines');
    expectClean(problems);
  });

  it('item 9: F10 shows the endpoint and institution read-only; the bridge refuses a change of them', async () => {
    const { page, problems } = await openUi();
    await page.keyboard.press('F10');
    await page.getByTestId('settings-view').waitFor();
    for (const f of ['url', 'fixmedins_code', 'fixmedins_name', 'mdtrtarea_admvs']) {
      expect(await page.locator(`.settings-view input[data-field="${f}"]`).getAttribute('readonly')).not.toBeNull();
    }
    const code = await page.evaluate(async () => {
      const w = window as unknown as {
        settlement: { saveSettings: (p: unknown) => Promise<{ ok: boolean; error?: { code: string } }> };
      };
      const r = await w.settlement.saveSettings({ upstream: { url: 'http://10.0.0.9:8080' } });
      return r.ok ? 'saved' : r.error?.code;
    });
    expect(code).toBe('SETTINGS_READ_ONLY');
    await screenshotViewport(page, 'i14-14-settings-read-only');
    expectClean(problems);
  });

  it('item 7: the pending view (F4) — China time, fixed start, the step in words with its count, 立即核实 says what it did, keyboard rows', async () => {
    const { page, problems } = await openUi();
    // 周丽 (390): the settle's answer is lost, and the platform cannot be asked about it for now.
    await identify(page, 'ecdemo-0008-0640');
    const row = page.locator('[data-testid="visit-row"][data-kind="outpatient"]').first();
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    await armFaults(env.served.sandboxUrl, [
      { infno: '2207', action: 'process_then_drop' },
      { infno: '5203', action: 'drop_before', count: 1000 },
      { infno: '2601', action: 'drop_before', count: 1000 },
    ]);
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
      await page.keyboard.press('F4');
      const item = page.getByTestId('pending-item').first();
      await item.waitFor();
      const started = (await item.getByTestId('pending-started').textContent()) ?? '';
      expect(started).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      const note = (await item.getByTestId('pending-note').textContent()) ?? '';
      expect(note).toMatch(/[\u4e00-\u9fa5]/);
      // The step in words: no transaction numbers or codes.
      expect(note).not.toMatch(/\d{4}|[A-Z_]{4,}/);
      // Keyboard: the row takes the focus, R rechecks and the row says what was done.
      await item.focus();
      await page.keyboard.press('r');
      await page.getByTestId('recheck-note').waitFor();
      expect(await page.getByTestId('recheck-note').textContent()).toContain('核实');
      // The start does not move while the item is worked on.
      expect(await page.getByTestId('pending-item').first().getByTestId('pending-started').textContent()).toBe(started);
      await screenshotViewport(page, 'i14-15-pending-view');
      // Item 1: a visit whose settlement is unfinished is still an open visit of the patient.
      await page.keyboard.press('F4');
      await identify(page, 'ecdemo-0008-0640');
      await page
        .locator(
          '[data-testid="visit-row"][data-row-state="unknown"], [data-testid="visit-row"][data-row-state="reversing"]',
        )
        .first()
        .waitFor();
    } finally {
      await clearFaults(env.served.sandboxUrl);
    }
    expectClean(problems);
  }, 90_000);

  it('item 4: a failed pre-settle reads as such; with the platform unreachable F6 is refused at once and the strip is red', async () => {
    const { page, problems } = await openUi();
    // 李秀英 (390, no account).
    await identify(page, 'ecdemo-0002-0228');
    const row = page.locator('[data-testid="visit-row"][data-kind="outpatient"]').first();
    await row.waitFor();
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    let settleCalls = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/bridge/settle')) settleCalls += 1;
    });
    await armFaults(env.served.sandboxUrl, [{ infno: '*', action: 'drop_before', count: 1000 }]);
    try {
      await page.keyboard.press('F5');
      const banner = page.getByTestId('error-banner');
      await banner.waitFor();
      expect(await banner.locator('.message').textContent()).toContain('预结算没有成功');
      expect(await banner.textContent()).not.toContain('系统会自动核实');
      // The strip turns red on this first failed call, not at the next probe.
      await page.locator('[data-testid="health-strip"][data-status="offline"]').waitFor();
      await page.keyboard.press('F6');
      await page.locator('[data-testid="error-banner"][data-code="UPSTREAM_UNREACHABLE"]').waitFor();
      expect(await page.getByTestId('confirm-button').count()).toBe(0);
      expect(settleCalls).toBe(0);
      expect(await page.getByTestId('error-banner').locator('.message').textContent()).toContain('连不上');
      await screenshotViewport(page, 'i14-16-unreachable-f6');
    } finally {
      await clearFaults(env.served.sandboxUrl);
    }
    expectClean(problems);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('pharmacy counter, second pass (issue 14 item 8)', () => {
  const env = useCashierWindow(['--institution', 'P41020200105']);

  it('says 本店预览, and offers no outpatient category at a pharmacy', async () => {
    const page = await env.browser.context.newPage();
    await atCashierSize(page);
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await identify(page, '43010219560302031X');
    const row = page.locator('[data-testid="visit-row"][data-kind="pharmacy"]').first();
    await row.waitFor();
    await page.keyboard.press('F3');
    await page.getByTestId('bill-entry-kind').waitFor();
    const kinds = await page
      .getByTestId('bill-entry-kind')
      .locator('option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(kinds).toEqual(['pharmacy']);
    // A national code fills the name, the class and the unit price (the cap) from the catalog.
    await page.getByTestId('bill-entry-code').first().fill('XJ01CRA137A001010100788');
    await page.getByTestId('bill-entry-code').first().press('Enter');
    await page.getByTestId('bill-entry-class').first().waitFor();
    expect(await page.getByTestId('bill-entry-name').first().inputValue()).toContain('阿莫西林');
    expect(await page.getByTestId('bill-entry-class').first().textContent()).toMatch(/甲类|乙类|丙类/);
    // A search by name offers the matching items.
    await page.getByTestId('bill-entry-name').first().fill('');
    await page.getByTestId('bill-entry-name').first().pressSequentially('阿莫');
    await page.waitForFunction(() => document.querySelectorAll('#catalog-names option').length > 0);
    await screenshotViewport(page, 'i14-18-pharmacy-catalog-entry');
    await page.keyboard.press('Escape');
    await row.press('Enter');
    await page.getByTestId('fee-line').first().waitFor();
    const heading = await page.locator('.bill-view thead').textContent();
    expect(heading).toContain('本店预览');
    expect(heading).not.toContain('本院预览');
    await screenshotViewport(page, 'i14-17-pharmacy');
    expect(problems.filter((p) => !/favicon/.test(p))).toEqual([]);
  });
});

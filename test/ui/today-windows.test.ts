/**
 * "今日结算" by window and operator (issue 14 item 2) in real Chromium against `serve --training`:
 * a settlement made over the HIS API records this window and the configured operator; the list
 * shows this window's by default; with no roster anyone may choose every window's, whose rows name
 * the window and the operator; an operator filter that matches nobody empties the list.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { hisApi } from '../support/his-api-client';
import { CHROMIUM, atCashierSize, collectProblems, hisApiOf, screenshotViewport, useCashierWindow } from './harness';

const ZHANG = { psn_no: 'DEMO000102031X', certno: '43010219560302031X', insutype: '310' };

describe.skipIf(!existsSync(CHROMIUM))("today's settlements by window and operator", () => {
  const env = useCashierWindow();

  it("lists this window's by default; every window's with window and operator; filters by operator", async () => {
    const a = hisApiOf(env.served);
    const api = hisApi(a.url, a.token);
    const v = await api.post<{ visit_id: string }>('/api/v1/visits', {
      kind: 'outpatient',
      psn_no: ZHANG.psn_no,
      insutype: ZHANG.insutype,
      med_type: '11',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: ZHANG.certno,
      ipt_otp_no: 'MZ-WIN-1',
      begntime: '2026-11-20 09:00:00',
    });
    expect(v.status).toBe(201);
    const lines = [
      {
        feedetl_sn: 'W1',
        med_list_codg: '002201000020000',
        medins_list_codg: 'HIS-BLOOD',
        name: '血常规',
        cnt: '1',
        pric: '20.00',
        det_item_fee_sumamt: '20.00',
        fee_ocur_time: '2026-11-20 09:10:00',
      },
    ];
    expect((await api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines })).status).toBeLessThan(300);
    const s = await api.post<{ settlement_id: string; state: string }>(`/api/v1/visits/${v.body.visit_id}/settle`, {
      acct_used_flag: '0',
    });
    expect(s.body.state).toBe('settled');

    const page = await env.browser.context.newPage();
    await atCashierSize(page);
    const problems = collectProblems(page);
    await page.goto(env.served.uiUrl);
    await page.getByTestId('identify-input').waitFor();
    await page.keyboard.press('F11');
    await page.getByTestId('today-view').waitFor();
    const row = page.locator(`[data-testid="settlement-row"][data-settlement-id="${s.body.settlement_id}"]`);
    await row.waitFor();
    // The bill's 20.00 as the platform settled it (amounts are kept in fen, shown in yuan).
    expect(await row.textContent()).toContain('20.00');
    expect(await row.textContent()).not.toContain('2,000.00');
    // This window's list: no window column.
    expect(await page.getByTestId('row-window').count()).toBe(0);
    await page.getByTestId('today-scope').selectOption('all');
    await page.getByTestId('today-search').press('Enter');
    await row.getByTestId('row-window').waitFor();
    const windowId = (await row.getByTestId('row-window').textContent()) ?? '';
    const opter = (await row.getByTestId('row-opter').textContent()) ?? '';
    expect(windowId).not.toBe('—');
    expect(windowId.length).toBeGreaterThan(0);
    expect(opter).not.toBe('—');
    await screenshotViewport(page, 'i14-02b-today-all-windows');
    // Narrowed to that operator: still there; to one who settled nothing: empty.
    await page.getByTestId('today-opter').fill(opter);
    await page.getByTestId('today-search').press('Enter');
    await row.waitFor();
    await page.getByTestId('today-opter').fill('NOBODY-99');
    await page.getByTestId('today-search').press('Enter');
    await row.waitFor({ state: 'detached' });
    expect(await page.getByTestId('settlement-row').count()).toBe(0);
    expect(problems.filter((p) => !/favicon|Failed to load resource/.test(p))).toEqual([]);
    await page.close();
  });
});

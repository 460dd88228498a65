/**
 * The window's sign-in in real Chromium against the real product (`serve --training` on a data
 * folder that already has a roster made with the admin command): the cashier screen is hidden
 * until an operator signs in; a wrong password is refused with a plain message; signing out brings
 * the sign-in screen back. (Without a roster the other UI tests see the cashier screen at once.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, collectProblems, launchChromium } from './harness';
import { startManaged, type ManagedProcess } from '../support/managed-process';
import { runAdminCommand } from '../support/admin-command';

const HAVE_CHROMIUM = existsSync(CHROMIUM);

describe.skipIf(!HAVE_CHROMIUM)('sign-in at the window', () => {
  let dataDir: string;
  let serve: ManagedProcess;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ui-sign-in-'));
    const add = await runAdminCommand(
      ['operator', 'add', '--opter', 'C01', '--name', '收费员甲', '--role', 'cashier', '--data', dataDir],
      'window-pass-1\n',
    );
    expect(add.code, add.stderr).toBe(0);
    serve = await startManaged(
      'main/app/serve.ts',
      ['--training', '--port', '0', '--data', dataDir],
      { ui: /^ui: (\S+)$/m },
      60_000,
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks for sign-in once a roster exists, refuses a wrong password, signs in and out', async () => {
    const page = await browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(serve.found.ui ?? '');
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('identify-input').count()).toBe(0);

    await page.getByTestId('sign-in-opter').fill('C01');
    await page.getByTestId('sign-in-password').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('sign-in-message').waitFor();
    expect(await page.getByTestId('sign-in-message').textContent()).toContain('密码不正确');

    await page.getByTestId('sign-in-password').fill('window-pass-1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('identify-input').waitFor();
    expect(await page.getByTestId('operator-bar').textContent()).toContain('收费员甲');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('identify-input').count()).toBe(0);
    expect(problems.filter((p) => !/favicon|401/.test(p))).toEqual([]);
  });
});

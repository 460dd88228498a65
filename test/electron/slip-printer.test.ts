/**
 * Printing slips through Electron (issue 18 item 4), electron mocked: the slip goes into a hidden,
 * script-less, sandboxed window, is printed with the system dialog (not silently) or rendered to
 * PDF, and the window is destroyed. The template store validates before saving and keeps the old
 * template when a new one is refused.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, FakeWebContents } from './electron-mock';
import { electronSlipPrinter } from '../../main/app/slip-printer';
import { SlipTemplateStore } from '../../main/app/slip-template-store';
import { DEFAULT_SLIP_TEMPLATE } from '../../shared/slip/slip-template';
import { AppError } from '../../shared/errors/app-error';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);

const HTML = '<!doctype html><p>个人现金支付 129.20</p>';

describe('the Electron slip printer', () => {
  it('prints in a hidden window without scripts, through the print dialog, then destroys it', async () => {
    const before = FakeBrowserWindow.created.length;
    const r = await electronSlipPrinter().print(HTML);
    expect(r).toEqual({ printed: true, reason: null });
    const win = FakeBrowserWindow.created[before]!;
    expect(win.options).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, nodeIntegration: false, contextIsolation: true },
    });
    expect(decodeURIComponent(win.webContents.url)).toBe(`data:text/html;charset=utf-8,${HTML}`);
    expect(win.webContents.printed).toEqual([{ silent: false, printBackground: true }]);
    expect(win.isDestroyed()).toBe(true);
  });

  it('a cancelled dialog answers printed: false with the reason, and the window is still destroyed', async () => {
    const before = FakeBrowserWindow.created.length;
    FakeWebContents.printAnswer = [false, 'cancelled'];
    try {
      expect(await electronSlipPrinter().print(HTML)).toEqual({ printed: false, reason: 'cancelled' });
    } finally {
      FakeWebContents.printAnswer = [true, ''];
    }
    expect(FakeBrowserWindow.created[before]?.isDestroyed()).toBe(true);
  });

  it('renders to PDF with printToPDF (A5, backgrounds) and destroys the window', async () => {
    const before = FakeBrowserWindow.created.length;
    const bytes = await electronSlipPrinter().pdf(HTML);
    expect(Buffer.from(bytes).toString('utf8').startsWith('%PDF-')).toBe(true);
    const win = FakeBrowserWindow.created[before]!;
    expect(win.webContents.pdfOptions).toEqual([{ printBackground: true, pageSize: 'A5' }]);
    expect(win.isDestroyed()).toBe(true);
  });
});

describe('the slip template store (data directory)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'slip-tpl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the default until the hospital saves a valid template; a refused one leaves the old in place', async () => {
    const store = new SlipTemplateStore(dir);
    expect(await store.view()).toMatchObject({ template: DEFAULT_SLIP_TEMPLATE, custom: false });
    const own = '<h1>{{institution}}{{title_mark}}</h1><p>{{psn_cash_pay}}</p>';
    expect(await store.save(own)).toMatchObject({ template: own, custom: true });
    expect(readFileSync(join(dir, 'templates', 'slip.html'), 'utf8')).toBe(own);
    const e = await store.save('<p>{{psn_full_name}}</p><script>x</script>').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('SLIP_TEMPLATE_INVALID');
    expect((e as AppError).detail).toMatchObject({
      field: 'template',
      problems: expect.arrayContaining(['不能包含脚本（script）', '未知的占位符：psn_full_name']),
    });
    expect((await store.view()).template).toBe(own);
    expect(existsSync(join(dir, 'templates', 'slip.html.tmp'))).toBe(false);
    expect(await store.reset()).toMatchObject({ custom: false });
  });
});

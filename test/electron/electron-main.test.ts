/**
 * The Electron shell (main/app/electron-main.ts) with only Electron mocked (the one allowed fake):
 * single-instance lock, training on the real runtime (embedded sandbox, real SQLite) when nothing
 * is configured, the app scheme, the window from the factory on the app URL, every bridge channel
 * registered and answering from the real services, and a quit that waits for the runtime to close.
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_METHODS } from '../../shared/ipc/contract';
import type { FakeBrowserWindow, app as MockApp } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);

/** Lets the ready chain run. */
const settle = () => new Promise((r) => setTimeout(r, 20));

/** Waits (bounded) until `ok()` holds: the real runtime takes a moment to start. */
async function until(ok: () => boolean, rounds = 300): Promise<void> {
  for (let i = 0; i < rounds && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('electron-main', () => {
  it('starts in training mode, serves the app scheme, opens the secure window and registers the bridge', async () => {
    const mock = await import('./electron-mock');
    mock.app.userData = mkdtempSync(join(tmpdir(), 'userdata-'));
    const windowsBefore = mock.FakeBrowserWindow.created.length;
    await import('../../main/app/electron-main');
    await until(() => mock.FakeBrowserWindow.created.length > windowsBefore && mock.ipcMain.handlers.size > 0);
    expect(mock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    // Training mode on the real runtime: its store lives under the user-data folder.
    expect(existsSync(join(mock.app.userData, 'training', 'adapter.db'))).toBe(true);
    // S4: the data key is kept wrapped by the OS secret store (safeStorage), never as a raw key file.
    const wrapped = join(mock.app.userData, 'training', 'keys', 'data.key.safe-storage');
    expect(existsSync(wrapped)).toBe(true);
    expect(existsSync(join(mock.app.userData, 'training', 'keys', 'data.key'))).toBe(false);
    expect(readFileSync(wrapped).subarray(0, 15).toString()).toBe('FAKE-OS-SEALED:');
    expect(Buffer.from(mock.safeStorage.decryptString(readFileSync(wrapped)), 'base64')).toHaveLength(32);
    expect(mock.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const win = mock.FakeBrowserWindow.created.at(-1);
    expect(win?.webContents.url).toBe('app://cashier/index.html');
    const prefs = win?.options['webPreferences'] as Record<string, unknown>;
    expect(prefs['sandbox']).toBe(true);
    expect(String(prefs['preload'])).toMatch(/preload\.cjs$/);
    expect(mock.ipcMain.handlers.size).toBe(BRIDGE_METHODS.length);
    // The channels answer from the real services, for the app's own window only.
    const health = mock.ipcMain.handlers.get('app:health');
    const own = { sender: { id: win?.webContents.id }, senderFrame: { url: 'app://cashier/index.html', parent: null } };
    const answer = (await health?.(own as never, {})) as {
      ok: boolean;
      value?: { training: boolean; institution: { fixmedins_code: string } };
    };
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ training: true, institution: { fixmedins_code: 'H41020200011' } });

    // The window talks over IPC only: the HIS API runs, but no HTTP bridge or page beside it
    // (hardening issue item 6). Its address is in the runtime's 'started' log line.
    const logDir = join(mock.app.userData, 'training', 'logs');
    const logLines = readdirSync(logDir).flatMap((f) => readFileSync(join(logDir, f), 'utf8').split('\n'));
    const started = logLines.find((l) => l.includes('"started"'));
    const hisApi = (JSON.parse(started ?? '{}') as { data?: { his_api?: string } }).data?.his_api ?? '';
    expect(hisApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${hisApi}/api/v1/health`)).status).toBe(200);
    expect((await fetch(`${hisApi}/bridge/saveSettings`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${hisApi}/`)).status).toBe(404);

    // Every web contents gets the deny-all window-open handler.
    const created = mock.app.events.get('web-contents-created')?.[0];
    const wc = new mock.FakeWebContents();
    created?.({}, wc);
    expect(wc.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });

    // Quit waits for the runtime: the first before-quit is held, close runs, then quit again.
    const beforeQuit = mock.app.events.get('before-quit')?.[0];
    const ev = { preventDefault: vi.fn() };
    mock.app.quit.mockClear();
    beforeQuit?.(ev);
    expect(ev.preventDefault).toHaveBeenCalledOnce();
    expect(mock.app.quit).not.toHaveBeenCalled();
    await until(() => mock.app.quit.mock.calls.length > 0);
    expect(mock.app.quit).toHaveBeenCalled();
    const again = { preventDefault: vi.fn() };
    beforeQuit?.(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    // The runtime is closed: the services no longer answer.
    const after = (await health?.(own as never, {})) as { ok: boolean };
    expect(after.ok).toBe(false);
  });

  it('leaves at once when another instance holds the lock', async () => {
    // A fresh electron-main; the mocked electron module stays the one object vi.mock cached.
    vi.resetModules();
    const electron = (await import('electron')) as unknown as {
      app: typeof MockApp;
      BrowserWindow: typeof FakeBrowserWindow;
    };
    const windowsBefore = electron.BrowserWindow.created.length;
    electron.app.lock = false;
    electron.app.quit.mockClear();
    const userData = mkdtempSync(join(tmpdir(), 'userdata-'));
    (electron.app as unknown as { userData: string }).userData = userData;
    await import('../../main/app/electron-main');
    await settle();
    expect(electron.app.quit).toHaveBeenCalledOnce();
    // No runtime was started: nothing was written under the user-data folder.
    expect(existsSync(join(userData, 'training'))).toBe(false);
    expect(electron.BrowserWindow.created.length).toBe(windowsBefore);
  });
});

/**
 * Reliability S1: the 20 items of Electron's security checklist
 * (electronjs.org/docs/latest/tutorial/security), each asserted here or marked N/A in writing.
 * Items asserted in detail elsewhere name the test file.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);

const { FORCED_WEB_PREFERENCES, WINDOW_CSP } = await import('../../main/app/window-factory');
const { APP_INDEX_URL, APP_SCHEME_PRIVILEGES } = await import('../../main/app/app-protocol');

const read = (p: string): string => readFileSync(new URL(p, import.meta.url), 'utf8');
const MAIN = read('../../main/app/electron-main.ts');
const FACTORY = read('../../main/app/window-factory.ts');
const BUILDER = read('../../electron-builder.yml');

describe('Electron security checklist (S1)', () => {
  it('1. only secure content: the window loads the app scheme only, never http(s)', () => {
    expect(APP_INDEX_URL).toBe('app://cashier/index.html');
    expect(MAIN).not.toMatch(/loadURL\(\s*['"`]https?:/);
    expect(WINDOW_CSP).not.toMatch(/https?:/);
  });
  it('2. no Node.js integration for page content', () => {
    expect(FORCED_WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(FORCED_WEB_PREFERENCES.nodeIntegrationInWorker).toBe(false);
    expect(FORCED_WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
  });
  it('3. context isolation', () => expect(FORCED_WEB_PREFERENCES.contextIsolation).toBe(true));
  it('4. process sandboxing (forced after caller options: window-factory.test.ts)', () => expect(FORCED_WEB_PREFERENCES.sandbox).toBe(true));
  it('5. session permission requests denied (window-factory.test.ts)', () => {
    expect(FACTORY).toContain('setPermissionRequestHandler');
    expect(FACTORY).toContain('setPermissionCheckHandler');
  });
  it('6. webSecurity not disabled', () => expect(FORCED_WEB_PREFERENCES.webSecurity).toBe(true));
  it("7. a CSP from default-src 'none' without unsafe-eval/unsafe-inline (window-factory.test.ts)", () => {
    expect(WINDOW_CSP.startsWith("default-src 'none'")).toBe(true);
    expect(WINDOW_CSP).not.toMatch(/unsafe-/);
  });
  it('8. allowRunningInsecureContent off', () => expect(FORCED_WEB_PREFERENCES.allowRunningInsecureContent).toBe(false));
  it('9. experimental features off', () => expect(FORCED_WEB_PREFERENCES.experimentalFeatures).toBe(false));
  it('10. no enableBlinkFeatures', () => expect(FORCED_WEB_PREFERENCES.enableBlinkFeatures).toBe(''));
  it('11. <webview> allowpopups: N/A — webviewTag is off and will-attach-webview is cancelled', () => {
    expect(FORCED_WEB_PREFERENCES.webviewTag).toBe(false);
  });
  it('12. <webview> options and params: N/A — no webview can attach (window-factory.test.ts)', () => {
    expect(FACTORY).toContain("'will-attach-webview'");
  });
  it('13. navigation disabled (window-factory.test.ts)', () => expect(FACTORY).toContain("'will-navigate'"));
  it('14. new windows denied, for every web contents', () => {
    expect(FACTORY).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(MAIN).toContain("'web-contents-created'");
  });
  it('15. shell.openExternal: N/A — the app never opens external content', () => {
    expect(MAIN + FACTORY).not.toMatch(/openExternal|import\s*{[^}]*\bshell\b/);
  });
  it('16. a current Electron (45)', () => {
    const pkg = JSON.parse(read('../../package.json')) as { devDependencies: Record<string, string> };
    expect(Number(/\d+/.exec(pkg.devDependencies['electron'] ?? '')?.[0])).toBeGreaterThanOrEqual(45);
  });
  it('17. IPC senders validated (ipc-handlers.test.ts)', () => {
    expect(read('../../main/app/ipc/register-bridge-handlers.ts')).toContain('isOwnWindow(event)');
  });
  it('18. a custom protocol instead of file:// (app-protocol.test.ts)', () => {
    expect(MAIN).not.toMatch(/loadFile|file:\/\//);
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, corsEnabled: false });
  });
  it('19. fuses set at packaging (read back after packaging: N/A on machines without Electron)', () => {
    for (const fuse of ['runAsNode: false', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'enableEmbeddedAsarIntegrityValidation: true', 'onlyLoadAppFromAsar: true', 'enableCookieEncryption: true', 'grantFileProtocolExtraPrivileges: false']) {
      expect(BUILDER).toContain(fuse);
    }
  });
  it('20. no Electron API exposed to the page: one narrow object (preload.test.ts)', () => {
    expect(read('../../main/app/preload/preload.ts').match(/exposeInMainWorld/g)?.length).toBe(1);
  });
});

/**
 * The window factory's security defaults (docs/architecture.md §5.7, reliability S1), with Electron mocked.
 */
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { FakeBrowserWindow } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);

const { createSecureWindow, secureWindowOptions, WINDOW_CSP } = await import('../../main/app/window-factory');
const { RENDERER_CSP } = await import('../../shared/ipc/http-transport');

/** The exact preferences every window gets (the preload path aside). */
const EXPECTED_PREFERENCES = {
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  spellcheck: false,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  enableBlinkFeatures: '',
  devTools: false,
  preload: '/opt/app/preload.cjs',
};

function newWindow(options?: Record<string, unknown>): FakeBrowserWindow {
  createSecureWindow({ preloadPath: '/opt/app/preload.cjs', ...(options ? { options } : {}) });
  const w = FakeBrowserWindow.created.at(-1);
  if (!w) throw new Error('no window');
  return w;
}

describe('window factory', () => {
  it('sets exactly the strict webPreferences', () => {
    const w = newWindow({ width: 800 });
    expect(w.options['webPreferences']).toEqual(EXPECTED_PREFERENCES);
    expect(w.options['width']).toBe(800);
  });

  it('applies sandbox and the other forced preferences after the caller options', () => {
    const w = newWindow({
      webPreferences: {
        sandbox: false,
        contextIsolation: false,
        nodeIntegration: true,
        spellcheck: true,
        webSecurity: false,
        zoomFactor: 1.25,
        preload: '/evil.js',
      },
    });
    const prefs = w.options['webPreferences'] as Record<string, unknown>;
    expect(prefs['sandbox']).toBe(true);
    expect(prefs['contextIsolation']).toBe(true);
    expect(prefs['nodeIntegration']).toBe(false);
    expect(prefs['spellcheck']).toBe(false);
    expect(prefs['webSecurity']).toBe(true);
    expect(prefs['preload']).toBe('/opt/app/preload.cjs');
    // A harmless caller preference survives.
    expect(prefs['zoomFactor']).toBe(1.25);
  });

  it('opens devtools only when asked (development)', () => {
    expect(secureWindowOptions({ preloadPath: '/p.cjs', devTools: true }).webPreferences?.devTools).toBe(true);
    expect(secureWindowOptions({ preloadPath: '/p.cjs' }).webPreferences?.devTools).toBe(false);
  });

  it('puts the CSP header on every response, replacing any other', () => {
    const w = newWindow();
    const listener = w.webContents.session.headersListener;
    expect(listener).not.toBeNull();
    let answered: Record<string, unknown> | null = null;
    listener?.(
      { responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['1'] } },
      (r: Record<string, unknown>) => {
        answered = r;
      },
    );
    expect(answered).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [WINDOW_CSP] } });
  });

  it('has a CSP that starts from none and allows no eval, inline code or remote origin', () => {
    expect(WINDOW_CSP).toBe(RENDERER_CSP);
    expect(WINDOW_CSP.startsWith("default-src 'none'")).toBe(true);
    expect(WINDOW_CSP).not.toMatch(/unsafe-eval|unsafe-inline|unsafe-hashes|wasm-unsafe-eval|\*|https?:|blob:/);
    const directives = new Map(
      WINDOW_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v.join(' ')]),
    );
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('object-src')).toBeUndefined(); // falls back to default-src 'none'
  });

  it('keeps the page meta CSP identical to the header (less frame-ancestors, which meta ignores)', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const expected = RENDERER_CSP.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(expected);
    expect(html).not.toMatch(/<script>|<style>|\sstyle=|\son[a-z]+=/i);
  });

  it('cancels navigation, redirects and webviews', () => {
    const wc = newWindow().webContents;
    expect(wc.fire('will-navigate', { url: 'https://example.com/' })).toBe(true);
    expect(wc.fire('will-frame-navigate', { url: 'https://example.com/', isMainFrame: true })).toBe(true);
    expect(wc.fire('will-redirect', { url: 'https://example.com/' })).toBe(true);
    expect(wc.fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window', () => {
    const wc = newWindow().webContents;
    expect(wc.windowOpenHandler?.({ url: 'https://example.com/', disposition: 'new-window' })).toEqual({
      action: 'deny',
    });
    expect(wc.windowOpenHandler?.({ url: 'app://cashier/index.html', disposition: 'foreground-tab' })).toEqual({
      action: 'deny',
    });
  });

  it('refuses every permission request and check', () => {
    const ses = newWindow().webContents.session;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      const cb = vi.fn();
      ses.requestHandler?.({}, permission, cb, {});
      expect(cb).toHaveBeenCalledExactlyOnceWith(false);
      expect(ses.checkHandler?.({}, permission, 'app://cashier', {})).toBe(false);
    }
  });
});

/**
 * The one window factory (docs/architecture.md §5.7, reliability S1). Every window of the app comes from
 * here with the strict defaults: context isolation, no Node in the page, no spellcheck (it would
 * send typed names to a dictionary service), and the sandbox — the security preferences are
 * applied AFTER the caller's options, so no caller can switch them off. Navigation is cancelled,
 * new windows are denied, permission requests and checks are refused, and every response of the
 * window's session carries the CSP header.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';
import { RENDERER_CSP } from '../../shared/ipc/http-transport';

/** The preferences no caller may change. */
export const FORCED_WEB_PREFERENCES = {
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
} as const satisfies WebPreferences;

/** The CSP of the app's pages (same string as browser mode). */
export const WINDOW_CSP = RENDERER_CSP;

/** What the caller provides. */
export interface SecureWindowOptions {
  /** Absolute path of the bundled preload (one CommonJS file). */
  readonly preloadPath: string;
  /** Size, title, show … and any webPreferences the caller wants (the forced ones win). */
  readonly options?: BrowserWindowConstructorOptions;
  /** Packaged builds close devtools (`devTools: false`). */
  readonly devTools?: boolean;
}

/** The `BrowserWindow` options the factory builds: caller options, then the forced preferences. */
export function secureWindowOptions(opts: SecureWindowOptions): BrowserWindowConstructorOptions {
  const caller = opts.options ?? {};
  return {
    ...caller,
    webPreferences: {
      ...(caller.webPreferences ?? {}),
      ...FORCED_WEB_PREFERENCES,
      devTools: opts.devTools ?? false,
      preload: opts.preloadPath,
    },
  };
}

/** Adds the CSP header to every response of `ses`, replacing any the response carried. */
export function installCsp(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
      if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    }
    headers['Content-Security-Policy'] = [WINDOW_CSP];
    callback({ responseHeaders: headers });
  });
}

/** Refuses every permission request and check of `ses` (camera, notifications, geolocation …). */
export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Cancels navigation, redirects away, new windows and webviews of `wc`. */
export function lockNavigation(wc: WebContents): void {
  wc.on('will-navigate', (event) => event.preventDefault());
  // Programmatic loads (loadURL) emit neither event; everything the page starts is refused.
  wc.on('will-frame-navigate', (event) => event.preventDefault());
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Creates a window with the strict defaults. */
export function createSecureWindow(opts: SecureWindowOptions): BrowserWindow {
  const win = new BrowserWindow(secureWindowOptions(opts));
  const ses = win.webContents.session;
  installCsp(ses);
  denyAllPermissions(ses);
  lockNavigation(win.webContents);
  return win;
}

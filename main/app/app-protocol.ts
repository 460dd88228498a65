/**
 * The app's own scheme, `app://cashier/…`, serving the built renderer from disk (Electron security
 * checklist item 18: prefer a custom protocol to file://). Every answer carries the CSP header, so
 * the policy holds even if the page's meta tag were lost. Only files inside the renderer folder are
 * served; anything else is a 404.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { RENDERER_CONTENT_TYPES, RENDERER_CSP } from '../../shared/ipc/http-transport';

/** The scheme of the app's pages. */
export const APP_SCHEME = 'app';

/** The host of the cashier window's pages. */
export const APP_HOST = 'cashier';

/** The origin the IPC sender check accepts. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The URL the window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Privileges of the scheme, registered before the app is ready. No fetch, no CORS bypass. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: false,
  corsEnabled: false,
  bypassCSP: false,
} as const;

const TYPES = RENDERER_CONTENT_TYPES;

/** Headers of every answer of the app scheme. */
export function appHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** A handler for `protocol.handle(APP_SCHEME, …)` serving files below `rendererDir`. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = normalize(rendererDir + sep);
  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || request.method !== 'GET') {
      return new Response('not found', { status: 404, headers: appHeaders('text/plain; charset=utf-8') });
    }
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(root, rel));
    const type = TYPES[extname(file)];
    if (!file.startsWith(root) || type === undefined) {
      return new Response('not found', { status: 404, headers: appHeaders('text/plain; charset=utf-8') });
    }
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers: appHeaders(type) });
    } catch {
      return new Response('not found', { status: 404, headers: appHeaders('text/plain; charset=utf-8') });
    }
  };
}

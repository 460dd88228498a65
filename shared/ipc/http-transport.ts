/**
 * Browser-mode transport of the bridge (docs/architecture.md §1: in development and in the UI tests the
 * renderer runs in a plain browser and reaches the services over HTTP on 127.0.0.1).
 *
 * Protocol (main/his-api serves it; renderer/bridge/http-bridge.ts calls it):
 * - **Page.** The server serves the built renderer (`index.html`, `app.js`, `app.css`) at `/` on
 *   127.0.0.1, with the CSP header `BROWSER_CSP` (no inline script, no eval, no remote origin).
 * - **Token.** A random UI token, made at start-up and different from the HIS API token, reaches
 *   the page in the URL fragment `#token=<token>` (a fragment never leaves the browser).
 *   `npm run serve` prints `ui: http://127.0.0.1:PORT/#token=<token>`.
 * - **Call.** `POST /bridge/<method>` on the same origin, `<method>` one of `BRIDGE_METHODS`
 *   (e.g. `/bridge/settle`). Headers: `Authorization: Bearer <token>`,
 *   `Content-Type: application/json`. Body: the method's argument as JSON (`{}` for methods without
 *   one; an empty body reads as `{}`).
 * - **Answer.** Always a `Result` JSON body (`{ok: true, value}` or `{ok: false, error: ErrorInfo}`),
 *   `Content-Type: application/json`, `Cache-Control: no-store`:
 *   - 200 for every Result the method produced, success or refusal (a refusal is data, not a
 *     transport failure). The server runs `dispatchBridgeCall` (./dispatch).
 *   - 401 with `{ok: false, error: UNAUTHORIZED}` when the token is missing or wrong (compared in
 *     constant time); the bridge is not called.
 *   - 404 with `{ok: false, error: NOT_FOUND_ROUTE}` for an unknown method; 405 for a method other
 *     than POST; 400 with BAD_REQUEST for a body that is not JSON (or not UTF-8, too deep, or with
 *     control/bidi characters); 413 PAYLOAD_TOO_LARGE for a body over its cap, checked on
 *     `Content-Length` before reading (`BRIDGE_MAX_BODY_BYTES` for the bill methods createBill,
 *     uploadFees and openVisit, 1 MB for the others); 429 TOO_MANY_ATTEMPTS after repeated wrong
 *     tokens and 503 SERVER_BUSY when too many large bodies are in progress (both with Retry-After).
 *   - The server refuses a request whose `Origin` header is present and is not its own origin, and
 *     a `Host` header that is not `127.0.0.1:PORT` or `localhost:PORT` (DNS rebinding), with 403.
 * - **Client.** Reads the Result body whatever the status. No answer or an unreadable body becomes
 *   `{ok: false, error: BRIDGE_UNREACHABLE}`. It never throws.
 */

/** Path prefix of bridge calls. */
export const BRIDGE_HTTP_PREFIX = '/bridge/';

/** Name of the URL-fragment parameter that carries the UI token. */
export const UI_TOKEN_FRAGMENT_PARAM = 'token';

/** Largest accepted request body, bytes (a bill of 20,000 lines fits). */
export const BRIDGE_MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The Content-Security-Policy of the page in browser mode and in Electron (docs/architecture.md §5.7,
 * S1): everything off, then only same-origin script, style, images, and `connect-src 'self'` for
 * the bridge calls. No `unsafe-inline`, no `unsafe-eval` (zod runs jitless).
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The CSP the HTTP server sends with the page (same as Electron's). */
export const BROWSER_CSP = RENDERER_CSP;

/** The path of one method's call. */
export function bridgePath(method: string): string {
  return `${BRIDGE_HTTP_PREFIX}${method}`;
}

/** Reads the UI token from a URL fragment (`#token=abc` or `#a=1&token=abc`); null when absent. */
export function readUiToken(fragment: string): string | null {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === UI_TOKEN_FRAGMENT_PARAM) {
      const v = decodeURIComponent(part.slice(eq + 1));
      return v === '' ? null : v;
    }
  }
  return null;
}

/** The method name of a bridge path (`/bridge/settle` → `settle`), or null for other paths. */
export function methodOfPath(pathname: string): string | null {
  if (!pathname.startsWith(BRIDGE_HTTP_PREFIX)) return null;
  const m = pathname.slice(BRIDGE_HTTP_PREFIX.length);
  return /^[A-Za-z]+$/.test(m) ? m : null;
}

/**
 * Content types of the built renderer's files, by extension: what the browser-mode server and the
 * Electron app scheme serve (anything else is not served).
 */
export const RENDERER_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

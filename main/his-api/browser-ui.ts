/**
 * Browser mode (docs/architecture.md §1): the same renderer served on 127.0.0.1 and the same typed bridge
 * carried over HTTP (`POST /bridge/<method>`, shared/ipc/http-transport.ts) to the same handlers
 * the Electron IPC uses. The page is served with the strict CSP; bridge calls need the UI token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { SettlementBridge } from '../../shared/ipc/contract';
import { BRIDGE_HTTP_PREFIX, BRIDGE_MAX_BODY_BYTES, BROWSER_CSP, RENDERER_CONTENT_TYPES } from '../../shared/ipc/http-transport';
import { dispatchBridgeCall, localError } from '../../shared/ipc/dispatch';
import { parseJsonBody } from './parse-body';
import { sendJson, tokenMatches } from './http-server';

const TYPES = RENDERER_CONTENT_TYPES;

export interface BrowserUiOptions {
  /** Folder of the built renderer (index.html, app.js, app.css). */
  readonly staticDir: string;
  /** The one-time UI token (in the page URL's fragment). */
  readonly uiToken: string;
  readonly bridge: SettlementBridge;
  /** The server's port, for the Host/Origin checks (known after listen). */
  readonly port: () => number;
}

/** The fallback handler for the HIS API server: static files and `/bridge/*`. */
export function browserUi(opts: BrowserUiOptions) {
  return async (req: IncomingMessage, res: ServerResponse, body: () => Promise<Uint8Array>): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const port = opts.port();
    const hostOk = [`127.0.0.1:${port}`, `localhost:${port}`].includes(req.headers.host ?? '');
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname.startsWith(BRIDGE_HTTP_PREFIX)) {
      if (!hostOk || !originOk) {
        sendJson(res, 403, { ok: false, error: localError('UNAUTHORIZED', { reason: 'host or origin' }) });
        return true;
      }
      if (req.method !== 'POST') {
        sendJson(res, 405, { ok: false, error: localError('NOT_FOUND_ROUTE') });
        return true;
      }
      if (!tokenMatches(req.headers.authorization, opts.uiToken)) {
        sendJson(res, 401, { ok: false, error: localError('UNAUTHORIZED') });
        return true;
      }
      let raw: Uint8Array;
      try {
        raw = await body();
      } catch {
        sendJson(res, 413, { ok: false, error: localError('BAD_REQUEST', { reason: 'body too large' }) });
        return true;
      }
      if (raw.length > BRIDGE_MAX_BODY_BYTES) {
        sendJson(res, 413, { ok: false, error: localError('BAD_REQUEST', { reason: 'body too large' }) });
        return true;
      }
      let arg: unknown;
      try {
        arg = parseJsonBody(raw);
      } catch {
        sendJson(res, 400, { ok: false, error: localError('BAD_REQUEST', { reason: 'not JSON' }) });
        return true;
      }
      const method = decodeURIComponent(url.pathname.slice(BRIDGE_HTTP_PREFIX.length));
      const result = await dispatchBridgeCall(opts.bridge, method, arg);
      const status = !result.ok && result.error.code === 'NOT_FOUND_ROUTE' ? 404 : 200;
      sendJson(res, status, result);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (!hostOk) {
      res.writeHead(403).end();
      return true;
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const path = normalize(join(opts.staticDir, file));
    if (!path.startsWith(normalize(opts.staticDir) + sep) && path !== normalize(join(opts.staticDir, 'index.html'))) return false;
    const type = TYPES[extname(path)];
    if (!type) return false;
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return false;
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Security-Policy': BROWSER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  };
}

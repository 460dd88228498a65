/**
 * Browser mode (docs/architecture.md §1): the same renderer served on 127.0.0.1 and the same typed bridge
 * carried over HTTP (`POST /bridge/<method>`, shared/ipc/http-transport.ts) to the same handlers
 * the Electron IPC uses. The page is served with the strict CSP; bridge calls need the UI token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { SettlementBridge } from '../../shared/ipc/contract';
import {
  BRIDGE_HTTP_PREFIX,
  BRIDGE_MAX_BODY_BYTES,
  BROWSER_CSP,
  RENDERER_CONTENT_TYPES,
} from '../../shared/ipc/http-transport';
import { dispatchBridgeCall, localError } from '../../shared/ipc/dispatch';
import { AppError, toErrorInfo } from '../../shared/errors/app-error';
import { parseJsonBody } from './parse-body';
import {
  decodeSegment,
  hostAllowed,
  retryAfterHeader,
  sendJson,
  tokenMatches,
  type FallbackContext,
} from './http-server';
import { DEFAULT_BODY_BYTES } from './body-limits';
import { weakTokenReason } from '../../shared/token-strength';

/** Bridge methods that carry a whole bill (up to 20,000 lines); every other call gets DEFAULT_BODY_BYTES. */
export const BRIDGE_BILL_METHODS: readonly string[] = ['createBill', 'uploadFees', 'openVisit'];

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
  const weak = weakTokenReason(opts.uiToken);
  if (weak !== null) throw new AppError('CONFIG_INVALID', { message: `界面令牌不安全：${weak}` });
  return async (req: IncomingMessage, res: ServerResponse, ctx: FallbackContext): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const port = opts.port();
    const hostOk = hostAllowed(req.headers.host, port);
    const origin = req.headers.origin;
    const originOk =
      origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname.startsWith(BRIDGE_HTTP_PREFIX)) {
      if (!hostOk || !originOk) {
        sendJson(
          res,
          403,
          { ok: false, error: localError('UNAUTHORIZED', { reason: 'host or origin' }) },
          await ctx.settleUnread(),
        );
        return true;
      }
      if (req.method !== 'POST') {
        sendJson(res, 405, { ok: false, error: localError('NOT_FOUND_ROUTE') }, await ctx.settleUnread());
        return true;
      }
      try {
        ctx.limiter.assertMayTry(ctx.remote);
      } catch (e) {
        await sendRefusal(res, ctx, e);
        return true;
      }
      if (!tokenMatches(req.headers.authorization, opts.uiToken)) {
        ctx.limiter.recordFailure(ctx.remote, '/bridge');
        sendJson(res, 401, { ok: false, error: localError('UNAUTHORIZED') }, await ctx.settleUnread());
        return true;
      }
      let method: string;
      let raw: Uint8Array;
      try {
        method = decodeSegment(url.pathname.slice(BRIDGE_HTTP_PREFIX.length), 'method');
        // Size first (Content-Length before a byte is read), then the body within the method's cap.
        raw = await ctx.body(BRIDGE_BILL_METHODS.includes(method) ? BRIDGE_MAX_BODY_BYTES : DEFAULT_BODY_BYTES);
      } catch (e) {
        await sendRefusal(res, ctx, e);
        return true;
      }
      let arg: unknown;
      try {
        arg = parseJsonBody(raw);
      } catch (e) {
        await sendRefusal(res, ctx, e);
        return true;
      }
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
    if (!path.startsWith(normalize(opts.staticDir) + sep) && path !== normalize(join(opts.staticDir, 'index.html')))
      return false;
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

/** A refused bridge call as a Result with the code's status (413, 429, 503, 400) and its headers. */
async function sendRefusal(res: ServerResponse, ctx: FallbackContext, e: unknown): Promise<void> {
  const status = e instanceof AppError ? e.httpStatus : 500;
  const headers = { ...retryAfterHeader(e), ...(await ctx.settleUnread()) };
  if (!res.destroyed) sendJson(res, status, { ok: false, error: toErrorInfo(e) }, headers);
}

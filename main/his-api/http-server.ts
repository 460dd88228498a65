/**
 * The loopback HTTP server of the HIS API and of the browser-mode UI (docs/architecture.md §1 main/his-api).
 * It binds 127.0.0.1 only and refuses any other peer; `/api/v1/*` needs the HIS bearer token,
 * `/bridge/*` the UI token; nothing throws across HTTP: every failure is a coded JSON error.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ApiRequest, ApiResponse, HttpMethod, OperatorGate, Route } from './route';
import { AppError } from '../../shared/errors/app-error';
import { errorResponse } from './api-error';
import { parseJsonBody } from './parse-body';
import { AuthLimiter } from './auth-limiter';
import {
  BodySlots,
  DEFAULT_BODY_BYTES,
  LARGE_BODY_BYTES,
  REQUEST_TIMEOUT_MS,
  declaredLength,
  payloadTooLarge,
  readBodyCapped,
  serverBusy,
  settleUnreadBody,
} from './body-limits';
import { isSafeText } from '../../shared/text-check';
import { weakTokenReason } from '../../shared/token-strength';

/** What a fallback handler (the browser-mode UI) gets besides the request and response. */
export interface FallbackContext {
  /**
   * Reads the body capped at `limit` bytes: refuses a larger `Content-Length` before reading (and
   * before `100 Continue`), counts a chunked body while reading; rejects with PAYLOAD_TOO_LARGE
   * or SERVER_BUSY (all large-body slots taken).
   */
  body(limit: number): Promise<Uint8Array>;
  /** The failed-token limiter shared with the API. */
  readonly limiter: AuthLimiter;
  /** The peer's address. */
  readonly remote: string;
  /** Await before answering an error without having read the body: the headers to add (see settleUnreadBody). */
  settleUnread(): Promise<Record<string, string>>;
}

export interface HisApiServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The HIS bearer token (config `his_api.token`). */
  readonly token: string;
  readonly routes: readonly Route[];
  /** Extra handler tried before the routes (the browser-mode UI: static files and /bridge/*). */
  readonly fallback?: (req: IncomingMessage, res: ServerResponse, ctx: FallbackContext) => Promise<boolean>;
  readonly log?: (message: string, data?: Readonly<Record<string, unknown>>) => void;
  /** The failed-token limiter (default: a fresh one logging through `log`). */
  readonly limiter?: AuthLimiter;
  /** Large-body slots (default: MAX_LARGE_BODIES). */
  readonly slots?: BodySlots;
  /** Longest wait for in-flight requests at shutdown, ms (default 15 s). */
  readonly drainMs?: number;
  /** Resolves the operator of every non-public route and runs the handler as it (default: none). */
  readonly gate?: OperatorGate;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const pattern = route.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-z_]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, regex: new RegExp(`^${pattern}$`), names };
}

/** True for loopback peers (IPv4, IPv6, IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Constant-time token comparison. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m || token === '') return false;
  const a = Buffer.from(m[1] ?? '');
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when the `Host` header names this server (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`):
 * a page on another name that resolves to 127.0.0.1 (DNS rebinding) is refused.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  const h = (host ?? '').toLowerCase();
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  return names.some((n) => h === `${n}:${port}` || (port === 80 && h === n));
}

/** A path segment decoded, or BAD_REQUEST naming it (a malformed `%` escape is the caller's error). */
export function decodeSegment(raw: string, field: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('BAD_REQUEST', { message: `路径参数 ${field} 的百分号编码不正确。`, detail: { field } });
  }
}

/** Longest path parameter (ids are ≤ 40 characters; anything longer is not an id). */
export const MAX_PATH_PARAM = 100;

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** `Retry-After` of a 429/503 error (from its `detail.retry_after_s`), else none. */
export function retryAfterHeader(err: unknown): Record<string, string> {
  const retry =
    err instanceof AppError ? (err.detail as { retry_after_s?: unknown } | undefined)?.retry_after_s : undefined;
  return typeof retry === 'number' ? { 'Retry-After': String(retry) } : {};
}

/** Starts the server on 127.0.0.1. Refuses a weak HIS token (CONFIG_INVALID) before listening. */
export async function startHisApiServer(opts: HisApiServerOptions): Promise<RunningServer> {
  const weak = weakTokenReason(opts.token);
  if (weak !== null) throw new AppError('CONFIG_INVALID', { message: `配置文件有误：his_api.token: ${weak}` });
  const compiled = opts.routes.map(compile);
  const limiter = opts.limiter ?? new AuthLimiter({ log: (m, d) => opts.log?.(m, d) });
  const slots = opts.slots ?? new BodySlots();
  // Requests being handled: shutdown lets them finish (a settle journals its outcome) before closing.
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const dispatch = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    inFlight += 1;
    let release: (() => void) | null = null;
    let continued = false;
    const ctx: RequestCtx = {
      slot: () => {
        if (release) return;
        release = slots.tryAcquire();
        if (!release) throw serverBusy();
      },
      sendContinue: () => {
        if (!expectsContinue || continued) return;
        continued = true;
        res.writeContinue();
      },
      // Refused before 100 Continue: no body is coming, close. Else drain what is still arriving.
      settleUnread: () => settleUnreadBody(req, expectsContinue && !continued),
    };
    void handle(req, res, ctx)
      .catch(async (err: unknown) => {
        const e = errorResponse(err);
        if (res.headersSent) return void res.destroy();
        const headers = { ...retryAfterHeader(err), ...(await ctx.settleUnread()) };
        if (!res.destroyed) sendJson(res, e.status, e.body, headers);
      })
      .finally(() => {
        (release as (() => void) | null)?.();
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      });
  };
  const server = createServer((req, res) => dispatch(req, res, false));
  // `Expect: 100-continue`: every check (route, token, size, slot) runs first; 100 only if they pass.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => dispatch(req, res, true));
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = 20_000;

  interface RequestCtx {
    slot(): void;
    sendContinue(): void;
    settleUnread(): Promise<Record<string, string>>;
  }

  /** Reads the body within `limit` after the size and slot checks; sends 100 Continue when asked. */
  function bodyReader(req: IncomingMessage, res: ServerResponse, ctx: RequestCtx) {
    let read: Promise<Uint8Array> | null = null;
    return (limit: number): Promise<Uint8Array> => {
      read ??= (async () => {
        const declared = declaredLength(req);
        if (declared !== null && declared > limit) throw payloadTooLarge(limit);
        if (declared !== null && declared > LARGE_BODY_BYTES) ctx.slot();
        ctx.sendContinue();
        return readBodyCapped(req, limit, ctx.slot);
      })();
      return read;
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, ctx: RequestCtx): Promise<void> {
    const remote = req.socket.remoteAddress ?? '';
    if (!isLoopback(remote)) {
      res.writeHead(403, { Connection: 'close' }).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      throw new AppError('BAD_REQUEST', { message: '请求路径不正确。', detail: { field: 'path' } });
    }
    const body = bodyReader(req, res, ctx);
    const fallbackCtx: FallbackContext = { body, limiter, remote, settleUnread: ctx.settleUnread };
    if (!url.pathname.startsWith('/api/') && opts.fallback && (await opts.fallback(req, res, fallbackCtx))) return;
    // DNS rebinding: a page served from another name must not read even the public health answer.
    if (!hostAllowed(req.headers.host, (server.address() as AddressInfo).port)) throw new AppError('HOST_NOT_ALLOWED');
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    const hit = findRoute(compiled, method, url.pathname);
    if (hit === 'method') throw new AppError('NOT_FOUND_ROUTE', { message: '该路径不支持此请求方法。' });
    if (!hit) throw new AppError('NOT_FOUND_ROUTE');
    if (!hit.c.route.public) {
      limiter.assertMayTry(remote);
      if (!tokenMatches(req.headers.authorization, opts.token)) {
        limiter.recordFailure(remote, '/api');
        throw new AppError('UNAUTHORIZED');
      }
    }
    const raw = await body(hit.c.route.maxBodyBytes ?? DEFAULT_BODY_BYTES);
    const apiReq: ApiRequest = {
      method,
      path: url.pathname,
      params: hit.params,
      query: url.searchParams,
      body: hit.c.route.raw ? undefined : parseJsonBody(raw),
      rawBody: raw,
      headers: req.headers,
    };
    const route = hit.c.route;
    const answer: ApiResponse =
      opts.gate && !route.public
        ? await opts.gate(apiReq, route, (r) => route.handler(r))
        : await route.handler(apiReq);
    if (answer.raw) {
      res.writeHead(answer.status, {
        'Content-Type': answer.raw.contentType,
        'Cache-Control': 'no-store',
        ...answer.headers,
      });
      res.end(answer.raw.bytes);
      return;
    }
    sendJson(res, answer.status, answer.body ?? {}, answer.headers);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        // Graceful: in-flight calls finish (bounded), so their outcome is journaled, not left SENDING.
        await Promise.race([
          new Promise<void>((r) => (drained = r)),
          new Promise((r) => setTimeout(r, opts.drainMs ?? 15_000)),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

function findRoute(
  compiled: readonly CompiledRoute[],
  method: HttpMethod,
  path: string,
): { c: CompiledRoute; params: Record<string, string> } | 'method' | null {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      const v = decodeSegment(m[i + 1] ?? '', n);
      // A path id is bounded and plain text: a longer or unsafe one is refused here, never echoed.
      if (v.length > MAX_PATH_PARAM || !isSafeText(v)) {
        throw new AppError('BAD_REQUEST', { message: `路径参数 ${n} 不正确。`, detail: { field: n } });
      }
      params[n] = v;
    });
    return { c, params };
  }
  return pathMatched ? 'method' : null;
}

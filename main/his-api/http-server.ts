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

/** Largest accepted request body (a 20,000-line bill or a catalog file). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface HisApiServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The HIS bearer token (config `his_api.token`). */
  readonly token: string;
  readonly routes: readonly Route[];
  /** Extra handler tried before the routes (the browser-mode UI: static files and /bridge/*). */
  readonly fallback?: (req: IncomingMessage, res: ServerResponse, body: () => Promise<Uint8Array>) => Promise<boolean>;
  readonly log?: (line: string) => void;
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

/** Reads a request body up to MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new AppError('BAD_REQUEST', { message: '请求体过大。' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(text);
}

/** Starts the server on 127.0.0.1. */
export async function startHisApiServer(opts: HisApiServerOptions): Promise<RunningServer> {
  const compiled = opts.routes.map(compile);
  // Requests being handled: shutdown lets them finish (a settle journals its outcome) before closing.
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const server = createServer((req, res) => {
    inFlight += 1;
    void handle(req, res)
      .catch((err: unknown) => {
        const e = errorResponse(err);
        if (!res.headersSent) sendJson(res, e.status, e.body);
        else res.destroy();
      })
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress)) {
      res.writeHead(403).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let bodyPromise: Promise<Uint8Array> | null = null;
    const body = () => (bodyPromise ??= readBody(req));
    if (!url.pathname.startsWith('/api/') && opts.fallback && (await opts.fallback(req, res, body))) return;
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    const hit = findRoute(compiled, method, url.pathname);
    if (hit === 'method') throw new AppError('NOT_FOUND_ROUTE', { message: '该路径不支持此请求方法。' });
    if (!hit) throw new AppError('NOT_FOUND_ROUTE');
    if (!hit.c.route.public && !tokenMatches(req.headers.authorization, opts.token)) throw new AppError('UNAUTHORIZED');
    const raw = await body();
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
    const answer: ApiResponse = opts.gate && !route.public ? await opts.gate(apiReq, route, (r) => route.handler(r)) : await route.handler(apiReq);
    if (answer.raw) {
      res.writeHead(answer.status, { 'Content-Type': answer.raw.contentType, 'Cache-Control': 'no-store', ...answer.headers });
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
        await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, opts.drainMs ?? 15_000))]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

function findRoute(compiled: readonly CompiledRoute[], method: HttpMethod, path: string): { c: CompiledRoute; params: Record<string, string> } | 'method' | null {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { c, params };
  }
  return pathMatched ? 'method' : null;
}

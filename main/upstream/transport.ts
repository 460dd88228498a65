/**
 * One HTTP exchange with the platform over axios, bounded by a deadline (docs/reliability.md §1).
 * It reports what happened as raw facts (a reply text with its status, or a transport error
 * code); `classify-outcome.ts` decides what that means. It never retries.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { isAxiosError } from 'axios';
import type { AxiosInstance } from 'axios';
import { deadlineSignal, HARD_STOP_MARGIN_MS } from './deadline';
import type { CrashPointHook } from '../domain/crash-points';

/** One POST to send. */
export interface ExchangeRequest {
  /** Absolute URL (already checked against the host allowlist). */
  readonly url: string;
  /** Exact JSON text to send. */
  readonly body: string;
  /** Extra headers from the gateway profile. */
  readonly headers: Readonly<Record<string, string>>;
  /** Deadline D of the whole exchange, ms. */
  readonly deadlineMs: number;
  /** Caller's abort signal. */
  readonly signal?: AbortSignal;
}

/** What came back: a complete reply, or a transport error (with the status if headers had arrived). */
export type ExchangeResult =
  | { readonly kind: 'reply'; readonly httpStatus: number; readonly text: string }
  | { readonly kind: 'transport'; readonly code: string; readonly httpStatus?: number; readonly message: string };

/** Sends one exchange. */
export interface Transport {
  exchange(req: ExchangeRequest): Promise<ExchangeResult>;
  /** Drops pooled keep-alive sockets. */
  close(): void;
}

/** Largest reply accepted, bytes; larger replies end as a transport error (UNKNOWN). */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024;

/**
 * One connection per exchange, no keep-alive (docs/reliability.md §4 fault 12). The fault matrix showed
 * that on a reused keep-alive socket a duplicated or late reply to one call is read as the reply
 * to the NEXT call on that socket (the national interface echoes no msgid to tell them apart), so
 * a settle could be credited with another visit's figures. A fresh connection per call also rules
 * out the reset of a request written onto a socket the server is just closing (an UNKNOWN).
 * `timeout` closes a socket left idle (it never is, without keep-alive).
 */
const AGENT_OPTIONS = { keepAlive: false, timeout: 4_000, maxSockets: 16 } as const;

/** Test hooks of the transport; production passes none. */
export interface TransportHooks {
  /**
   * The crash harness's kill point `after-request-written` (docs/reliability.md §4): called when a
   * request's bytes have been handed to the operating system, with the transaction code read from
   * the body. Without it the transport is exactly the production one.
   */
  readonly crashPoint?: CrashPointHook;
}

/** The axios transport with the settings of docs/reliability.md §1. */
export function createAxiosTransport(hooks: TransportHooks = {}): Transport {
  const httpAgent = new http.Agent(AGENT_OPTIONS);
  const httpsAgent = new https.Agent(AGENT_OPTIONS);
  const client: AxiosInstance = axios.create({
    proxy: false, // never an environment proxy: hosts only from the allowlist (docs/reliability.md §1)
    responseType: 'text',
    transformRequest: [(d: unknown) => d], // send the exact body text
    transformResponse: [(d: unknown) => d], // parse ourselves with lossless-json
    validateStatus: () => true, // every status is a reply; the classifier decides
    maxRedirects: 0, // a redirect is a non-200 reply, never followed
    maxContentLength: MAX_REPLY_BYTES,
    httpAgent,
    httpsAgent,
    ...(hooks.crashPoint ? { transport: hookedTransport(hooks.crashPoint) } : {}),
  });
  return {
    exchange: (req) => exchangeWith(client, req),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/**
 * Node's http/https request with a 'finish' listener: 'finish' fires once the last byte of the
 * request is handed to the OS, which is the `after-request-written` point.
 */
function hookedTransport(hook: CrashPointHook): { request: typeof http.request } {
  const request = ((options: http.RequestOptions, cb?: (res: http.IncomingMessage) => void) => {
    const req = (options.protocol === 'https:' ? https.request : http.request)(options, cb);
    let body = '';
    const write = req.write.bind(req);
    req.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (body.length < 200 && (typeof chunk === 'string' || Buffer.isBuffer(chunk)))
        body += chunk.toString().slice(0, 200);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof req.write;
    req.once('finish', () => hook('after-request-written', /"infno"\s*:\s*"(\w+)"/.exec(body)?.[1] ?? ''));
    return req;
  }) as typeof http.request;
  return { request };
}

async function exchangeWith(client: AxiosInstance, req: ExchangeRequest): Promise<ExchangeResult> {
  const signal = deadlineSignal(req.deadlineMs, req.signal);
  let hardStop: NodeJS.Timeout | undefined;
  // Belt and braces for R3: whatever the HTTP stack does, the caller gets an answer shortly after D.
  const stop = new Promise<ExchangeResult>((resolve) => {
    hardStop = setTimeout(
      () => resolve({ kind: 'transport', code: 'ERR_DEADLINE', message: 'deadline passed without an answer' }),
      req.deadlineMs + HARD_STOP_MARGIN_MS,
    );
  });
  const send = client
    .post<string>(req.url, req.body, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json',
        'User-Agent': 'yidi-adapter',
        ...req.headers,
      },
      timeout: req.deadlineMs,
      signal,
    })
    .then(
      (res): ExchangeResult => ({
        kind: 'reply',
        httpStatus: res.status,
        text: typeof res.data === 'string' ? res.data : String(res.data),
      }),
      (err: unknown): ExchangeResult => transportErrorOf(err),
    );
  try {
    return await Promise.race([send, stop]);
  } finally {
    clearTimeout(hardStop);
  }
}

/** The Node/axios code of a failed exchange (`ECONNREFUSED`, `ERR_CANCELED` …); `ERR_UNKNOWN` if none. */
export function transportErrorOf(err: unknown): ExchangeResult {
  if (isAxiosError(err)) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
    // Node's own code is more precise than axios' generic wrapper codes.
    const code = causeCode ?? err.code ?? 'ERR_UNKNOWN';
    const status = err.response?.status;
    return status === undefined
      ? { kind: 'transport', code, message: err.message }
      : { kind: 'transport', code, httpStatus: status, message: err.message };
  }
  const code =
    typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : 'ERR_UNKNOWN';
  return { kind: 'transport', code, message: err instanceof Error ? err.message : 'error' };
}

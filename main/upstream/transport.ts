/**
 * One HTTP exchange with the platform over axios, bounded by a deadline (reliability.md §1).
 * It reports what happened as raw facts (a reply text with its status, or a transport error
 * code); `classify-outcome.ts` decides what that means. It never retries.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { isAxiosError } from 'axios';
import type { AxiosInstance } from 'axios';
import { deadlineSignal, HARD_STOP_MARGIN_MS } from './deadline';

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
 * Keep-alive pool. Idle sockets are closed after 4 s, before the usual 5 s server keep-alive
 * timeout, so a request is rarely written onto a socket the server is closing (that would be a
 * reset, i.e. UNKNOWN).
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000, maxSockets: 16, maxFreeSockets: 4 } as const;

/** The axios transport with the settings of reliability.md §1. */
export function createAxiosTransport(): Transport {
  const httpAgent = new http.Agent(AGENT_OPTIONS);
  const httpsAgent = new https.Agent(AGENT_OPTIONS);
  const client: AxiosInstance = axios.create({
    proxy: false, // never an environment proxy: hosts only from the allowlist (reliability.md §1)
    responseType: 'text',
    transformRequest: [(d: unknown) => d], // send the exact body text
    transformResponse: [(d: unknown) => d], // parse ourselves with lossless-json
    validateStatus: () => true, // every status is a reply; the classifier decides
    maxRedirects: 0, // a redirect is a non-200 reply, never followed
    maxContentLength: MAX_REPLY_BYTES,
    httpAgent,
    httpsAgent,
  });
  return {
    exchange: (req) => exchangeWith(client, req),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
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
      (res): ExchangeResult => ({ kind: 'reply', httpStatus: res.status, text: typeof res.data === 'string' ? res.data : String(res.data) }),
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
    return status === undefined ? { kind: 'transport', code, message: err.message } : { kind: 'transport', code, httpStatus: status, message: err.message };
  }
  const code = typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : 'ERR_UNKNOWN';
  return { kind: 'transport', code, message: err instanceof Error ? err.message : 'error' };
}

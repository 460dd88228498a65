/**
 * How much a caller may send (hardening issue item 1): a cap per route, checked on
 * `Content-Length` before a byte is read (and before `100 Continue`), counted while a chunked body
 * is read; and a bound on how many large bodies are read and handled at once, so three parallel
 * bill-sized bodies cannot add up past the heap. One caller must never stop every window.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../shared/errors/app-error';

const MB = 1024 * 1024;

/** The cap of a route that does not name one: every JSON request but the bills, bytes. */
export const DEFAULT_BODY_BYTES = 1 * MB;

/**
 * The cap of a bill route (fees, preview, inbox, the bridge's createBill/uploadFees), bytes: a bill
 * of 20,000 lines at ~800 bytes a line (a realistic line is 250–400 bytes).
 */
export const BILL_BODY_BYTES = 16 * MB;

/** A body above this many bytes (declared, or read so far) needs one of the large-body slots. */
export const LARGE_BODY_BYTES = 256 * 1024;

/** How many large bodies are read, parsed and handled at once; one more is answered 503. */
export const MAX_LARGE_BODIES = 2;

/** Seconds a caller refused for a full server should wait (the `Retry-After` header). */
export const BUSY_RETRY_AFTER_S = 2;

/** The longest a request may take to arrive in full, ms (slow senders are cut). */
export const REQUEST_TIMEOUT_MS = 60_000;

/** A 413 naming the limit; the caller's size is not echoed. */
export function payloadTooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', {
    message: `请求体过大：此接口最多接受 ${formatBytes(limit)}。`,
    detail: { limit_bytes: limit },
  });
}

/** "16 MB", "256 KB", "100 字节". */
export function formatBytes(n: number): string {
  if (n >= MB && n % MB === 0) return `${n / MB} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} 字节`;
}

/** The declared `Content-Length`, or null when absent (chunked) or unreadable. */
export function declaredLength(req: IncomingMessage): number | null {
  const h = req.headers['content-length'];
  if (h === undefined) return null;
  return /^\d{1,15}$/.test(h) ? Number(h) : null;
}

/** Most bytes of a refused body read and thrown away after the answer, before the socket is cut. */
export const MAX_DRAIN_BYTES = 128 * MB;

/**
 * Before an error answer to a request whose body was not read. A caller that asked
 * `Expect: 100-continue` and got none sends no body: the connection just closes (`closeNow`).
 * Any other caller is still sending; answering now and closing would reach it as a reset
 * mid-upload, so the rest is read and thrown away first (nothing is buffered), up to
 * MAX_DRAIN_BYTES; a body declared larger is answered at once with `Connection: close`, and a
 * chunked one that passes the bound is cut. Resolves with the headers the answer needs.
 */
export async function settleUnreadBody(req: IncomingMessage, closeNow: boolean): Promise<Record<string, string>> {
  if (req.complete || req.readableEnded) return {};
  const declared = declaredLength(req);
  if (closeNow || (declared !== null && declared > MAX_DRAIN_BYTES)) return { Connection: 'close' };
  await new Promise<void>((resolve) => {
    let drained = 0;
    req.removeAllListeners('data');
    req.on('data', (c: Buffer) => {
      drained += c.length;
      if (drained > MAX_DRAIN_BYTES) {
        req.socket.destroy();
        resolve();
      }
    });
    req.once('end', () => resolve());
    req.once('close', () => resolve());
    req.resume();
  });
  return {};
}

/** Counting semaphore of the large-body slots; `tryAcquire` never waits. */
export class BodySlots {
  private used = 0;

  constructor(private readonly max = MAX_LARGE_BODIES) {}

  /** A release function, or null when every slot is taken. Releasing twice is harmless. */
  tryAcquire(): (() => void) | null {
    if (this.used >= this.max) return null;
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
    };
  }

  /** Slots in use now (for tests and health). */
  get inUse(): number {
    return this.used;
  }
}

/** 503 SERVER_BUSY: too many large bodies at once; retry after `BUSY_RETRY_AFTER_S`. */
export function serverBusy(): AppError {
  return new AppError('SERVER_BUSY', { detail: { retry_after_s: BUSY_RETRY_AFTER_S } });
}

/**
 * Reads a body of at most `limit` bytes. Past the limit it stops reading (the socket is paused,
 * nothing more is buffered) and rejects with PAYLOAD_TOO_LARGE; the server then answers 413 and
 * closes the connection. A `grow` hook is called once when the body passes LARGE_BODY_BYTES
 * (a chunked body that turned out large must take a slot or be refused).
 */
export function readBodyCapped(req: IncomingMessage, limit: number, grow?: () => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let grown = false;
    let done = false;
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.pause();
      chunks.length = 0;
      reject(e);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) return fail(payloadTooLarge(limit));
      if (!grown && size > LARGE_BODY_BYTES && grow) {
        grown = true;
        try {
          grow();
        } catch (e) {
          return fail(e);
        }
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', fail);
    req.on('aborted', () => fail(new AppError('BAD_REQUEST', { message: '请求体没有传完，连接已中断。' })));
  });
}

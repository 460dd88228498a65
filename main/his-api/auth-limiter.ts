/**
 * Rate limit of failed token checks (hardening issue item 6): a token bucket per remote address.
 * Each failed check takes one token; with the bucket empty, that address is answered 429
 * TOO_MANY_ATTEMPTS without its token being compared (so guessing gets no answer at all) until
 * the bucket refills. Each burst — the bucket running dry — is logged once, with the address and
 * the route family, never the token sent.
 */
import { AppError } from '../../shared/errors/app-error';

export interface AuthLimiterOptions {
  /** Failed checks allowed in a row before refusing (the bucket size). */
  readonly capacity?: number;
  /** Failed checks regained per second. */
  readonly refillPerSecond?: number;
  /** Epoch ms. */
  readonly clock?: () => number;
  /** Called once per burst. */
  readonly log?: (message: string, data: Readonly<Record<string, unknown>>) => void;
}

interface Bucket {
  tokens: number;
  at: number;
  /** True from the moment the bucket ran dry until it is full again (one log line per burst). */
  inBurst: boolean;
  refused: number;
}

/** Most addresses tracked; full buckets are dropped first (loopback only, so this is plenty). */
const MAX_TRACKED = 1_000;

/** Token buckets of failed token checks, per remote address. */
export class AuthLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refill: number;
  private readonly clock: () => number;

  constructor(private readonly opts: AuthLimiterOptions = {}) {
    this.capacity = opts.capacity ?? 10;
    this.refill = opts.refillPerSecond ?? 2;
    this.clock = opts.clock ?? Date.now;
  }

  /** Throws 429 TOO_MANY_ATTEMPTS when `address` has no failed checks left; call before comparing. */
  assertMayTry(address: string): void {
    const b = this.bucket(address);
    if (b.tokens >= 1) return;
    b.refused++;
    const waitS = Math.max(1, Math.ceil((1 - b.tokens) / this.refill));
    throw new AppError('TOO_MANY_ATTEMPTS', { detail: { retry_after_s: waitS } });
  }

  /** Records one failed check of `address` on `route` (a path family like `/api` or `/bridge`). */
  recordFailure(address: string, route: string): void {
    const b = this.bucket(address);
    b.tokens = Math.max(0, b.tokens - 1);
    if (b.tokens < 1 && !b.inBurst) {
      b.inBurst = true;
      b.refused = 0;
      this.opts.log?.('auth: repeated wrong tokens, refusing for a while', {
        remote: address,
        route,
        failures: this.capacity,
      });
    }
  }

  private bucket(address: string): Bucket {
    const now = this.clock();
    let b = this.buckets.get(address);
    if (!b) {
      if (this.buckets.size >= MAX_TRACKED) this.prune(now);
      b = { tokens: this.capacity, at: now, inBurst: false, refused: 0 };
      this.buckets.set(address, b);
      return b;
    }
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refill);
    b.at = now;
    if (b.tokens >= this.capacity && b.inBurst) {
      b.inBurst = false;
      if (b.refused > 0) this.opts.log?.('auth: burst of wrong tokens ended', { remote: address, refused: b.refused });
    }
    return b;
  }

  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.refill >= this.capacity) this.buckets.delete(k);
    }
    if (this.buckets.size >= MAX_TRACKED) this.buckets.clear();
  }
}

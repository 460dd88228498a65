/**
 * The sm style's OAuth2 access token (docs/protocol.md §1.3 C): taken once, shared by concurrent calls
 * (single flight), renewed before it expires, and dropped after a `[GATEWAY_TOKEN]` refusal so
 * that the next call takes a new one.
 */

/** A token as the token endpoint gave it. */
export interface IssuedToken {
  readonly accessToken: string;
  /** Lifetime, seconds (`expires_in`). */
  readonly expiresInS: number;
}

/** Renew this long before expiry at most, ms (and at most a tenth of the lifetime). */
const RENEW_BEFORE_MS = 60_000;

/** The token cache. `fetch` takes a new token; `clock` is epoch ms. */
export class SmTokenCache {
  private token: string | null = null;
  private renewAt = 0;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly fetch: () => Promise<IssuedToken>,
    private readonly clock: () => number,
  ) {}

  /** A valid token: the cached one, or a new one when none is cached or it is due for renewal. */
  get(): Promise<string> {
    if (this.token !== null && this.clock() < this.renewAt) return Promise.resolve(this.token);
    if (this.inFlight !== null) return this.inFlight;
    const p = this.fetch()
      .then((t) => {
        const lifeMs = Math.max(0, t.expiresInS) * 1000;
        this.token = t.accessToken;
        this.renewAt = this.clock() + lifeMs - Math.min(RENEW_BEFORE_MS, lifeMs / 10);
        return t.accessToken;
      })
      .finally(() => {
        this.inFlight = null;
      });
    this.inFlight = p;
    return p;
  }

  /** Forgets the cached token; returns true when there was one (so a new one will be taken). */
  drop(): boolean {
    const had = this.token !== null;
    this.token = null;
    this.renewAt = 0;
    return had;
  }
}

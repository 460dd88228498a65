/**
 * The sign_no cache (docs/protocol.md §2.1, §4 "sign_no"): one 9001 sign-in per operator, kept until
 * the platform refuses it. Concurrent calls of one operator share one sign-in in flight.
 */

/** A cached sign-in. */
export interface SignInEntry {
  readonly signNo: string;
  /** When it was obtained, epoch ms. */
  readonly at: number;
}

const SIGN_IN_REFUSAL =
  /签到.{0,12}(失效|无效|过期|超期|不存在|错误)|未签到|请.{0,4}签到|重新签到|sign[_\s-]?no.{0,24}(invalid|expired|not\s*found|无效|失效|过期|不存在|错误)|not\s+signed\s+in/i;

/**
 * True when a refusal says the sign_no is no longer valid: the bracket code `SIGN_NO_INVALID`
 * (docs/sandbox-policy.md §2) or an err_msg about 签到 / sign_no.
 */
export function isSignInRefusal(errCode: string | undefined, errMsg: string | undefined): boolean {
  return errCode === 'SIGN_NO_INVALID' || (errMsg !== undefined && SIGN_IN_REFUSAL.test(errMsg));
}

/** Per-operator cache of sign_no with single-flight sign-in. */
export class SignInCache {
  private readonly entries = new Map<string, SignInEntry>();
  private readonly inflight = new Map<string, Promise<SignInEntry>>();

  /** The cached sign-in of `opter`, if any. */
  get(opter: string): SignInEntry | undefined {
    return this.entries.get(opter);
  }

  /**
   * Forgets `opter`'s sign_no; when `signNo` is given, only if it is still the cached one (a
   * newer sign-in by a concurrent call is kept).
   */
  invalidate(opter: string, signNo?: string): void {
    const e = this.entries.get(opter);
    if (e !== undefined && (signNo === undefined || e.signNo === signNo)) this.entries.delete(opter);
  }

  /** The cached sign-in, or the result of `signIn()`, shared by concurrent callers. */
  async obtain(opter: string, signIn: () => Promise<SignInEntry>): Promise<SignInEntry> {
    const cached = this.entries.get(opter);
    if (cached !== undefined) return cached;
    return this.refresh(opter, signIn);
  }

  /** Signs in again now (joining one already in flight) and caches the result. */
  async refresh(opter: string, signIn: () => Promise<SignInEntry>): Promise<SignInEntry> {
    const running = this.inflight.get(opter);
    if (running !== undefined) return running;
    const p = signIn().then((entry) => {
      this.entries.set(opter, entry);
      return entry;
    });
    this.inflight.set(opter, p);
    try {
      return await p;
    } finally {
      this.inflight.delete(opter);
    }
  }
}

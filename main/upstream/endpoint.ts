/**
 * Gateway profiles: where a transaction is posted, which extra headers it carries and how its body
 * is encoded (docs/protocol.md §1.3). The plain profile lives here; the csb, tif and sm styles are in
 * `profiles/` and implement the same {@link GatewayProfile} interface.
 */
import { CALL_SERVICE_PATH } from '../../shared/protocol/gateway-refusals';
import type { PreparedCall } from './ports';

/** The single path of the plain profile (docs/his-api.md "Upstream address"; the sandbox serves it). */
export const PLAIN_PATH = CALL_SERVICE_PATH;

/** What differs between regional gateways, as far as the transport is concerned. */
export interface GatewayProfile {
  /** Profile name for logs (`plain`, `csb`, `tif` …). */
  readonly name: string;
  /** Absolute URL that transaction `infno` is posted to. */
  urlFor(infno: string): string;
  /**
   * Extra request headers for this call (signatures, tokens). May be async (an OAuth token).
   * Throwing here is a local error before sending: the call ends NOT_SENT.
   */
  headersFor(call: PreparedCall): Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
  /**
   * Non-200 HTTP statuses that this gateway documents as "refused, not processed"; they end
   * DEFINITE_FAIL. Every other non-200 status is UNKNOWN (docs/reliability.md §1).
   */
  readonly definiteStatuses: ReadonlySet<number>;
  /**
   * The text that goes on the wire for this call; default `call.body`. The sm style encrypts
   * `input` and signs it here. Throwing is a local error before sending (NOT_SENT).
   */
  wireBodyOf?(call: PreparedCall): string;
  /**
   * The reply text as the classifier reads it; default unchanged. The sm style decrypts an
   * encrypted `output` here. Must not throw: a reply it cannot read is passed on unchanged.
   */
  readReply?(text: string): string;
  /**
   * Forgets a cached access token after a `[GATEWAY_TOKEN]` refusal. Returns true when the next
   * call will take a new token (so repeating the refused call once makes sense).
   */
  dropToken?(): boolean;
}

/**
 * Thrown by a profile while preparing a call when the gateway itself refused a preliminary
 * exchange (the sm token request): the call ends NOT_SENT with the refusal's code.
 */
export class GatewayRefusalError extends Error {
  constructor(
    /** `GATEWAY_TOKEN`, `GATEWAY_SIGNATURE` … */
    readonly code: string,
    /** The gateway's raw `err_msg`. */
    readonly errMsg: string,
    readonly httpStatus: number,
  ) {
    super(`gateway refused: ${code}`);
    this.name = 'GatewayRefusalError';
  }
}

/** Thrown by a profile when a preliminary exchange (the sm token request) could not connect. */
export class GatewayTransportError extends Error {
  constructor(readonly code: string) {
    super(`gateway exchange failed: ${code}`);
    this.name = 'GatewayTransportError';
  }
}

/** A normalised base URL and an optional warning for the log. */
export interface NormalisedBase {
  /** `scheme://host[:port][/prefix]`, without trailing slash. */
  readonly base: string;
  /** Set when the configured URL had to be corrected (already ended with the plain path). */
  readonly warning?: string;
}

/**
 * Normalises `upstream.url` (docs/his-api.md "Upstream address"): only http/https, no query or
 * fragment, trailing slashes dropped, and a URL already ending with {@link PLAIN_PATH} accepted
 * with a warning instead of doubling the path. Throws `TypeError` for an unusable URL.
 */
export function normaliseBaseUrl(url: string): NormalisedBase {
  const u = new URL(url.trim());
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new TypeError(`upstream url must be http or https, got ${u.protocol}`);
  }
  if (u.search !== '' || u.hash !== '') throw new TypeError('upstream url must not carry a query or fragment');
  if (u.username !== '' || u.password !== '') throw new TypeError('upstream url must not carry credentials');
  let path = u.pathname.replace(/\/+$/, '');
  let warning: string | undefined;
  if (path.toLowerCase().endsWith(PLAIN_PATH.toLowerCase())) {
    path = path.slice(0, path.length - PLAIN_PATH.length);
    warning = `upstream url already ends with ${PLAIN_PATH}; using ${u.origin}${path} as the base`;
  }
  const base = `${u.origin}${path}`;
  return warning === undefined ? { base } : { base, warning };
}

/**
 * The plain profile: every transaction is a POST of the envelope to `{url}/fsi/api/rsfComIfsService/callService`,
 * the infno in the body picks the trade, no extra headers, no definite non-200 status.
 * `warn` receives the normalisation warning, if any.
 */
export function createPlainProfile(url: string, warn?: (message: string) => void): GatewayProfile {
  const { base, warning } = normaliseBaseUrl(url);
  if (warning !== undefined) warn?.(warning);
  const target = `${base}${PLAIN_PATH}`;
  return {
    name: 'plain',
    urlFor: () => target,
    headersFor: () => ({}),
    definiteStatuses: new Set<number>(),
  };
}

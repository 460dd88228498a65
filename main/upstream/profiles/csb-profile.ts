/**
 * The csb gateway style (docs/protocol.md §1.3 A): one endpoint, `_api_*` headers signed with
 * HMAC-SHA1 (key = secret) over the other four headers as sorted `name=value` pairs joined by `&`.
 */
import { createHmac } from 'node:crypto';
import { normaliseBaseUrl, PLAIN_PATH } from '../endpoint';
import type { GatewayProfile } from '../endpoint';

/** Keys of the csb style. */
export interface CsbSettings {
  readonly access_key: string;
  readonly secret: string;
  readonly api_version: string;
}

/** The string the csb signature is computed over (exported for the signing-vector test). */
export function csbStringToSign(headers: Readonly<Record<string, string>>): string {
  return Object.keys(headers)
    .filter((k) => k.startsWith('_api_') && k !== '_api_signature')
    .sort()
    .map((k) => `${k}=${headers[k] ?? ''}`)
    .join('&');
}

/** Base64 HMAC-SHA1 of `text` with `secret`. */
export function csbSignature(secret: string, text: string): string {
  return createHmac('sha1', secret).update(text, 'utf8').digest('base64');
}

/** The csb profile on base URL `url`; `clock` gives epoch ms (the timestamp header is in ms). */
export function createCsbProfile(
  url: string,
  s: CsbSettings,
  clock: () => number,
  warn?: (m: string) => void,
): GatewayProfile {
  const { base, warning } = normaliseBaseUrl(url);
  if (warning !== undefined) warn?.(warning);
  const target = `${base}${PLAIN_PATH}`;
  return {
    name: 'csb',
    urlFor: () => target,
    headersFor: (call) => {
      const h: Record<string, string> = {
        _api_name: call.infno,
        _api_version: s.api_version,
        _api_access_key: s.access_key,
        _api_timestamp: String(Math.trunc(clock())),
      };
      h['_api_signature'] = csbSignature(s.secret, csbStringToSign(h));
      return h;
    },
    // Refusals are recognised by their `[GATEWAY_*]` envelope (classify-outcome.ts), not by status alone.
    definiteStatuses: new Set<number>(),
  };
}

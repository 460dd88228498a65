/**
 * The tif gateway style (docs/protocol.md §1.3 B): one path per transaction under `path_prefix`, and
 * `x-tif-*` headers signed with lower-case hex SHA-256 of `timestamp + paas_token + nonce + timestamp`
 * (timestamp in Unix seconds).
 */
import { createHash, randomInt } from 'node:crypto';
import { tifPathOf } from '../../../shared/protocol/gateway-refusals';
import { normaliseBaseUrl } from '../endpoint';
import type { GatewayProfile } from '../endpoint';

/** Keys of the tif style. */
export interface TifSettings {
  readonly paas_id: string;
  readonly paas_token: string;
  /** e.g. `/ebus/rio_fsi`; `""` for none. */
  readonly path_prefix: string;
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh random nonce of 32 letters and digits. */
export function tifNonce(): string {
  let out = '';
  for (let i = 0; i < 32; i++) out += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return out;
}

/** Lower-case hex SHA-256 of `timestamp + paasToken + nonce + timestamp`. */
export function tifSignature(timestamp: string, paasToken: string, nonce: string): string {
  return createHash('sha256').update(`${timestamp}${paasToken}${nonce}${timestamp}`, 'utf8').digest('hex');
}

/** `/ebus/rio_fsi/` → `/ebus/rio_fsi`; `""` stays `""`; a missing leading slash is added. */
function normalisePrefix(prefix: string): string {
  const p = prefix.trim().replace(/\/+$/, '');
  return p === '' || p.startsWith('/') ? p : `/${p}`;
}

/** The tif profile on base URL `url`; `clock` gives epoch ms. */
export function createTifProfile(
  url: string,
  s: TifSettings,
  clock: () => number,
  warn?: (m: string) => void,
): GatewayProfile {
  const { base, warning } = normaliseBaseUrl(url);
  if (warning !== undefined) warn?.(warning);
  const prefix = normalisePrefix(s.path_prefix);
  return {
    name: 'tif',
    urlFor: (infno) => `${base}${prefix}${tifPathOf(infno)}`,
    headersFor: () => {
      const timestamp = String(Math.floor(clock() / 1000));
      const nonce = tifNonce();
      return {
        'x-tif-paasid': s.paas_id,
        'x-tif-timestamp': timestamp,
        'x-tif-nonce': nonce,
        'x-tif-signature': tifSignature(timestamp, s.paas_token, nonce),
      };
    },
    // Refusals are recognised by their `[GATEWAY_*]` envelope (classify-outcome.ts), not by status alone.
    definiteStatuses: new Set<number>(),
  };
}

/**
 * The header checks of the csb and tif gateway styles (docs/protocol.md §1.3 A and B), written for the
 * sandbox independently of the adapter's signing code. Each returns null (pass) or the refusal.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GATEWAY_MAX_SKEW_S } from '../../shared/protocol/gateway-refusals';
import type { GatewayFile } from './gateway-file';
import { refuse, type Refusal } from './refusal';

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** csb: `_api_access_key` known, `_api_timestamp` (ms) within 300 s, `_api_name` = infno, HMAC-SHA1 signature. */
export function checkCsb(
  gw: Extract<GatewayFile, { style: 'csb' }>,
  h: IncomingHttpHeaders,
  infno: string | null,
  nowMs: number,
): Refusal | null {
  const name = header(h, '_api_name');
  const version = header(h, '_api_version');
  const accessKey = header(h, '_api_access_key');
  const timestamp = header(h, '_api_timestamp');
  const signature = header(h, '_api_signature');
  if (accessKey === undefined || accessKey !== gw.access_key) return refuse('GATEWAY_TOKEN', 'unknown _api_access_key');
  if (name === undefined || version === undefined || timestamp === undefined || signature === undefined) {
    return refuse('GATEWAY_SIGNATURE', 'missing _api_* header');
  }
  if (!/^\d{1,16}$/.test(timestamp)) return refuse('GATEWAY_SIGNATURE', '_api_timestamp is not Unix milliseconds');
  if (Math.abs(nowMs - Number(timestamp)) > GATEWAY_MAX_SKEW_S * 1000)
    return refuse('GATEWAY_CLOCK_SKEW', 'timestamp off');
  const text = [
    `_api_access_key=${accessKey}`,
    `_api_name=${name}`,
    `_api_timestamp=${timestamp}`,
    `_api_version=${version}`,
  ].join('&');
  const expected = createHmac('sha1', gw.secret).update(text, 'utf8').digest('base64');
  if (!sameText(expected, signature)) return refuse('GATEWAY_SIGNATURE', 'bad _api_signature');
  if (infno !== null && name !== infno) return refuse('GATEWAY_SIGNATURE', '_api_name differs from the body infno');
  return null;
}

/** tif: `x-tif-paasid` known, nonce of 16–32 letters and digits, timestamp (s) within 300 s, SHA-256 signature. */
export function checkTif(
  gw: Extract<GatewayFile, { style: 'tif' }>,
  h: IncomingHttpHeaders,
  nowMs: number,
): Refusal | null {
  const paasid = header(h, 'x-tif-paasid');
  const timestamp = header(h, 'x-tif-timestamp');
  const nonce = header(h, 'x-tif-nonce');
  const signature = header(h, 'x-tif-signature');
  if (paasid === undefined || paasid !== gw.paas_id) return refuse('GATEWAY_TOKEN', 'unknown x-tif-paasid');
  if (timestamp === undefined || nonce === undefined || signature === undefined)
    return refuse('GATEWAY_SIGNATURE', 'missing x-tif-* header');
  if (!/^[A-Za-z0-9]{16,32}$/.test(nonce))
    return refuse('GATEWAY_SIGNATURE', 'x-tif-nonce must be 16–32 letters and digits');
  if (!/^\d{1,13}$/.test(timestamp)) return refuse('GATEWAY_SIGNATURE', 'x-tif-timestamp is not Unix seconds');
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > GATEWAY_MAX_SKEW_S)
    return refuse('GATEWAY_CLOCK_SKEW', 'timestamp off');
  const expected = createHash('sha256')
    .update(`${timestamp}${gw.paas_token}${nonce}${timestamp}`, 'utf8')
    .digest('hex');
  if (!sameText(expected, signature)) return refuse('GATEWAY_SIGNATURE', 'bad x-tif-signature');
  return null;
}

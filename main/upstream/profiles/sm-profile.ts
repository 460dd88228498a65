/**
 * The sm gateway style (docs/protocol.md §1.3 C): an OAuth2 password-grant token at
 * `{url}/auth/oauth/token`, calls to `{url}/mbs/fmi/fsi/api/callFsiService/callService` with
 * `Authorization: Bearer`, `input` encrypted with SM4 and signed with SM2 in `cainfo`, and an
 * encrypted `output` decrypted on the way back.
 */
import { parse, parseLosslessNumber, stringify } from 'lossless-json';
import { SM_CALL_PATH, SM_TOKEN_PATH } from '../../../shared/protocol/gateway-refusals';
import { isGatewayRefusalCode } from '../../../shared/protocol/gateway-refusals';
import { bracketCodeOf, NO_CONNECTION_CODES } from '../classify-outcome';
import { GatewayRefusalError, GatewayTransportError, normaliseBaseUrl } from '../endpoint';
import type { GatewayProfile } from '../endpoint';
import type { Transport } from '../transport';
import { sm2PublicKeyOf, sm2SignBase64, sm4DecryptBase64, sm4EncryptBase64 } from './sm-codec';
import { SmTokenCache } from './sm-token-cache';
import type { IssuedToken } from './sm-token-cache';

/** Keys of the sm style (secrets resolved). */
export interface SmSettings {
  readonly client_id: string;
  readonly client_secret: string;
  readonly username: string;
  readonly password: string;
  readonly scope: string;
  readonly sm4_key: string;
  readonly sm2_private_key: string;
}

/** What the sm profile needs besides its keys. */
export interface SmProfileDeps {
  /** The transport of the token request (the client's own). */
  readonly transport: Transport;
  /** Epoch ms. */
  readonly clock: () => number;
  /** Deadline of the token request, ms. */
  readonly timeoutMs: number;
  readonly warn?: (message: string) => void;
}

/** Longest token reply read, characters. */
const MAX_TOKEN_REPLY = 16_384;

function parseJson(text: string): unknown {
  return parse(text, null, parseLosslessNumber);
}

/** The wire envelope of an sm call: `input` encrypted, `cainfo` signed, `enc_type`/`signtype` set. */
export function smWireBody(
  plainBody: string,
  s: Pick<SmSettings, 'sm4_key' | 'sm2_private_key'>,
  publicKey: string,
): string {
  const env = parseJson(plainBody) as Record<string, unknown>;
  const inputText = stringify(env['input']) ?? 'null';
  const out: Record<string, unknown> = {
    ...env,
    cainfo: sm2SignBase64(inputText, s.sm2_private_key, publicKey),
    signtype: 'SM2',
    enc_type: 'SM4',
    input: sm4EncryptBase64(inputText, s.sm4_key),
  };
  return stringify(out) ?? '';
}

/** The reply text with an encrypted (string) `output` replaced by its plain JSON; unchanged if it cannot. */
export function smReadReply(text: string, sm4Key: string): string {
  try {
    const env = parseJson(text);
    if (env === null || typeof env !== 'object' || Array.isArray(env)) return text;
    const output = (env as Record<string, unknown>)['output'];
    if (typeof output !== 'string' || output.trim() === '') return text;
    const plain = parseJson(sm4DecryptBase64(output.trim(), sm4Key));
    return stringify({ ...(env as Record<string, unknown>), output: plain }) ?? text;
  } catch {
    // Unreadable: the classifier sees the string output and says so (UNKNOWN), never a guess.
    return text;
  }
}

/** The sm profile on base URL `url`. */
export function createSmProfile(url: string, s: SmSettings, deps: SmProfileDeps): GatewayProfile {
  const { base, warning } = normaliseBaseUrl(url);
  if (warning !== undefined) deps.warn?.(warning);
  const publicKey = sm2PublicKeyOf(s.sm2_private_key);
  const tokens = new SmTokenCache(() => fetchToken(`${base}${SM_TOKEN_PATH}`, s, deps), deps.clock);
  const target = `${base}${SM_CALL_PATH}`;
  return {
    name: 'sm',
    urlFor: () => target,
    headersFor: async () => ({ Authorization: `Bearer ${await tokens.get()}` }),
    wireBodyOf: (call) => smWireBody(call.body, s, publicKey),
    readReply: (text) => smReadReply(text, s.sm4_key),
    dropToken: () => {
      tokens.drop();
      return true;
    },
    definiteStatuses: new Set<number>(),
  };
}

/** `POST {url}/auth/oauth/token`, password grant, Basic client credentials. */
async function fetchToken(tokenUrl: string, s: SmSettings, deps: SmProfileDeps): Promise<IssuedToken> {
  const form = new URLSearchParams({
    grant_type: 'password',
    username: s.username,
    password: s.password,
    scope: s.scope,
  }).toString();
  const basic = Buffer.from(`${s.client_id}:${s.client_secret}`, 'utf8').toString('base64');
  const ex = await deps.transport.exchange({
    url: tokenUrl,
    body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
    deadlineMs: deps.timeoutMs,
  });
  if (ex.kind === 'transport') {
    throw ex.httpStatus === undefined && NO_CONNECTION_CODES.has(ex.code)
      ? new GatewayTransportError(ex.code)
      : new Error(`token request failed: ${ex.code}`);
  }
  const text = ex.text.slice(0, MAX_TOKEN_REPLY);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`token reply is not JSON (HTTP ${ex.httpStatus})`);
  }
  const rec = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (ex.httpStatus !== 200) {
    const errMsg = typeof rec['err_msg'] === 'string' ? rec['err_msg'] : '';
    const code = bracketCodeOf(errMsg);
    if (ex.httpStatus < 500 && isGatewayRefusalCode(code)) throw new GatewayRefusalError(code, errMsg, ex.httpStatus);
    throw new Error(`token request answered HTTP ${ex.httpStatus}`);
  }
  const token = rec['access_token'];
  const expires = Number(rec['expires_in']);
  if (typeof token !== 'string' || token === '' || !Number.isFinite(expires) || expires <= 0)
    throw new Error('token reply lacks access_token or expires_in');
  return { accessToken: token, expiresInS: expires };
}

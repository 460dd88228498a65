/**
 * The sm gateway style for the sandbox (docs/protocol.md §1.3 C): the OAuth2 token endpoint, the bearer
 * check, SM4 decryption of `input`, the SM3withSM2 check of `cainfo`, and SM4 encryption of the
 * reply's `output`. The algorithms come from the registry package `sm-crypto`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parse, parseLosslessNumber, stringify } from 'lossless-json';
import smCrypto from 'sm-crypto';
import { SM2_USER_ID } from '../../shared/protocol/gateway-refusals';
import type { GatewayFile } from './gateway-file';
import { refuse, type Refusal } from './refusal';

const { sm2, sm4 } = smCrypto;

type SmGateway = Extract<GatewayFile, { style: 'sm' }>;

/** Most tokens kept at once (older ones are forgotten first). */
const MAX_TOKENS = 1000;

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Tokens the sandbox issued, with their expiry, plus the drill controls of `/__admin/gateway`. */
export class SmTokens {
  private readonly tokens = new Map<string, number>();
  /** Calls with a valid token still to refuse with `[GATEWAY_TOKEN]` (drill: a token refused N times). */
  refuseNext = 0;

  constructor(private readonly ttlS: number) {}

  issue(nowMs: number): { access_token: string; token_type: 'bearer'; expires_in: number } {
    if (this.tokens.size >= MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, nowMs + this.ttlS * 1000);
    return { access_token: token, token_type: 'bearer', expires_in: this.ttlS };
  }

  /** True when `token` was issued and has not expired. */
  valid(token: string, nowMs: number): boolean {
    const until = this.tokens.get(token);
    return until !== undefined && nowMs < until;
  }

  /** Drill: every issued token expires now. */
  expireAll(): number {
    const n = this.tokens.size;
    this.tokens.clear();
    return n;
  }
}

/** Checks a token request; answers the token or the refusal. */
export function smTokenRequest(
  gw: SmGateway,
  tokens: SmTokens,
  h: IncomingHttpHeaders,
  form: string,
  nowMs: number,
): Refusal | ReturnType<SmTokens['issue']> {
  const auth = typeof h.authorization === 'string' ? h.authorization : '';
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth.trim());
  if (m === null) return refuse('GATEWAY_TOKEN', 'missing Basic client credentials');
  const pair = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  const clientId = colon < 0 ? pair : pair.slice(0, colon);
  const clientSecret = colon < 0 ? '' : pair.slice(colon + 1);
  if (clientId !== gw.client_id) return refuse('GATEWAY_TOKEN', 'unknown client_id');
  if (!sameText(clientSecret, gw.client_secret)) return refuse('GATEWAY_SIGNATURE', 'wrong client_secret');
  const p = new URLSearchParams(form);
  if (p.get('grant_type') !== 'password') return refuse('GATEWAY_TOKEN', 'grant_type must be password');
  if (p.get('username') !== gw.username || !sameText(p.get('password') ?? '', gw.password))
    return refuse('GATEWAY_SIGNATURE', 'wrong username or password');
  if ((p.get('scope') ?? '') !== gw.scope) return refuse('GATEWAY_TOKEN', 'unknown scope');
  return tokens.issue(nowMs);
}

/** Checks an sm call; returns the plain envelope's JSON text or the refusal. */
export function smOpenCall(
  gw: SmGateway,
  tokens: SmTokens,
  h: IncomingHttpHeaders,
  text: string,
  nowMs: number,
): Refusal | { plainText: string } {
  const auth = typeof h.authorization === 'string' ? h.authorization.trim() : '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (m === null || !tokens.valid(m[1] ?? '', nowMs))
    return refuse('GATEWAY_TOKEN', 'missing, unknown or expired token');
  if (tokens.refuseNext > 0) {
    tokens.refuseNext -= 1;
    return refuse('GATEWAY_TOKEN', 'token refused (drill)');
  }
  let env: Record<string, unknown>;
  try {
    const parsed = parse(text, null, parseLosslessNumber);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    env = parsed as Record<string, unknown>;
  } catch {
    return refuse('GATEWAY_DECRYPT', 'body is not a JSON envelope');
  }
  if (env['enc_type'] !== 'SM4' || typeof env['input'] !== 'string')
    return refuse('GATEWAY_DECRYPT', 'input is not SM4 text (enc_type must be "SM4")');
  let inputText: string;
  let input: unknown;
  try {
    const bytes = Buffer.from(env['input'], 'base64');
    if (bytes.length === 0 || bytes.length % 16 !== 0) throw new Error('bad length');
    inputText = Buffer.from(sm4.decrypt(bytes.toString('hex'), gw.sm4_key.toLowerCase(), { output: 'array' })).toString(
      'utf8',
    );
    input = parse(inputText, null, parseLosslessNumber);
  } catch {
    return refuse('GATEWAY_DECRYPT', 'input cannot be decrypted');
  }
  if (env['signtype'] !== 'SM2' || typeof env['cainfo'] !== 'string')
    return refuse('GATEWAY_SIGNATURE', 'signtype must be "SM2" with a cainfo');
  const sig = Buffer.from(env['cainfo'], 'base64');
  const ok =
    sig.length === 64 &&
    sm2.doVerifySignature(inputText, sig.toString('hex'), `04${gw.sm2_public_key.toLowerCase()}`, {
      hash: true,
      userId: SM2_USER_ID,
    });
  if (!ok) return refuse('GATEWAY_SIGNATURE', 'cainfo does not verify');
  const plain: Record<string, unknown> = { ...env, input };
  delete plain['enc_type'];
  return { plainText: stringify(plain) ?? '' };
}

/** The answer with a non-null `output` replaced by Base64 SM4 of its JSON text. */
export function smSealAnswer(gw: SmGateway, answerText: string): string {
  try {
    const env = parse(answerText, null, parseLosslessNumber) as Record<string, unknown>;
    const output = env['output'];
    if (output === null || output === undefined) return answerText;
    const hex = sm4.encrypt(stringify(output) ?? 'null', gw.sm4_key.toLowerCase());
    return stringify({ ...env, output: Buffer.from(hex, 'hex').toString('base64') }) ?? answerText;
  } catch {
    return answerText;
  }
}

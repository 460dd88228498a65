/**
 * `/__admin/gateway` (loopback only): what gateway is in front, and drills for the sm style.
 * `GET` → `{style, tokens?}`; `POST {"expire_tokens": true}` makes every issued token expire now;
 * `POST {"refuse_next_tokens": N}` refuses the next N calls that carry a valid token with
 * `[GATEWAY_TOKEN]` (a token refused twice).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopback } from '../http/admin';
import { readBody, sendJson } from '../http/body';
import { z } from '../zod';
import type { SandboxGateway } from './gateway-router';

const drillSchema = z
  .object({ expire_tokens: z.boolean().optional(), refuse_next_tokens: z.number().int().min(0).max(100).optional() })
  .strict();

/** Handles `/__admin/gateway`. */
export async function handleGatewayAdmin(
  gw: SandboxGateway | null,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress))
    return sendJson(res, 403, { error: 'admin endpoints answer loopback callers only' });
  if (req.method === 'GET') return sendJson(res, 200, { style: gw?.file.style ?? 'plain' });
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'GET or POST' });
  let raw: unknown;
  try {
    const text = await readBody(req);
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return sendJson(res, 400, { error: 'body is not JSON' });
  }
  const p = drillSchema.safeParse(raw);
  if (!p.success)
    return sendJson(res, 400, { error: p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  if (gw?.tokens === null || gw === null)
    return sendJson(res, 409, { error: 'token drills need the sm gateway style' });
  const expired = p.data.expire_tokens === true ? gw.tokens.expireAll() : 0;
  if (p.data.refuse_next_tokens !== undefined) gw.tokens.refuseNext = p.data.refuse_next_tokens;
  return sendJson(res, 200, { style: gw.file.style, expired, refuse_next_tokens: gw.tokens.refuseNext });
}

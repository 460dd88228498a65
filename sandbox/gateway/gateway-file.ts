/**
 * The sandbox's gateway file (`--gateway FILE`, or `"gateway"` at the scenario's top level): the
 * same keys as the adapter's `upstream.gateway`, secrets as plain strings (it is a test double),
 * and for `sm` the public key `sm2_public_key` (128 hex digits `x‖y`) instead of the private key.
 */
import { readFileSync } from 'node:fs';
import { z } from '../zod';

const key = z.string().min(1).max(200);
const secret = z.string().min(1).max(4096);

export const gatewayFileSchema = z.discriminatedUnion('style', [
  z.object({ style: z.literal('plain') }).strict(),
  z
    .object({
      style: z.literal('csb'),
      access_key: key,
      secret,
      api_version: z.string().min(1).max(20).default('1.0.0'),
    })
    .strict(),
  z
    .object({
      style: z.literal('tif'),
      paas_id: key,
      paas_token: secret,
      path_prefix: z
        .string()
        .max(200)
        .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/)
        .default(''),
    })
    .strict(),
  z
    .object({
      style: z.literal('sm'),
      client_id: key,
      client_secret: secret,
      username: key,
      password: secret,
      scope: z.string().min(1).max(100).default('all'),
      sm4_key: z.string().regex(/^[0-9a-fA-F]{32}$/, 'sm4_key must be 32 hex digits'),
      sm2_public_key: z.string().regex(/^[0-9a-fA-F]{128}$/, 'sm2_public_key must be 128 hex digits (x‖y, no 04)'),
      /** Lifetime of an issued token, seconds (sandbox only; default 7200). */
      token_ttl_s: z.number().int().min(1).max(86_400).default(7200),
    })
    .strict(),
]);

/** A validated gateway file. */
export type GatewayFile = z.output<typeof gatewayFileSchema>;

/** Validates a parsed gateway object; throws an Error naming the bad path. */
export function parseGatewayFile(raw: unknown, source: string): GatewayFile {
  const r = gatewayFileSchema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `gateway.${i.path.map(String).join('.')}: ${i.message}`);
    throw new Error(`${source}: ${problems.join('; ')}`);
  }
  return r.data;
}

/** Reads and validates a gateway file. */
export function loadGatewayFile(path: string): GatewayFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`gateway file ${path}: ${(e as Error).message}`);
  }
  return parseGatewayFile(raw, path);
}

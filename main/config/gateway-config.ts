/**
 * The `upstream.gateway` key (docs/protocol.md §1.3): the gateway style and its keys. A secret is never
 * a plain string in the file (except in training): it is `{"file": PATH}` (first line of the file)
 * or `{"env": NAME}`. Secrets are read once at start by {@link resolveGateway}; a missing file, an
 * unset variable or a malformed key fails the start with the key's path. A secret key left out of
 * the file is looked up in the OS secret store of the desktop app (set from the IT settings screen).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error';
import type { GatewaySettings } from '../../shared/protocol/gateway-settings';

/** Where a secret comes from. A plain string is accepted by the schema and refused by {@link resolveGateway} outside training. */
export const SecretRefSchema = z.union([
  z.object({ file: z.string().trim().min(1).max(1000) }).strict(),
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, '应为环境变量名') }).strict(),
  z.string().max(4096),
]);
export type SecretRef = z.infer<typeof SecretRefSchema>;

const key = z.string().trim().min(1).max(200);
const PATH_PREFIX = /^(\/[A-Za-z0-9._~-]+)*\/?$/;

/** The gateway as written in the configuration; defaults are applied after merging with the region profile. */
export const GatewayConfigSchema = z.discriminatedUnion('style', [
  z.object({ style: z.literal('plain') }).strict(),
  z
    .object({
      style: z.literal('csb'),
      access_key: key,
      secret: SecretRefSchema.optional(),
      api_version: z.string().trim().min(1).max(20).optional(),
    })
    .strict(),
  z
    .object({
      style: z.literal('tif'),
      paas_id: key,
      paas_token: SecretRefSchema.optional(),
      path_prefix: z
        .string()
        .trim()
        .max(200)
        .regex(PATH_PREFIX, '应为以 / 开头的路径前缀，如 /ebus/rio_fsi')
        .optional(),
    })
    .strict(),
  z
    .object({
      style: z.literal('sm'),
      client_id: key,
      client_secret: SecretRefSchema.optional(),
      username: key,
      password: SecretRefSchema.optional(),
      scope: z.string().trim().min(1).max(100).optional(),
      sm4_key: SecretRefSchema.optional(),
      sm2_private_key: SecretRefSchema.optional(),
    })
    .strict(),
]);
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

/** The non-secret keys a region profile may give (style plus its defaults). */
export const GatewayKeysSchema = z.discriminatedUnion('style', [
  z.object({ style: z.literal('plain') }).strict(),
  z.object({ style: z.literal('csb'), api_version: z.string().trim().min(1).max(20).optional() }).strict(),
  z.object({ style: z.literal('tif'), path_prefix: z.string().trim().max(200).regex(PATH_PREFIX).optional() }).strict(),
  z.object({ style: z.literal('sm'), scope: z.string().trim().min(1).max(100).optional() }).strict(),
]);
export type GatewayKeys = z.infer<typeof GatewayKeysSchema>;

/** The gateway with every secret read: the shared `GatewaySettings` the upstream layer takes. */
export type ResolvedGateway = GatewaySettings;

/** Where {@link resolveGateway} reads secrets from. */
export interface SecretSources {
  /** Folder a relative `{"file"}` path is resolved against (the configuration file's folder). */
  readonly baseDir: string;
  /** Environment variables (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Training accepts plain-string secrets. */
  readonly training?: boolean;
  /** The OS secret store (desktop app): the secret of a key the file leaves out, by its path. */
  readonly vault?: (path: string) => string | undefined;
}

/** The secret keys of each style, as the configuration names them. */
export const GATEWAY_SECRET_KEYS = {
  plain: [],
  csb: ['secret'],
  tif: ['paas_token'],
  sm: ['client_secret', 'password', 'sm4_key', 'sm2_private_key'],
} as const satisfies Record<GatewayConfig['style'], readonly string[]>;

const HEX32 = /^[0-9a-fA-F]{32}$/;
const HEX64 = /^[0-9a-fA-F]{64}$/;
const BASE = 'upstream.gateway';

function invalid(path: string, why: string): AppError {
  const problem = `${path}: ${why}`;
  return new AppError('CONFIG_INVALID', { message: `配置文件有误：${problem}`, detail: { problems: [problem] } });
}

/** Reads one secret; errors name the key's path, never the value. */
export function readSecret(ref: SecretRef | undefined, path: string, src: SecretSources): string {
  let value: string;
  if (ref === undefined) {
    value = src.vault?.(path)?.trim() ?? '';
    if (value === '') {
      throw invalid(
        path,
        '缺少密钥：请写成 {"file": "密钥文件路径"} 或 {"env": "环境变量名"}，或在桌面程序的设置中存入系统密钥库',
      );
    }
  } else if (typeof ref === 'string') {
    if (src.training !== true)
      throw invalid(path, '密钥不能明文写在配置文件中，请写成 {"file": "密钥文件路径"} 或 {"env": "环境变量名"}');
    value = ref;
  } else if ('file' in ref) {
    const file = isAbsolute(ref.file) ? ref.file : resolve(src.baseDir, ref.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw invalid(path, `读不到密钥文件 ${ref.file}`);
    }
    value = (text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').trim();
  } else {
    value = (src.env ?? process.env)[ref.env]?.trim() ?? '';
    if (value === '') throw invalid(path, `环境变量 ${ref.env} 未设置或为空`);
  }
  if (value === '') throw invalid(path, '密钥为空');
  if (value.length > 4096) throw invalid(path, '密钥过长');
  return value;
}

/**
 * The effective gateway: the configuration's `upstream.gateway` over the region profile's keys
 * (same style only), defaults applied, secrets read. Without either, plain.
 */
export function resolveGateway(
  configured: GatewayConfig | undefined,
  region: GatewayKeys | undefined,
  src: SecretSources,
): ResolvedGateway {
  const style = configured?.style ?? region?.style ?? 'plain';
  const fromRegion: Partial<Record<string, unknown>> = region !== undefined && region.style === style ? region : {};
  if (configured === undefined || configured.style !== style) {
    if (style === 'plain') return { style: 'plain' };
    throw invalid(BASE, `所选地区的网关类型为 ${style}，请在 upstream.gateway 中配置它的接入标识和密钥`);
  }
  const secret = (k: string, ref: SecretRef | undefined) => readSecret(ref, `${BASE}.${k}`, src);
  switch (configured.style) {
    case 'plain':
      return { style: 'plain' };
    case 'csb':
      return {
        style: 'csb',
        access_key: configured.access_key,
        secret: secret('secret', configured.secret),
        api_version: configured.api_version ?? (fromRegion['api_version'] as string | undefined) ?? '1.0.0',
      };
    case 'tif':
      return {
        style: 'tif',
        paas_id: configured.paas_id,
        paas_token: secret('paas_token', configured.paas_token),
        path_prefix: configured.path_prefix ?? (fromRegion['path_prefix'] as string | undefined) ?? '',
      };
    case 'sm': {
      const sm4 = secret('sm4_key', configured.sm4_key);
      if (!HEX32.test(sm4)) throw invalid(`${BASE}.sm4_key`, '应为32位十六进制数');
      const priv = secret('sm2_private_key', configured.sm2_private_key);
      if (!HEX64.test(priv)) throw invalid(`${BASE}.sm2_private_key`, '应为64位十六进制数');
      return {
        style: 'sm',
        client_id: configured.client_id,
        client_secret: secret('client_secret', configured.client_secret),
        username: configured.username,
        password: secret('password', configured.password),
        scope: configured.scope ?? (fromRegion['scope'] as string | undefined) ?? 'all',
        sm4_key: sm4,
        sm2_private_key: priv,
      };
    }
    default:
      return configured satisfies never;
  }
}

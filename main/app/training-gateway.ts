/**
 * Training behind a gateway (`npm run serve -- --training --gateway csb|tif|sm|FILE`): the same
 * profile is wired to both sides, the adapter and the embedded sandbox, so IT can rehearse a
 * province's setup. A style name uses demo keys; a FILE holds the adapter's `upstream.gateway`
 * keys (plain-string secrets are fine in training). For sm the sandbox gets the public key
 * derived from the private one.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import { GatewayConfigSchema, resolveGateway } from '../config/gateway-config';
import type { ResolvedGateway } from '../config/gateway-config';
import { sm2PublicKeyOf } from '../upstream/profiles/sm-codec';

/**
 * Demo keys of the training gateways. They protect nothing (training talks to the embedded
 * sandbox on loopback only) and must never be used against a real platform.
 */
const DEMO: Readonly<Record<'csb' | 'tif' | 'sm', unknown>> = {
  csb: { style: 'csb', access_key: 'TRAINING-AK', secret: 'training-csb-secret' },
  tif: { style: 'tif', paas_id: 'training_paas', paas_token: 'training-tif-token', path_prefix: '/ebus/rio_fsi' },
  sm: {
    style: 'sm',
    client_id: 'training-client',
    client_secret: 'training-client-secret',
    username: 'training',
    password: 'training-password',
    sm4_key: 'e963546e3bb0be092ef05fd7c84e66d4',
    sm2_private_key: '018e004714c3660f881b0ae0290a0b7d62f9e0412a668672817a1aa331d2ccd6',
  },
};

/** The adapter's gateway and the sandbox's gateway file for a training run. */
export interface TrainingGateway {
  readonly adapter: ResolvedGateway;
  /** What the embedded sandbox checks (`--gateway` file contents). */
  readonly sandbox: Readonly<Record<string, unknown>>;
}

/** Builds both sides from a style name or a file; CONFIG_INVALID naming the key on a bad file. */
export function trainingGateway(spec: string): TrainingGateway {
  let raw: unknown;
  let baseDir = process.cwd();
  if (spec === 'csb' || spec === 'tif' || spec === 'sm') {
    raw = DEMO[spec];
  } else if (spec === 'plain') {
    raw = { style: 'plain' };
  } else {
    try {
      raw = JSON.parse(readFileSync(spec, 'utf8').replace(/^\uFEFF/, ''));
      baseDir = dirname(resolve(spec));
    } catch {
      throw new AppError('CONFIG_INVALID', { message: `读不到网关文件，或它不是合法的 JSON：${spec}` });
    }
  }
  const r = GatewayConfigSchema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `upstream.gateway.${i.path.map(String).join('.')}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', { message: `网关文件有误：${problems.join('；')}`, detail: { problems } });
  }
  const adapter = resolveGateway(r.data, undefined, { baseDir, training: true });
  if (adapter.style !== 'sm') return { adapter, sandbox: { ...adapter } };
  const { sm2_private_key: priv, ...rest } = adapter;
  return { adapter, sandbox: { ...rest, sm2_public_key: sm2PublicKeyOf(priv) } };
}

/**
 * `upstream.gateway` (docs/protocol.md §1.3): secrets only as `{"file"}` (first line) or `{"env"}`; a
 * plain string is refused naming the key (accepted in training); region keys and defaults merge;
 * a bad key fails the start with its path and never echoes the secret.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayConfigSchema, resolveGateway } from '../../main/config/gateway-config';
import { parseConfig } from '../../main/config/load-config';
import { AppError } from '../../shared/errors/app-error';

const dir = mkdtempSync(path.join(tmpdir(), 'gw-config-'));
writeFileSync(path.join(dir, 'csb.secret'), 'the-csb-secret\nsecond line ignored\n');
const parse = (raw: unknown) => GatewayConfigSchema.parse(raw);

function problemOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('CONFIG_INVALID');
    return (e as AppError).message;
  }
  throw new Error('did not throw');
}

describe('secrets', () => {
  it('reads the first line of a file (relative to the config folder) and an environment variable', () => {
    const g = resolveGateway(parse({ style: 'csb', access_key: 'AK', secret: { file: 'csb.secret' } }), undefined, {
      baseDir: dir,
    });
    expect(g).toEqual({ style: 'csb', access_key: 'AK', secret: 'the-csb-secret', api_version: '1.0.0' });
    const t = resolveGateway(parse({ style: 'tif', paas_id: 'P', paas_token: { env: 'TIF_TOKEN' } }), undefined, {
      baseDir: dir,
      env: { TIF_TOKEN: 'tok' },
    });
    expect(t).toEqual({ style: 'tif', paas_id: 'P', paas_token: 'tok', path_prefix: '' });
  });

  it('a plain string is refused naming the key, without echoing it; training accepts it', () => {
    const cfg = parse({ style: 'csb', access_key: 'AK', secret: 'hunter2-secret' });
    const msg = problemOf(() => resolveGateway(cfg, undefined, { baseDir: dir }));
    expect(msg).toContain('upstream.gateway.secret');
    expect(msg).not.toContain('hunter2');
    expect(resolveGateway(cfg, undefined, { baseDir: dir, training: true })).toMatchObject({
      secret: 'hunter2-secret',
    });
  });

  it('a missing file, an unset variable and malformed SM keys fail with the key path', () => {
    expect(
      problemOf(() =>
        resolveGateway(parse({ style: 'csb', access_key: 'AK', secret: { file: 'nope' } }), undefined, {
          baseDir: dir,
        }),
      ),
    ).toContain('upstream.gateway.secret');
    const sm = (over: Record<string, unknown>) =>
      parse({
        style: 'sm',
        client_id: 'C',
        client_secret: { env: 'CS' },
        username: 'U',
        password: { env: 'PW' },
        sm4_key: { env: 'K4' },
        sm2_private_key: { env: 'K2' },
        ...over,
      });
    const env = { CS: 'cs', PW: 'pw', K4: '0123456789abcdef0123456789abcdef', K2: 'a'.repeat(64) };
    expect(resolveGateway(sm({}), { style: 'sm', scope: 'fsi' }, { baseDir: dir, env })).toMatchObject({
      style: 'sm',
      scope: 'fsi',
      sm4_key: env.K4,
    });
    expect(
      problemOf(() => resolveGateway(sm({}), undefined, { baseDir: dir, env: { ...env, PW: undefined } })),
    ).toContain('upstream.gateway.password');
    expect(problemOf(() => resolveGateway(sm({}), undefined, { baseDir: dir, env: { ...env, K4: 'abc' } }))).toContain(
      'upstream.gateway.sm4_key',
    );
    expect(
      problemOf(() => resolveGateway(sm({}), undefined, { baseDir: dir, env: { ...env, K2: 'z'.repeat(64) } })),
    ).toContain('upstream.gateway.sm2_private_key');
  });
});

describe('styles and regions', () => {
  it('without gateway: the region style, plain by default; a region needing keys without them fails', () => {
    expect(resolveGateway(undefined, undefined, { baseDir: dir })).toEqual({ style: 'plain' });
    expect(resolveGateway(undefined, { style: 'plain' }, { baseDir: dir })).toEqual({ style: 'plain' });
    expect(problemOf(() => resolveGateway(undefined, { style: 'tif', path_prefix: '/p' }, { baseDir: dir }))).toContain(
      'upstream.gateway',
    );
  });

  it("the configuration's keys win over the region's; the region fills what the file leaves out", () => {
    const cfg = parse({ style: 'tif', paas_id: 'P', paas_token: { env: 'T' } });
    expect(
      resolveGateway(cfg, { style: 'tif', path_prefix: '/ebus/rio_fsi' }, { baseDir: dir, env: { T: 't' } }),
    ).toMatchObject({ path_prefix: '/ebus/rio_fsi' });
    const own = parse({ style: 'tif', paas_id: 'P', paas_token: { env: 'T' }, path_prefix: '/own' });
    expect(
      resolveGateway(own, { style: 'tif', path_prefix: '/ebus/rio_fsi' }, { baseDir: dir, env: { T: 't' } }),
    ).toMatchObject({ path_prefix: '/own' });
  });

  it('a bad profile in the configuration file names the path of the bad key', () => {
    const raw = {
      institution: { fixmedins_code: 'H41020200011', fixmedins_name: '示范医院', mdtrtarea_admvs: '410202' },
      upstream: {
        url: 'http://10.1.2.3:8080',
        gateway: { style: 'tif', paas_id: 'P', paas_token: { file: 'x' }, path_prefix: 'no spaces allowed' },
      },
      operator: { opter: '1', opter_name: '甲' },
      his_api: { port: 0, token: '0123456789abcdef' },
      data_dir: './data',
    };
    expect(problemOf(() => parseConfig(raw, dir))).toContain('upstream.gateway.path_prefix');
    expect(
      problemOf(() => parseConfig({ ...raw, upstream: { url: raw.upstream.url, gateway: { style: 'xyz' } } }, dir)),
    ).toContain('upstream.gateway.style');
  });
});

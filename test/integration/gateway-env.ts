/**
 * The environment of the gateway integration tests: a real sandbox process behind one gateway
 * style (`--gateway FILE`), and adapters started in-process from config files whose
 * `upstream.gateway` keys follow the configuration contract (secrets as `{"file"}` / `{"env"}`).
 * Optionally a tampering proxy between an adapter and the sandbox rewrites request bodies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startRuntime, type Runtime } from '../../main/app/runtime';
import type { RegionProfile } from '../../main/config/region-profile';
import type { SecretCipher } from '../../main/app/secret-vault';
import { startManaged, type ManagedProcess } from '../support/managed-process';
import { writeTestScenario } from '../support/test-scenario';
import { hisApi, type HisApi } from '../support/his-api-client';
import { DEMO_HOSPITAL, HIS_TOKEN } from './settlement-env';

/** Test keys (never real): the adapter's side and the sandbox's side of each style. */
export const SM_PRIVATE = '0a95c0cd70a393fb59fbaab13de58dd0da5ba215ba06ecf19802f56a56080605';
/** A valid private key of another pair (a wrong key). */
export const SM_OTHER_PRIVATE = '018e004714c3660f881b0ae0290a0b7d62f9e0412a668672817a1aa331d2ccd6';
export const SM_PUBLIC =
  'b02f2a3b074a7e510eb6cd703d118b38e9144197e4d5360071b28cf088176bd45fb2b8daee4224b0e5dcb77a2753e685db245024a5847dd1cc88477a3b39fb78';
export const SM4_KEY = '0123456789abcdeffedcba9876543210';

export type Style = 'plain' | 'csb' | 'tif' | 'sm';

/** The sandbox's gateway file of a style. */
export function sandboxGateway(style: Style): Record<string, unknown> {
  switch (style) {
    case 'plain':
      return { style };
    case 'csb':
      return { style, access_key: 'AK-TEST-1', secret: 'csb-secret-right' };
    case 'tif':
      return { style, paas_id: 'paas_test', paas_token: 'tif-token-right', path_prefix: '/ebus/rio_fsi' };
    case 'sm':
      return {
        style,
        client_id: 'cid-test',
        client_secret: 'client-secret-right',
        username: 'u-test',
        password: 'pw-right',
        sm4_key: SM4_KEY,
        sm2_public_key: SM_PUBLIC,
      };
  }
}

/**
 * The adapter's `upstream.gateway` of a style; secrets point at files written in `dir`
 * (`wrong` writes wrong secrets). The sm password comes from an environment variable.
 */
export function adapterGateway(style: Style, dir: string, wrong = false): Record<string, unknown> {
  const secret = (name: string, value: string) => {
    writeFileSync(path.join(dir, `${name}.txt`), `${value}\n`);
    return { file: `${name}.txt` };
  };
  switch (style) {
    case 'plain':
      return { style };
    case 'csb':
      return { style, access_key: 'AK-TEST-1', secret: secret('csb', wrong ? 'csb-secret-wrong' : 'csb-secret-right') };
    case 'tif':
      return {
        style,
        paas_id: 'paas_test',
        paas_token: secret('tif', wrong ? 'tif-token-wrong' : 'tif-token-right'),
        path_prefix: '/ebus/rio_fsi/',
      };
    case 'sm':
      process.env['YIDI_TEST_SM_PASSWORD'] = 'pw-right';
      return {
        style,
        client_id: 'cid-test',
        client_secret: secret('cs', 'client-secret-right'),
        username: 'u-test',
        password: { env: 'YIDI_TEST_SM_PASSWORD' },
        sm4_key: secret('sm4', SM4_KEY),
        // The wrong secret of this style: a valid SM2 key of another pair, so the signature fails.
        sm2_private_key: secret('sm2', wrong ? SM_OTHER_PRIVATE : SM_PRIVATE),
      };
  }
}

/** A sandbox process behind `style`, and a way to start adapters on it. */
export interface GatewayEnv {
  readonly sandboxUrl: string;
  readonly sandbox: ManagedProcess;
  /** Starts an adapter on `url` (default: the sandbox) with the given gateway keys. */
  adapter(
    name: string,
    opts?: {
      url?: string;
      wrong?: boolean;
      clockOffset?: () => number;
      region?: RegionProfile;
      /** Rewrites the gateway keys written to the config file (e.g. leave a secret out). */
      editGateway?: (g: Record<string, unknown>) => Record<string, unknown>;
      /** The OS secret store's cipher (Electron's safeStorage in the desktop app). */
      secretCipher?: SecretCipher;
    },
  ): Promise<{ api: HisApi; rt: Runtime; dataDir: string }>;
  /** Rows of an adapter's journal for a visit. */
  journal(dataDir: string, visit_id: string): { infno: string; state: string; err_code: string | null }[];
  /** The sandbox's settlements of a visit. */
  ledger(mdtrt_id: string): Promise<{ setl_id: string; state: string; infno: string }[]>;
  /** Arms one sandbox fault rule (docs/sandbox-policy.md §6). */
  fault(rule: Record<string, unknown>): Promise<void>;
  /** POST /__admin/gateway (sm token drills). */
  drill(body: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** Starts the sandbox process behind `style`. */
export async function startGatewayEnv(style: Style): Promise<GatewayEnv> {
  const root = mkdtempSync(path.join(tmpdir(), `adapter-gw-${style}-`));
  const gwFile = path.join(root, 'gateway.json');
  writeFileSync(gwFile, JSON.stringify(sandboxGateway(style)));
  const scenario = writeTestScenario();
  const sandbox = await startManaged(
    'sandbox/cli.ts',
    ['--port', '0', '--data', path.join(root, 'sandbox'), '--scenario', scenario, '--gateway', gwFile, '--quiet'],
    {
      url: /sandbox: (http:\/\/127\.0\.0\.1:\d+)/,
    },
  );
  const sandboxUrl = sandbox.found.url ?? '';
  const runtimes: Runtime[] = [];
  return {
    sandboxUrl,
    sandbox,
    async adapter(name, opts = {}) {
      // msgids are institution + second + sequence: a new adapter of the same institution must not
      // start in the second another one is sending in, or its first msgids could repeat.
      const second = Math.floor(Date.now() / 1000);
      while (Math.floor(Date.now() / 1000) === second) await new Promise((r) => setTimeout(r, 50));
      const dir = path.join(root, name);
      mkdirSync(dir, { recursive: true });
      const written = adapterGateway(style, dir, opts.wrong ?? false);
      const gateway = opts.editGateway ? opts.editGateway(written) : written;
      const configPath = path.join(dir, 'config.json');
      writeFileSync(
        configPath,
        JSON.stringify({
          institution: DEMO_HOSPITAL,
          upstream: { url: opts.url ?? sandboxUrl, timeout_ms: 5000, gateway },
          operator: { opter: 'T001', opter_name: '测试收费员' },
          his_api: { port: 0, token: HIS_TOKEN },
          data_dir: 'data',
        }),
      );
      const rt = await startRuntime({
        configPath,
        port: 0,
        rendererDir: path.join(root, 'no-ui'),
        ...(opts.clockOffset ? { gatewayClockOffsetMs: opts.clockOffset } : {}),
        ...(opts.region ? { regionOverride: opts.region } : {}),
        ...(opts.secretCipher ? { secretCipher: opts.secretCipher } : {}),
      });
      runtimes.push(rt);
      return { api: hisApi(rt.hisApiUrl, HIS_TOKEN), rt, dataDir: path.join(dir, 'data') };
    },
    journal(dataDir, visit_id) {
      const db = new Database(path.join(dataDir, 'adapter.db'), { readonly: true, fileMustExist: true });
      try {
        return db
          .prepare('SELECT infno, state, err_code FROM journal WHERE visit_id = ? ORDER BY created_at, rowid')
          .all(visit_id) as { infno: string; state: string; err_code: string | null }[];
      } finally {
        db.close();
      }
    },
    async ledger(mdtrt_id) {
      const res = await fetch(`${sandboxUrl}/__admin/settlements?mdtrt_id=${mdtrt_id}`);
      return (await res.json()) as { setl_id: string; state: string; infno: string }[];
    },
    async fault(rule) {
      const res = await fetch(`${sandboxUrl}/__admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: [rule] }),
      });
      if (res.status !== 200) throw new Error(`fault refused: ${res.status}`);
    },
    async drill(body) {
      const res = await fetch(`${sandboxUrl}/__admin/gateway`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`drill refused: ${res.status} ${await res.text()}`);
    },
    async close() {
      for (const rt of runtimes) await rt.close();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A proxy that hands each request body to `tamper` (null = pass unchanged) before forwarding. */
export async function startTamperProxy(
  target: string,
  tamper: (body: string) => string | null,
): Promise<{ url: string; tampered: () => number; close(): Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const changed = tamper(text);
      if (changed !== null) count += 1;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'content-length' && k !== 'host' && k !== 'connection') headers[k] = v;
      fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body: changed ?? text })
        .then(async (r) => {
          const body = await r.text();
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    tampered: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

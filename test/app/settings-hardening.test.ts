/**
 * Settings are not a back door (hardening issue item 4), on the real runtime with a real config
 * file and real SQLite: file modes (config, database, logs 0600; data folder 0700) at start and
 * after a save; endpoints change only on a non-training start with `--config` (the platform address
 * is moreover IT-only at the window: shared/settings-access); a public upstream host needs IT's
 * `confirm_public_host`; every change is logged with who and what, secrets masked.
 * The runtime runs without the browser UI (as under Electron), so the HTTP bridge is absent too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '../../main/app/runtime';
import { SettingsFile, assertMayChangeEndpoints, settingsChanges } from '../../main/app/settings-file';
import { loadConfigFile } from '../../main/config/load-config';
import { isPrivateOrLoopbackHost } from '../../main/config/host-policy';

const TOKEN = 'settings-test-token-Hq83kZ1x';
const mode = (p: string) => statSync(p).mode & 0o777;
let rt: Runtime | null = null;
afterEach(async () => {
  await rt?.close();
  rt = null;
});

/** A config file with mode 0644 (as an editor or a copy would leave it); returns its path and data dir. */
function writeConfig(): { configPath: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'settings-hard-'));
  const dataDir = join(root, 'data');
  const configPath = join(root, 'adapter.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      institution: { fixmedins_code: 'H41020200011', fixmedins_name: '开封市示范第一医院', mdtrtarea_admvs: '410202' },
      upstream: { url: 'http://127.0.0.1:9', timeout_ms: 2000 },
      operator: { opter: 'T001', opter_name: '测试收费员' },
      his_api: { port: 0, token: TOKEN },
      data_dir: dataDir,
    }),
  );
  chmodSync(configPath, 0o644);
  return { configPath, dataDir };
}

describe('settings and file modes on the real runtime', () => {
  it('tightens modes at start; a start without --config may not change endpoints', async () => {
    const { configPath, dataDir } = writeConfig();
    rt = await startRuntime({ configPath, training: false, browserUi: false, startQueue: false });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(configPath)).toBe(0o600);
    expect(mode(join(dataDir, 'adapter.db'))).toBe(0o600);
    const logs = readdirSync(join(dataDir, 'logs'));
    expect(logs.length).toBeGreaterThan(0);
    for (const f of logs) expect(mode(join(dataDir, 'logs', f))).toBe(0o600);
    // The platform address is IT's at the window (SETTINGS_READ_ONLY, shared/settings-access); the
    // HIS API port is an endpoint too: without --config it is locked here.
    const url = await rt.bridge.saveSettings({ upstream: { url: 'http://10.9.9.9:8080' } });
    expect(url.ok).toBe(false);
    const port = await rt.bridge.saveSettings({ his_api: { port: 8899 } });
    expect(port).toMatchObject({ ok: false, error: { code: 'SETTINGS_LOCKED' } });
    const kept = JSON.parse(readFileSync(configPath, 'utf8')) as {
      upstream: { url: string };
      his_api: { port: number };
    };
    expect([kept.upstream.url, kept.his_api.port]).toEqual(['http://127.0.0.1:9', 0]);
    // What is not an endpoint may still change.
    const ok = await rt.bridge.saveSettings({ operator: { opter_name: '收费员乙' } });
    expect(ok.ok).toBe(true);
    expect(mode(configPath)).toBe(0o600);
    // No HTTP bridge beside the IPC one: /bridge and the page are not served.
    const bridge = await fetch(`${rt.hisApiUrl}/bridge/saveSettings`, { method: 'POST', body: '{}' });
    expect(bridge.status).toBe(404);
    expect(rt.uiUrl).toBe('');
  });

  it('with --config: the port may change; the save keeps 0600 and is logged with who and what, secrets masked', async () => {
    const { configPath, dataDir } = writeConfig();
    rt = await startRuntime({ configPath, training: false, browserUi: false, startQueue: false, configFromFlag: true });
    const port = await rt.bridge.saveSettings({ his_api: { port: 8899 } });
    expect(port.ok).toBe(true);
    const saved = JSON.parse(readFileSync(configPath, 'utf8')) as { his_api: { token: string; port: number } };
    expect(saved.his_api).toEqual({ port: 8899, token: TOKEN });
    expect(mode(configPath)).toBe(0o600);
    const log = readdirSync(join(dataDir, 'logs'))
      .map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'))
      .join('');
    type Change = { data: { by: string; changes: Record<string, { from: unknown; to: unknown }> } };
    const changes = log
      .split('\n')
      .filter((l) => l.includes('settings changed'))
      .map((l) => JSON.parse(l) as Change);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.data.changes).toEqual({ 'his_api.port': { from: 0, to: 8899 } });
    expect(changes[0]?.data.by).toContain('T001');
    expect(log).not.toContain(TOKEN);
  });

  it('the settings store (once IT may change the address): a public host needs confirmation; changes are logged', () => {
    const { configPath, dataDir } = writeConfig();
    const lines: { message: string; data?: Readonly<Record<string, unknown>> }[] = [];
    const config = loadConfigFile(configPath);
    // store and upstream serve only the connection test and the bundle, not used here.
    const info = (message: string, data?: Readonly<Record<string, unknown>>) =>
      void lines.push({ message, ...(data ? { data } : {}) });
    const log = { info };
    const store = new SettingsFile({
      config,
      configPath,
      training: false,
      store: {} as never,
      upstream: {} as never,
      logDir: join(dataDir, 'logs'),
      clock: Date.now,
      version: 't',
      policy: { endpointsEditable: true },
      log,
      actor: () => 'IT',
    });
    for (const url of ['http://203.0.113.7:8080', 'https://gw.example.com/prefix']) {
      expect(() => store.save({ upstream: { url } })).toThrow(
        expect.objectContaining({ code: 'PUBLIC_HOST_UNCONFIRMED' }),
      );
    }
    expect(JSON.parse(readFileSync(configPath, 'utf8')).upstream.url).toBe('http://127.0.0.1:9');
    store.save({ upstream: { url: 'http://192.168.10.5:8080' } });
    store.save({ upstream: { url: 'http://203.0.113.7:8080' }, confirm_public_host: true });
    type Saved = { upstream: { url: string }; his_api: { token: string }; confirm_public_host?: unknown };
    const saved = JSON.parse(readFileSync(configPath, 'utf8')) as Saved;
    expect(saved.upstream.url).toBe('http://203.0.113.7:8080');
    expect(saved.his_api.token).toBe(TOKEN);
    expect(saved.confirm_public_host).toBeUndefined();
    expect(mode(configPath)).toBe(0o600);
    const publicConfirmed = { 'upstream.url': { from: 'http://192.168.10.5:8080', to: 'http://203.0.113.7:8080' } };
    expect(lines.map((l) => l.data)).toEqual([
      { by: 'IT', changes: { 'upstream.url': { from: 'http://127.0.0.1:9', to: 'http://192.168.10.5:8080' } } },
      { by: 'IT', changes: publicConfirmed, confirm_public_host: true },
    ]);
  });
});

describe('the pieces', () => {
  it('private and loopback hosts need no confirmation; public addresses and names do', () => {
    const inside = [
      '127.0.0.1',
      'localhost',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.1.1',
      '[::1]',
      'fd12::1',
    ];
    for (const h of [...inside, 'fe80::1', '::ffff:10.0.0.1']) {
      expect(isPrivateOrLoopbackHost(h), h).toBe(true);
    }
    for (const h of [
      '8.8.8.8',
      '172.32.0.1',
      '172.15.0.1',
      '192.169.0.1',
      'gw.example.com',
      '2001:db8::1',
      '11.0.0.1',
    ]) {
      expect(isPrivateOrLoopbackHost(h), h).toBe(false);
    }
  });

  it('the one endpoint check: port and url are endpoints, names are not', () => {
    const locked = expect.objectContaining({ code: 'SETTINGS_LOCKED' });
    expect(() => assertMayChangeEndpoints({ his_api: { port: 8800 } }, { endpointsEditable: false })).toThrow(locked);
    expect(() =>
      assertMayChangeEndpoints({ upstream: { timeout_ms: 5000 } }, { endpointsEditable: false }),
    ).not.toThrow();
    expect(() => assertMayChangeEndpoints({ his_api: { port: 8800 } }, { endpointsEditable: true })).not.toThrow();
  });

  it('the change list masks secrets and lists only what changed', () => {
    const before = { his_api: { token: 'old-secret-1', port: 1 }, a: { b: 1 } };
    expect(settingsChanges(before, { his_api: { token: 'new-secret-2', port: 1 }, a: { b: 2 } })).toEqual({
      'his_api.token': { from: '(已隐藏)', to: '(已隐藏)' },
      'a.b': { from: 1, to: 2 },
    });
  });
});

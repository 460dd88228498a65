/**
 * IT settings at the window: the configuration shown without secrets, a partial update written
 * back to the config file atomically (applies at the next start), a connection test, and the
 * diagnostic bundle (redacted logs, configuration without secrets, versions, the day's journal).
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionTestView, DiagnosticBundleView, SettingsView } from '../../shared/ipc/views';
import type { SettingsPatch } from '../../shared/ipc/contract';
import type { AppConfig } from '../config/config-schema';
import { GATEWAY_SECRET_KEYS } from '../config/gateway-config';
import type { SettlementStore } from '../store/ports/settlement-store';
import type { UpstreamClient } from '../upstream/ports';
import { isGatewayRefusalCode } from '../../shared/protocol/gateway-refusals';
import type { GatewaySecretArg } from '../../shared/ipc/contract';
import type { GatewaySecretSavedView } from '../../shared/ipc/views';
import type { SecretVault } from './secret-vault';
import { parseConfig } from '../config/load-config';
import { AppError } from '../../shared/errors/app-error';
import { redactForExport, redactText } from '../../shared/redact';
import { chinaDate, chinaStamp14, parseChinaDateTime } from '../../shared/china-time';
import { isPrivateOrLoopbackHost } from '../config/host-policy';
import { FILE_MODE_PRIVATE, DIR_MODE_PRIVATE } from './file-modes';

/** Who may change what, until the roles of the security issue replace `endpointsEditable`. */
export interface SettingsPolicy {
  /** A non-training start with `--config`: the only start that may change endpoints today. */
  readonly endpointsEditable: boolean;
}

/**
 * The one check that a patch may change endpoints (`upstream.url`, `his_api.port`). Kept alone so
 * the role check of the security issue (it_admin) can replace it in one place.
 */
export function assertMayChangeEndpoints(patch: SettingsPatch, policy: SettingsPolicy): void {
  const touches = patch.upstream?.url !== undefined || patch.his_api?.port !== undefined;
  if (!touches || policy.endpointsEditable) return;
  throw new AppError('SETTINGS_LOCKED', {
    detail: { field: patch.upstream?.url !== undefined ? 'upstream.url' : 'his_api.port' },
  });
}

/** Refuses an upstream host outside loopback and the private networks unless IT confirmed it. */
export function assertUpstreamHostAllowed(url: string, confirmed: boolean): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new AppError('BAD_REQUEST', {
      message: '请求字段 upstream.url 不正确：应为 http(s) 地址',
      detail: { field: 'upstream.url' },
    });
  }
  if (!isPrivateOrLoopbackHost(host) && !confirmed)
    throw new AppError('PUBLIC_HOST_UNCONFIRMED', { detail: { field: 'upstream.url' } });
}

/** Keys whose values never reach a log line (the HIS token and anything alike). */
const SECRET_KEY = /token|secret|password|key/i;

/** `{path: {from, to}}` of the leaves that differ, secrets masked. */
export function settingsChanges(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  prefix = '',
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[k];
    const b = after[k];
    const path = prefix ? `${prefix}.${k}` : k;
    const isObj = (v: unknown): v is Record<string, unknown> =>
      v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObj(a) || isObj(b)) Object.assign(out, settingsChanges(isObj(a) ? a : {}, isObj(b) ? b : {}, path));
    else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out[path] = SECRET_KEY.test(k) ? { from: '(已隐藏)', to: '(已隐藏)' } : { from: a ?? null, to: b ?? null };
    }
  }
  return out;
}

export interface SettingsDeps {
  readonly config: AppConfig;
  readonly configPath: string | null;
  readonly training: boolean;
  readonly store: SettlementStore;
  readonly upstream: UpstreamClient;
  readonly logDir: string;
  readonly clock: () => number;
  readonly version: string;
  /** Default: endpoints not editable. */
  readonly policy?: SettingsPolicy;
  /** The settings change log (the app's redacting file logger). */
  readonly log?: { info(message: string, data?: Readonly<Record<string, unknown>>): void };
  /** Who is changing settings, for the log (until operators sign in: the configured operator). */
  readonly actor?: () => string;
  /** The OS secret store of the desktop app; absent in browser mode and training. */
  readonly vault?: SecretVault;
  /** The gateway style and region profile in use (shown to IT; no secrets). */
  readonly gateway?: { readonly style: string; readonly region_id: string; readonly region_name: string };
}

/** The upstream section with every plain-string gateway secret hidden (training accepts them). */
function withoutGatewaySecrets(u: AppConfig['upstream']): AppConfig['upstream'] {
  if (u.gateway === undefined) return u;
  const hidden: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(u.gateway))
    hidden[k] = typeof v === 'string' && SECRET_KEYS.has(k) ? '(已隐藏)' : v;
  return { ...u, gateway: hidden as AppConfig['upstream']['gateway'] };
}

const SECRET_KEYS: ReadonlySet<string> = new Set(Object.values(GATEWAY_SECRET_KEYS).flat());

export class SettingsFile {
  private current: AppConfig;

  constructor(private readonly d: SettingsDeps) {
    this.current = d.config;
  }

  view(): SettingsView {
    const c = this.current;
    return {
      upstream: { url: c.upstream.url, timeout_ms: c.upstream.timeout_ms },
      institution: { ...c.institution },
      operator: { opter: c.operator.opter, opter_name: c.operator.opter_name },
      his_api: { port: c.his_api.port },
      training: this.d.training,
      config_path: this.d.configPath,
      editable: this.d.configPath !== null,
      ...(this.d.gateway
        ? {
            gateway: {
              ...this.d.gateway,
              vault_available: this.d.vault?.available ?? false,
              vault_keys: this.d.vault?.keys() ?? [],
            },
          }
        : {}),
    };
  }

  /**
   * Checks who may change what, merges the patch, validates the whole file, writes it atomically
   * with mode 0600 (temp file + rename: the file holds the HIS token), logs the change with
   * secrets masked. Takes effect on restart. `by.itAdmin`: the caller checked the it_admin role.
   */
  save(patch: SettingsPatch, by: { itAdmin?: boolean } = {}): SettingsView {
    if (this.d.configPath === null) {
      throw new AppError('CONFIG_INVALID', {
        message: '培训模式没有配置文件，不能保存设置；请用 --config 指定配置文件启动。',
      });
    }
    // A signed-in IT operator (the security issue's role) may; else only a start with --config.
    const policy = this.d.policy ?? { endpointsEditable: false };
    assertMayChangeEndpoints(patch, by.itAdmin === true ? { endpointsEditable: true } : policy);
    if (patch.upstream?.url !== undefined)
      assertUpstreamHostAllowed(patch.upstream.url, patch.confirm_public_host === true);
    const raw = JSON.parse(readFileSync(this.d.configPath, 'utf8').replace(/^\uFEFF/, '')) as Record<
      string,
      Record<string, unknown>
    >;
    const merged = {
      ...raw,
      upstream: { ...raw.upstream, ...patch.upstream },
      institution: { ...raw.institution, ...patch.institution },
      operator: { ...raw.operator, ...patch.operator },
      his_api: { ...raw.his_api, ...patch.his_api },
    };
    this.current = parseConfig(merged, join(this.d.configPath, '..'));
    const tmp = `${this.d.configPath}.tmp`;
    rmSync(tmp, { force: true });
    writeFileSync(tmp, `${JSON.stringify(merged, null, 2)}\n`, { mode: FILE_MODE_PRIVATE });
    chmodSync(tmp, FILE_MODE_PRIVATE);
    renameSync(tmp, this.d.configPath);
    const changes = settingsChanges(raw, merged);
    this.d.log?.info('settings changed', {
      by: this.d.actor?.() ?? 'unknown',
      changes,
      ...(patch.confirm_public_host === true ? { confirm_public_host: true } : {}),
    });
    return this.view();
  }

  /**
   * Puts one gateway secret into the OS secret store; it is used at the next start for a secret
   * key the configuration file leaves out. Refused where there is no store (browser mode, training).
   */
  saveGatewaySecret(a: GatewaySecretArg): GatewaySecretSavedView {
    const vault = this.d.vault;
    if (vault === undefined || !vault.available || this.d.training) {
      throw new AppError('CONFIG_INVALID', {
        message: '系统密钥库只能在桌面程序的正式模式中使用；请在配置文件中用 {"file"} 或 {"env"} 提供密钥。',
      });
    }
    const path = `upstream.gateway.${a.key}`;
    vault.set(path, a.value);
    return { path, stored: vault.keys(), restart_needed: true };
  }

  /** One sign-in (9001) round trip. */
  async testConnection(): Promise<ConnectionTestView> {
    const started = this.d.clock();
    try {
      await this.d.upstream.signIn();
      const ms = this.d.clock() - started;
      return { ok: true, latency_ms: ms, message: `连接正常，签到成功（${ms} 毫秒）。` };
    } catch (e) {
      // A gateway refusal names its cause and what IT must check (the key, the clock, the path).
      if (e instanceof AppError && isGatewayRefusalCode(e.code)) {
        return { ok: false, latency_ms: null, message: `医保网关拒收 [${e.code}]：${e.message} ${e.hint}` };
      }
      const text = e instanceof AppError ? e.message : '连接失败。';
      return { ok: false, latency_ms: null, message: `${text} 请检查平台地址、网络和机构编码。` };
    }
  }

  /** Writes a redacted diagnostic bundle to `<data_dir>/diagnostics/`. */
  async diagnosticBundle(): Promise<DiagnosticBundleView> {
    const now = this.d.clock();
    const today = chinaDate(now);
    const from = parseChinaDateTime(`${today} 00:00:00`) ?? now - 86_400_000;
    const journal = await this.d.store.journal.between(from, now + 1, 5000);
    const logs = this.logTail(today);
    const bundle = {
      created_at: chinaStamp14(now),
      version: this.d.version,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      training: this.d.training,
      config: {
        ...this.current,
        upstream: withoutGatewaySecrets(this.current.upstream),
        his_api: { port: this.current.his_api.port, token: '(已隐藏)' },
      },
      store: await this.d.store.health.check(),
      upstream: this.d.upstream.status(),
      settlements_by_state: await this.d.store.settlements.countByState(),
      journal,
      logs,
    };
    const dir = join(this.current.data_dir, 'diagnostics');
    mkdirSync(dir, { recursive: true, mode: DIR_MODE_PRIVATE });
    const filename = `diagnostic-${chinaStamp14(now)}.json`;
    const path = join(dir, filename);
    // Issue 14 item 9: no psn_no, birth date or balance leaves the site in the bundle.
    writeFileSync(path, redactForExport(bundle, 1), { mode: FILE_MODE_PRIVATE });
    return { filename, size_bytes: statSync(path).size, saved_to: path };
  }

  private logTail(today: string): string[] {
    try {
      const files = readdirSync(this.d.logDir).filter((f) => f.includes(today));
      return files
        .flatMap((f) => readFileSync(join(this.d.logDir, f), 'utf8').split('\n').filter(Boolean).slice(-2000))
        .map(redactText);
    } catch {
      return [];
    }
  }
}

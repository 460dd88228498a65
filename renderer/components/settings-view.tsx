/**
 * Settings for IT: platform endpoint and timeout, institution, operator, HIS API port; test the
 * connection; write a diagnostic bundle. Secrets are never shown or edited here.
 */
import { useEffect, useState } from 'react';
import type { SettingsPatch, SettlementBridge } from '../../shared/ipc/contract';
import type { ConnectionTestView, DiagnosticBundleView, SettingsView as Settings } from '../../shared/ipc/views';
import type { UiError } from '../lib/error-chain';
import { IT_ONLY_FIELDS, WINDOW_ROLE, mayChangeEndpoint, type SettingsRole } from '../../shared/settings-access';
import { DeviceSelfTest } from './device-self-test';

/** The secret keys of each gateway style (docs/protocol.md §1.3), for the OS secret store form. */
const SECRET_KEYS: Readonly<Record<string, readonly GatewaySecretKey[]>> = {
  csb: ['secret'],
  tif: ['paas_token'],
  sm: ['client_secret', 'password', 'sm4_key', 'sm2_private_key'],
};

type GatewaySecretKey = 'secret' | 'paas_token' | 'client_secret' | 'password' | 'sm4_key' | 'sm2_private_key';

/** Puts one gateway secret into the OS secret store; the value is never shown again. */
function GatewaySecretForm(p: {
  keys: readonly GatewaySecretKey[];
  stored: readonly string[];
  save: (key: GatewaySecretKey, value: string) => Promise<void>;
}) {
  const [key, setKey] = useState<GatewaySecretKey>(p.keys[0] ?? 'secret');
  const [value, setValue] = useState('');
  return (
    <form
      className="gateway-secret"
      data-testid="gateway-secret-form"
      onSubmit={(e) => {
        e.preventDefault();
        void p.save(key, value).then(() => setValue(''));
      }}
    >
      <label className="field">
        网关密钥
        <select value={key} onChange={(e) => setKey(e.target.value as GatewaySecretKey)}>
          {p.keys.map((k) => (
            <option key={k} value={k}>
              {k}
              {p.stored.includes(`upstream.gateway.${k}`) ? '（已存）' : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        密钥值
        <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" disabled={value.trim() === ''}>
        存入系统密钥库
      </button>
    </form>
  );
}

/** Props of `SettingsView`. */
export interface SettingsViewProps {
  readonly bridge: SettlementBridge;
  readonly onError: (e: UiError) => void;
}

interface Form {
  url: string;
  timeout_ms: string;
  fixmedins_code: string;
  fixmedins_name: string;
  mdtrtarea_admvs: string;
  opter: string;
  opter_name: string;
  port: string;
}

function toForm(s: Settings): Form {
  return {
    url: s.upstream.url,
    timeout_ms: String(s.upstream.timeout_ms),
    fixmedins_code: s.institution.fixmedins_code,
    fixmedins_name: s.institution.fixmedins_name,
    mdtrtarea_admvs: s.institution.mdtrtarea_admvs,
    opter: s.operator.opter,
    opter_name: s.operator.opter_name,
    port: String(s.his_api.port),
  };
}

/** Only what changed is sent (a partial update). */
function toPatch(f: Form, s: Settings): SettingsPatch {
  const patch: {
    upstream?: SettingsPatch['upstream'];
    institution?: SettingsPatch['institution'];
    operator?: SettingsPatch['operator'];
    his_api?: SettingsPatch['his_api'];
  } = {};
  const timeout = Number.parseInt(f.timeout_ms, 10);
  const port = Number.parseInt(f.port, 10);
  const up = {
    ...(f.url !== s.upstream.url ? { url: f.url } : {}),
    ...(timeout !== s.upstream.timeout_ms ? { timeout_ms: timeout } : {}),
  };
  if (Object.keys(up).length > 0) patch.upstream = up;
  const inst = {
    ...(f.fixmedins_code !== s.institution.fixmedins_code ? { fixmedins_code: f.fixmedins_code } : {}),
    ...(f.fixmedins_name !== s.institution.fixmedins_name ? { fixmedins_name: f.fixmedins_name } : {}),
    ...(f.mdtrtarea_admvs !== s.institution.mdtrtarea_admvs ? { mdtrtarea_admvs: f.mdtrtarea_admvs } : {}),
  };
  if (Object.keys(inst).length > 0) patch.institution = inst;
  const op = {
    ...(f.opter !== s.operator.opter ? { opter: f.opter } : {}),
    ...(f.opter_name !== s.operator.opter_name ? { opter_name: f.opter_name } : {}),
  };
  if (Object.keys(op).length > 0) patch.operator = op;
  if (port !== s.his_api.port) patch.his_api = { port };
  return patch;
}

/** Whether a field is read-only at this window (shared/settings-access holds the rule). */
function locked(key: keyof Form, role: SettingsRole): boolean {
  return (IT_ONLY_FIELDS as readonly string[]).includes(key) && !mayChangeEndpoint(role);
}

const FIELDS: readonly (readonly [keyof Form, string])[] = [
  ['url', '医保平台地址'],
  ['timeout_ms', '单次调用超时（毫秒）'],
  ['fixmedins_code', '定点机构编码'],
  ['fixmedins_name', '定点机构名称'],
  ['mdtrtarea_admvs', '就医地医保区划'],
  ['opter', '操作员编号'],
  ['opter_name', '操作员姓名'],
  ['port', 'HIS 接口端口'],
];

/** The settings screen. */
export function SettingsView({ bridge, onError }: SettingsViewProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTestView | null>(null);
  const [bundle, setBundle] = useState<DiagnosticBundleView | null>(null);
  // An IT operator signed in at the window (the security issue) may change the endpoint fields.
  const [role, setRole] = useState<SettingsRole>(WINDOW_ROLE);
  useEffect(() => {
    void bridge.whoAmI().then((r) => setRole(r.ok && r.value.operator?.role === 'it_admin' ? 'it_admin' : WINDOW_ROLE));
  }, [bridge]);
  // IT confirms an upstream address outside the hospital network (a public IP or a domain name).
  const [confirmPublic, setConfirmPublic] = useState(false);

  useEffect(() => {
    void bridge.getSettings().then((r) => {
      if (r.ok) {
        setSettings(r.value);
        setForm(toForm(r.value));
      } else onError({ info: r.error, action: 'getSettings' });
    });
  }, [bridge, onError]);

  if (!settings || !form) return <section className="settings-view">正在读取设置…</section>;

  const save = (): void => {
    const patch = toPatch(form, settings);
    void bridge
      .saveSettings(
        confirmPublic && patch.upstream?.url !== undefined ? { ...patch, confirm_public_host: true } : patch,
      )
      .then((r) => {
        if (r.ok) {
          setSettings(r.value);
          setForm(toForm(r.value));
          setNote('已保存。部分设置需要重启后生效。');
        } else onError({ info: r.error, action: 'saveSettings' });
      });
  };

  return (
    <section className="settings-view" data-testid="settings-view" aria-label="设置">
      <h2>设置（信息科）</h2>
      {settings.training ? <p className="training">当前为培训模式，连接的是内置模拟平台。</p> : null}
      {settings.config_path ? <p className="path">配置文件：{settings.config_path}</p> : null}
      {settings.gateway ? (
        <p className="gateway" data-testid="settings-gateway">
          医保网关：{settings.gateway.style}　地区配置：{settings.gateway.region_name}（{settings.gateway.region_id}）
        </p>
      ) : null}
      {settings.gateway?.vault_available && SECRET_KEYS[settings.gateway.style]?.length ? (
        <GatewaySecretForm
          keys={SECRET_KEYS[settings.gateway.style] ?? []}
          stored={settings.gateway.vault_keys ?? []}
          save={(key, value) =>
            bridge.saveGatewaySecret({ key, value }).then((r) => {
              if (r.ok) setNote(`密钥已存入系统密钥库（${r.value.path}），重启后生效。`);
              else onError({ info: r.error, action: 'saveGatewaySecret' });
            })
          }
        />
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {FIELDS.map(([key, label]) => (
          <label key={key} className="field">
            {label}
            <input
              value={form[key]}
              data-field={key}
              disabled={!settings.editable}
              readOnly={locked(key, role)}
              title={locked(key, role) ? '只能查看：由信息科修改' : undefined}
              onChange={(e) => setForm({ ...form, [key]: e.target.value })}
            />
          </label>
        ))}
        {locked('url', role) ? null : (
          <label className="field confirm-public-host">
            <input
              type="checkbox"
              checked={confirmPublic}
              disabled={!settings.editable}
              onChange={(e) => setConfirmPublic(e.target.checked)}
            />
            信息科确认：平台地址不在本院内网（外网地址或域名）也要使用
          </label>
        )}
        <div className="settings-actions">
          <button type="submit" disabled={!settings.editable}>
            保存
          </button>
          <button
            type="button"
            onClick={() => {
              setTest(null);
              void bridge
                .testConnection()
                .then((r) => (r.ok ? setTest(r.value) : onError({ info: r.error, action: 'testConnection' })));
            }}
          >
            测试连接
          </button>
          <button
            type="button"
            onClick={() => {
              setBundle(null);
              void bridge
                .diagnosticBundle()
                .then((r) => (r.ok ? setBundle(r.value) : onError({ info: r.error, action: 'diagnosticBundle' })));
            }}
          >
            生成诊断包
          </button>
        </div>
      </form>
      {note ? <p className="note">{note}</p> : null}
      {test ? (
        <p className={`test ${test.ok ? 'ok' : 'bad'}`} data-testid="connection-test">
          {test.message}
        </p>
      ) : null}
      {bundle ? (
        <p className="bundle" data-testid="diagnostic-bundle">
          诊断包已保存：{bundle.saved_to}（{Math.ceil(bundle.size_bytes / 1024)}{' '}
          KB）。已去除个人信息，可交给信息科或厂商。
        </p>
      ) : null}
      <DeviceSelfTest bridge={bridge} onError={onError} />
    </section>
  );
}

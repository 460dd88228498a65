/**
 * Pure upgrades of older configuration files to the current version. Version 1 is the first, so
 * this only fills the version in; a later version adds `if (v === 1) raw = upgrade1to2(raw)`.
 */
import { CONFIG_VERSION } from './config-schema';

export function upgradeConfig(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const o = raw as Record<string, unknown>;
  if (o.config_version === undefined) return { ...o, config_version: CONFIG_VERSION };
  return o;
}

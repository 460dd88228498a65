/**
 * Loading the configuration file: read, parse JSON, upgrade old versions, validate. Every problem
 * is reported with its path (`upstream.url: 应为 http(s) 地址`) in one CONFIG_INVALID error.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import { ConfigSchema, type AppConfig } from './config-schema';
import { upgradeConfig } from './upgrade-config';

/** Validates a parsed config object; relative `data_dir` resolves against `baseDir`. */
export function parseConfig(raw: unknown, baseDir: string): AppConfig {
  const upgraded = upgradeConfig(raw);
  const r = ConfigSchema.safeParse(upgraded);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.map(String).join('.') || '(根)'}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', { message: `配置文件有误：${problems.join('；')}`, detail: { problems } });
  }
  const c = r.data;
  return { ...c, data_dir: isAbsolute(c.data_dir) ? c.data_dir : resolve(baseDir, c.data_dir) };
}

/** Reads and validates the file at `path`. */
export function loadConfigFile(path: string): AppConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AppError('CONFIG_INVALID', { message: `读不到配置文件：${path}`, cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new AppError('CONFIG_INVALID', { message: `配置文件不是合法的 JSON：${path}`, cause });
  }
  return parseConfig(raw, dirname(resolve(path)));
}

/**
 * Where the data key lives (S4): never in the config, the logs or IPC. Headless (`npm run serve`,
 * the admin command) it is a 0600 file `keys/data.key` in the data folder (folder 0700); under
 * Electron the same 32 bytes are kept wrapped by the OS secret store (`safeStorage`, see
 * main/app/safe-storage-key.ts), behind the same `DataKeyStore` interface.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_KEY_BYTES } from './field-cipher';
import { AppError } from '../../shared/errors/app-error';

/** Loads the data key, creating it on first use. */
export interface DataKeyStore {
  /** The 32-byte key; created (and persisted) when `create` and none exists yet. */
  load(opts: { create: boolean }): Buffer;
}

/**
 * The key file under a data folder: `keys/data.key` for the plain file, `keys/data.key.<kind>` for
 * a wrapped one (so a store made under Electron is never read with a key file made headless).
 */
export function keyFilePath(dataDir: string, kind = 'file'): string {
  return join(dataDir, 'keys', kind === 'file' ? 'data.key' : `data.key.${kind}`);
}

/**
 * A key kept as raw bytes by an outer wrapper: `wrap`/`unwrap` are identity for the plain 0600
 * file, and `safeStorage.encryptString`/`decryptString` under Electron.
 */
export interface KeyWrapper {
  readonly kind: string;
  wrap(key: Buffer): Buffer;
  unwrap(stored: Buffer): Buffer;
}

/** The plain key file (headless): protected by its 0600 mode and the 0700 folder. */
export const PLAIN_KEY_FILE: KeyWrapper = { kind: 'file', wrap: (k) => k, unwrap: (s) => s };

/** A DataKeyStore in `file`, wrapped by `wrapper`. */
export function fileDataKeyStore(file: string, wrapper: KeyWrapper = PLAIN_KEY_FILE): DataKeyStore {
  return {
    load({ create }) {
      if (existsSync(file)) {
        chmodSync(file, 0o600);
        const key = wrapper.unwrap(readFileSync(file));
        if (key.length !== DATA_KEY_BYTES)
          throw new AppError('KEY_UNAVAILABLE', { detail: { reason: 'key_length', store: wrapper.kind } });
        return key;
      }
      if (!create) throw new AppError('KEY_UNAVAILABLE', { detail: { reason: 'missing', store: wrapper.kind } });
      const dir = join(file, '..');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      const key = randomBytes(DATA_KEY_BYTES);
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, wrapper.wrap(key), { mode: 0o600, flag: 'w' });
      renameSync(tmp, file);
      return key;
    },
  };
}

/**
 * The OS secret store for gateway secrets (docs/protocol.md §1.3: the desktop app may keep a secret
 * there, set from the IT settings screen). Electron's `safeStorage` encrypts each value with the
 * operating system's key (DPAPI on Windows, the keyring on Linux); the ciphertexts live in
 * `<data_dir>/secrets.json`, readable only with the same OS account. Values never appear in logs,
 * views or diagnostic bundles — only the key names do.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** What the vault needs of Electron's `safeStorage` (injected by electron-main; absent in browser mode). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
}

/** Secrets by configuration path (`upstream.gateway.secret` …). */
export interface SecretVault {
  /** False when the OS offers no secret store (then nothing can be saved). */
  readonly available: boolean;
  /** The secret at `path`, or undefined when none is stored or it cannot be decrypted. */
  get(path: string): string | undefined;
  /** Stores the secret at `path` (atomically replaces the file). */
  set(path: string, value: string): void;
  /** The paths that hold a secret (names only). */
  keys(): string[];
}

/** Most secrets kept (a gateway has at most six). */
const MAX_ENTRIES = 32;

/** The vault in `file`, encrypting with `cipher`. */
export function createSecretVault(file: string, cipher: SecretCipher): SecretVault {
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {};
      return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {};
    }
  };
  return {
    available: cipher.isEncryptionAvailable(),
    get(path) {
      const b64 = read()[path];
      if (b64 === undefined) return undefined;
      try {
        return cipher.decryptString(Buffer.from(b64, 'base64'));
      } catch {
        // Another OS account or a damaged entry: treated as "not stored", so the start names the key.
        return undefined;
      }
    },
    set(path, value) {
      const all = read();
      all[path] = cipher.encryptString(value).toString('base64');
      if (Object.keys(all).length > MAX_ENTRIES) throw new Error('too many secrets');
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(all, null, 1)}\n`, { mode: 0o600 });
      renameSync(tmp, file);
    },
    keys: () => Object.keys(read()).sort(),
  };
}

/**
 * Under Electron the data key is wrapped by the OS secret store (S4): `safeStorage` encrypts it with
 * DPAPI on Windows and the Secret Service / KWallet on Linux, so the key file alone (copied off the
 * PC) opens nothing. Where no real secret store is available (Linux without a keyring falls back to
 * `basic_text`, a fixed key), the plain 0600 key file is used instead, as headless.
 */
import type { KeyWrapper } from '../security/data-key';

/** The part of Electron's `safeStorage` used here (the real one is passed in by electron-main). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no real secret store. */
  getSelectedStorageBackend?(): string;
}

/** The safeStorage wrapper, or undefined (use the plain key file) when no real secret store is there. */
export function safeStorageKeyWrapper(
  s: SafeStorageLike | undefined,
  platform: string = process.platform,
): KeyWrapper | undefined {
  if (s === undefined || !s.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && s.getSelectedStorageBackend?.() === 'basic_text') return undefined;
  return {
    kind: 'safe-storage',
    wrap: (key) => s.encryptString(key.toString('base64')),
    unwrap: (stored) => Buffer.from(s.decryptString(stored), 'base64'),
  };
}

/**
 * The data key under Electron (S4): wrapped by safeStorage when a real OS secret store is there;
 * the plain 0600 key file otherwise (no safeStorage, encryption unavailable, or Linux's
 * `basic_text` fallback, which is a fixed key and protects nothing more than the file mode).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { safeStorageKeyWrapper } from '../../main/app/safe-storage-key';
import { fileDataKeyStore, keyFilePath } from '../../main/security/data-key';
import { safeStorage } from './electron-mock';

describe('safeStorage key wrapper', () => {
  it('wraps the key so the file alone does not hold it, and unwraps the same 32 bytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-key-'));
    try {
      const w = safeStorageKeyWrapper(safeStorage, 'linux');
      expect(w?.kind).toBe('safe-storage');
      const file = keyFilePath(dir, w?.kind);
      const key = fileDataKeyStore(file, w).load({ create: true });
      const stored = readFileSync(file);
      expect(stored.includes(key)).toBe(false);
      expect(stored.includes(Buffer.from(key.toString('base64')))).toBe(false);
      expect(fileDataKeyStore(file, w).load({ create: false }).equals(key)).toBe(true);
      expect(path.basename(file)).toBe('data.key.safe-storage');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back to the plain key file without a real secret store', () => {
    expect(safeStorageKeyWrapper(undefined)).toBeUndefined();
    const off = { ...safeStorage, isEncryptionAvailable: () => false };
    expect(safeStorageKeyWrapper(off)).toBeUndefined();
    const basic = { ...safeStorage, getSelectedStorageBackend: () => 'basic_text' };
    expect(safeStorageKeyWrapper(basic, 'linux')).toBeUndefined();
    expect(safeStorageKeyWrapper(basic, 'win32')?.kind).toBe('safe-storage');
  });
});

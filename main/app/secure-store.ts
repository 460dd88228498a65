/**
 * Opens the adapter's store with personal data sealed at rest (S3/S4): loads the data key (creating
 * it only on a store that holds no sealed value yet — a lost key is refused, never replaced),
 * registers the column cipher, and seals whatever an older version left in plaintext (then VACUUMs,
 * so no plaintext page is left in the file or the WAL). Also opens the roster and audit store.
 */
import { join } from 'node:path';
import { chmodSync, mkdirSync } from 'node:fs';
import type { OutboxWriter } from '../store/outbox';
import type { SecurityStore } from '../store/ports/security';
import { openSettlementStore, type OpenedStore } from '../store/sqlite-settlement-store';
import { useFieldCipher } from '../store/sealed-columns';
import { hasSealedValues, sealExistingRows } from '../store/seal-existing-rows';
import { securityStoreOn } from '../store/security-repository';
import { createFieldCipher } from '../security/field-cipher';
import { fileDataKeyStore, keyFilePath, type KeyWrapper } from '../security/data-key';

export interface SecureStore extends OpenedStore {
  readonly security: SecurityStore;
  /** Values sealed at this start (an older plaintext store being taken over); 0 normally. */
  readonly sealedAtStart: number;
}

/** The store file under a data folder. */
export function storeFilePath(dataDir: string): string {
  return join(dataDir, 'adapter.db');
}

/** Makes `dir` (and parents) private to this user (0700). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Opens and migrates the store of `dataDir` with its data key (wrapped by `wrapper` under Electron). */
export function openSecureStore(dataDir: string, outbox: OutboxWriter, wrapper?: KeyWrapper): SecureStore {
  ensurePrivateDir(dataDir);
  const opened = openSettlementStore(storeFilePath(dataDir), outbox);
  try {
    const keys = fileDataKeyStore(keyFilePath(dataDir, wrapper?.kind), wrapper);
    const key = keys.load({ create: !hasSealedValues(opened.db) });
    useFieldCipher(opened.db, createFieldCipher(key));
    key.fill(0);
    const sealedAtStart = sealExistingRows(opened.db);
    return { ...opened, security: securityStoreOn(opened.db), sealedAtStart };
  } catch (e) {
    opened.close();
    throw e;
  }
}

/**
 * The cipher of personal-data columns (S3/S4): AES-256-GCM with a fresh 96-bit IV per value, and an
 * HMAC-SHA-256 blind index for the one equality look-up the store needs (inbox bills by ID number).
 * Both keys are derived (HKDF-SHA-256) from the one 32-byte data key, so the index reveals nothing
 * the sealed value would not. Format: `enc1:` + base64(iv ‖ tag ‖ ciphertext); `idx1:` + hex.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { INDEX_PREFIX, SEALED_PREFIX, type FieldCipher } from '../store/ports/security';
import { AppError } from '../../shared/errors/app-error';

/** Bytes of the data key. */
export const DATA_KEY_BYTES = 32;

/** A FieldCipher on `dataKey` (32 bytes). */
export function createFieldCipher(dataKey: Buffer): FieldCipher {
  if (dataKey.length !== DATA_KEY_BYTES) throw new AppError('KEY_UNAVAILABLE', { detail: { reason: 'key_length' } });
  const encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'yidi-adapter column seal v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'yidi-adapter blind index v1', 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
      if (!sealed.startsWith(SEALED_PREFIX) || raw.length < 28)
        throw new AppError('KEY_UNAVAILABLE', { detail: { reason: 'malformed' } });
      try {
        const d = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
        d.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
      } catch (cause) {
        // Wrong key or an altered value: never hand on garbage.
        throw new AppError('KEY_UNAVAILABLE', { cause, detail: { reason: 'wrong_key_or_altered' } });
      }
    },
    index(value) {
      return INDEX_PREFIX + createHmac('sha256', macKey).update(value, 'utf8').digest('hex');
    },
  };
}

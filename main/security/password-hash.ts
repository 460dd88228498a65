/**
 * Operator passwords as memory-hard hashes (Node's scrypt, RFC 7914): N = 2^15, r = 8, p = 1
 * (32 MiB and ~100 ms per check on a counter PC), a 16-byte random salt, 32-byte key. The stored
 * text names its parameters (`scrypt$15$8$1$salt$key`), so they can be raised later and old hashes
 * still verify. Passwords themselves are never stored or logged.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../shared/errors/app-error';

/** Shortest accepted password, characters. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest accepted password, characters (bounds the hashing work an input can ask for). */
export const MAX_PASSWORD_LENGTH = 256;

const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function scryptAsync(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const opts: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, opts, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** Throws PASSWORD_WEAK for a password outside the accepted length. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('PASSWORD_WEAK', {
      detail: { field: 'password', min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH },
    });
  }
}

/** The stored form of a new password. */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, LOG_N, R, P);
  return `scrypt$${LOG_N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` matches `stored`; false for any malformed stored text. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt' || password.length > MAX_PASSWORD_LENGTH) return false;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (
    !Number.isInteger(logN) ||
    logN < 10 ||
    logN > 20 ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > 32 ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > 4
  )
    return false;
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const key = await scryptAsync(password, Buffer.from(parts[4] ?? '', 'base64'), logN, r, p);
  return timingSafeEqual(key, expected);
}

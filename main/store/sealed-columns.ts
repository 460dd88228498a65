/**
 * Personal-data columns sealed at rest (S3/S4). The composition root registers one FieldCipher per
 * connection; repositories call `sealText`/`openText` on the columns that may hold ID numbers or
 * names (persons, visits' credential and JSON columns, settlements' platform figures, inbox bills).
 * Without a registered cipher (unit tests, tools) values pass through unchanged. A sealed value met
 * without a cipher is refused (KEY_UNAVAILABLE) rather than handed on as gibberish.
 */
import type { SqliteDb } from './sqlite-database';
import { INDEX_PREFIX, SEALED_PREFIX, type FieldCipher } from './ports/security';
import { AppError } from '../../shared/errors/app-error';

const ciphers = new WeakMap<SqliteDb, FieldCipher>();

/** Registers the cipher of `db`'s personal-data columns. */
export function useFieldCipher(db: SqliteDb, cipher: FieldCipher): void {
  ciphers.set(db, cipher);
}

/** The registered cipher, if any. */
export function fieldCipherOf(db: SqliteDb): FieldCipher | undefined {
  return ciphers.get(db);
}

/** Seals a column value (null stays null; already sealed stays as is). */
export function sealText(db: SqliteDb, text: string | null): string | null {
  const c = ciphers.get(db);
  if (text === null || c === undefined || text.startsWith(SEALED_PREFIX)) return text;
  return c.seal(text);
}

/** Opens a column value; plaintext of an older row is returned as is. */
export function openText(db: SqliteDb, text: string | null): string | null {
  if (text === null || !text.startsWith(SEALED_PREFIX)) return text;
  const c = ciphers.get(db);
  if (c === undefined) throw new AppError('KEY_UNAVAILABLE');
  return c.open(text);
}

/** JSON of a value, sealed. */
export function sealJson(db: SqliteDb, value: unknown): string | null {
  return value === null || value === undefined ? null : sealText(db, JSON.stringify(value));
}

/** Parses a sealed (or older plaintext) JSON column. */
export function openJson<T>(db: SqliteDb, text: string | null): T | null {
  const plain = openText(db, text);
  return plain === null ? null : (JSON.parse(plain) as T);
}

/** The blind look-up index of a value (its plain value when no cipher is registered). */
export function indexOf(db: SqliteDb, value: string | null): string | null {
  const c = ciphers.get(db);
  if (value === null || c === undefined || value.startsWith(INDEX_PREFIX)) return value;
  return c.index(value);
}

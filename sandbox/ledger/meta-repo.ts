/** Key-value metadata of the ledger: scenario hash, counters, the clock override. */
import { stmt, type Db } from './sql';

/** A metadata value, or null. */
export function getMeta(db: Db, key: string): string | null {
  const row = stmt(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Sets (or with null deletes) a metadata value. */
export function setMeta(db: Db, key: string, value: string | null): void {
  if (value === null) stmt(db, 'DELETE FROM meta WHERE key = ?').run(key);
  else
    stmt(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
}

/** The next value (1, 2, …) of a persisted counter; survives restarts. */
export function nextCounter(db: Db, name: string): number {
  const key = `counter:${name}`;
  const n = Number(getMeta(db, key) ?? '0') + 1;
  setMeta(db, key, String(n));
  return n;
}

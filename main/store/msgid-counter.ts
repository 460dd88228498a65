/** The persisted msgid sequence (reliability.md §2): a counter row, incremented in a transaction. */
import type { SqliteDb } from './sqlite-database';
import type { MsgidCounter } from './ports/settlement-store';
import { sql } from './sql';
import { get, run } from './sql-exec';

export class SqliteMsgidCounter implements MsgidCounter {
  constructor(private readonly db: SqliteDb) {}

  /** 0–9999, wrapping; uniqueness of whole msgids is also a UNIQUE constraint on the journal. */
  async nextSequence(): Promise<number> {
    return this.db.transaction(() => {
      run(this.db, sql`UPDATE msgid_counter SET value = value + 1 WHERE id = 1`);
      const row = get<{ value: number }>(this.db, sql`SELECT value FROM msgid_counter WHERE id = 1`);
      return (row?.value ?? 0) % 10000;
    })();
  }
}

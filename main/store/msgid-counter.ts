/**
 * The persisted msgid sequence (docs/reliability.md §2): a counter row. Numbers are reserved in blocks of
 * {@link MSGID_BLOCK} with one commit, then handed out from memory, so a call costs no extra fsync.
 * A crash skips the rest of a block (never reuses it), and two processes sharing the database get
 * disjoint blocks. Whole msgids (timestamp + sequence) are also UNIQUE in the journal.
 */
import type { SqliteDb } from './sqlite-database';
import type { MsgidCounter } from './ports/settlement-store';
import { sql } from './sql';
import { get, run } from './sql-exec';

/** Sequence numbers reserved per commit. */
export const MSGID_BLOCK = 100;

export class SqliteMsgidCounter implements MsgidCounter {
  private next = 0;
  private limit = 0;

  constructor(private readonly db: SqliteDb) {}

  /** 0–9999, wrapping. */
  async nextSequence(): Promise<number> {
    if (this.next >= this.limit) {
      const top = this.db
        .transaction(() => {
          run(this.db, sql`UPDATE msgid_counter SET value = value + ${MSGID_BLOCK} WHERE id = 1`);
          return (
            get<{ value: number }>(this.db, sql`SELECT value FROM msgid_counter WHERE id = 1`)?.value ?? MSGID_BLOCK
          );
        })
        .immediate();
      this.next = top - MSGID_BLOCK + 1;
      this.limit = top + 1;
    }
    const n = this.next;
    this.next += 1;
    return n % 10000;
  }
}

/**
 * Builds the settlement core's store on one SQLite file: opens it with the required settings,
 * migrates, and returns the repositories. Only the composition root calls this.
 */
import type { SettlementStore } from './ports/settlement-store';
import { checkStoreSettings, openSqlite, storeSettingProblems, type SqliteDb } from './sqlite-database';
import { migrate } from './migrations/run-migrations';
import { SqliteJournalRepository } from './journal-repository';
import { SqliteMsgidCounter } from './msgid-counter';
import { SqlitePersonRepository } from './person-repository';
import { SqliteVisitRepository } from './visit-repository';
import { SqliteFeeLineRepository } from './fee-line-repository';
import { SqliteSettlementRepository } from './settlement-repository';
import { SqliteInboxRepository } from './inbox-repository';
import { NO_OUTBOX, type OutboxWriter } from './outbox';

export interface OpenedStore {
  readonly db: SqliteDb;
  readonly store: SettlementStore;
  close(): void;
}

/** Opens `file`, migrates to the newest schema, and wires the repositories. */
export function openSettlementStore(file: string, outbox: OutboxWriter = NO_OUTBOX): OpenedStore {
  const db = openSqlite(file);
  migrate(db);
  return { db, store: settlementStoreOn(db, outbox, file === ':memory:'), close: () => db.close() };
}

/** The repositories on an already opened and migrated database. */
export function settlementStoreOn(db: SqliteDb, outbox: OutboxWriter, inMemory = false): SettlementStore {
  const visits = new SqliteVisitRepository(db, outbox);
  return {
    journal: new SqliteJournalRepository(db),
    msgids: new SqliteMsgidCounter(db),
    persons: new SqlitePersonRepository(db),
    visits,
    fees: new SqliteFeeLineRepository(db, visits),
    settlements: new SqliteSettlementRepository(db, outbox),
    inbox: new SqliteInboxRepository(db),
    health: {
      async check() {
        const s = checkStoreSettings(db, { quickCheck: false });
        const problems = storeSettingProblems(s, inMemory);
        return { ok: problems.length === 0, journal_mode: s.journal_mode, synchronous: s.synchronous, problems };
      },
    },
  };
}

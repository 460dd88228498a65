/**
 * Indexes that keep the window's paths flat as the store grows (issue 19, step 5), found by the
 * EXPLAIN QUERY PLAN check over every statement those paths prepare (test/store/query-plans):
 * - a settlement by msgid looks at `msgid OR cancel_msgid`; without an index on the second column
 *   SQLite reads the whole settlements table (used by reconciliation fixes and outcome lookups);
 * - the inbox row of a visit (the bill that opened it) was found by reading the whole inbox.
 */
import type { Migration } from './migration';

export const migration0110: Migration = {
  version: 110,
  name: 'growth-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS settlements_by_cancel_msgid ON settlements (cancel_msgid) WHERE cancel_msgid IS NOT NULL;
      CREATE INDEX IF NOT EXISTS inbox_by_visit ON inbox (visit_id, created_at) WHERE visit_id IS NOT NULL;
    `);
  },
};

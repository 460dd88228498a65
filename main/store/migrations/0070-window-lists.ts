/**
 * Indexes for the cashier window's lists: the day's settlements (newest first, by creation time)
 * and one person's recent settlements. Both lists are bounded reads that must not scan the whole
 * settlements table as it grows over the years.
 */
import type { Migration } from './migration';

export const migration0070: Migration = {
  version: 70,
  name: 'window-lists',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS settlements_by_created ON settlements (created_at);
      CREATE INDEX IF NOT EXISTS settlements_by_psn ON settlements (psn_no, created_at);
    `);
  },
};

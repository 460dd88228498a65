/**
 * The monthly declaration reports read the settlements touched in a month (a cancel updates a
 * settlement made earlier) by `updated_at`. Without an index that read scans every settlement
 * ever made. `IF NOT EXISTS`: reconciliation reads by the same column and may create the same
 * index in an earlier step.
 */
import type { Migration } from './migration';

export const migration0100: Migration = {
  version: 100,
  name: 'reports',
  up(db) {
    db.exec('CREATE INDEX IF NOT EXISTS settlements_by_updated ON settlements (updated_at);');
  },
};

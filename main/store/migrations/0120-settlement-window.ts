/**
 * Who settled and at which window (the cashier window's "今日结算": this window's list by default,
 * every window's for a supervisor, filtered by operator). `opter` is the acting operator of the
 * settle, the same one its journal row names; `window_id` is the adapter instance that made it
 * (config `window_id`, default the PC's host name). Earlier rows take their `opter` from their
 * journal row; their `window_id` stays NULL, read as "this window" (a stand-alone store was only
 * ever written by the one PC it lives on).
 */
import type { Migration } from './migration';

export const migration0120: Migration = {
  version: 120,
  name: 'settlement-window',
  up(db) {
    db.exec(`
      ALTER TABLE settlements ADD COLUMN opter TEXT;
      ALTER TABLE settlements ADD COLUMN window_id TEXT;
      UPDATE settlements SET opter = (SELECT COALESCE(j.opter, CASE WHEN json_valid(j.request) THEN json_extract(j.request, '$.opter') END)
        FROM journal j WHERE j.msgid = settlements.msgid) WHERE opter IS NULL;
      CREATE INDEX IF NOT EXISTS settlements_by_window ON settlements (window_id, created_at);
    `);
  },
};

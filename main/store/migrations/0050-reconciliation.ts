/**
 * Daily reconciliation (docs/his-api.md "Reconciliation"): each run with its groups, the differences
 * it found with their cause and allowed fixes, the fixes applied (an audit that is never deleted),
 * and the local adjustments fixes make to the adapter's reconciliation rows (adopt a platform row,
 * or exclude a local one). Money is integer fen inside the JSON columns; times are epoch ms.
 */
import type { Migration } from './migration';

export const migration0050: Migration = {
  version: 50,
  name: 'reconciliation',
  up(db) {
    db.exec(`
      CREATE TABLE reconciliations (
        recon_id TEXT PRIMARY KEY,
        stmt_date TEXT NOT NULL CHECK (stmt_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        state TEXT NOT NULL CHECK (state IN ('running','balanced','unbalanced','failed')),
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule','demand')),
        groups TEXT NOT NULL DEFAULT '[]',
        error TEXT,
        created_at INTEGER NOT NULL,
        finished_at INTEGER
      ) STRICT;
      CREATE INDEX reconciliations_by_date ON reconciliations (stmt_date, created_at);

      CREATE TABLE recon_differences (
        recon_id TEXT NOT NULL REFERENCES reconciliations (recon_id),
        diff_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('platform_only','local_only','amount_differs')),
        setl_id TEXT NOT NULL,
        refd_setl_flag TEXT NOT NULL CHECK (refd_setl_flag IN ('0','1')),
        mdtrt_id TEXT NOT NULL,
        psn_no TEXT NOT NULL,
        insutype TEXT,
        clr_type TEXT NOT NULL,
        setl_optins TEXT NOT NULL,
        platform_msgid TEXT,
        local TEXT,
        platform TEXT,
        cause TEXT NOT NULL,
        fixes TEXT NOT NULL,
        fixed_action TEXT,
        fixed_at INTEGER,
        PRIMARY KEY (recon_id, diff_id)
      ) STRICT;

      CREATE TABLE recon_fixes (
        fix_id TEXT PRIMARY KEY,
        recon_id TEXT NOT NULL,
        diff_id TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied','refused','failed')),
        note TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        FOREIGN KEY (recon_id, diff_id) REFERENCES recon_differences (recon_id, diff_id)
      ) STRICT;
      CREATE INDEX recon_fixes_by_diff ON recon_fixes (recon_id, diff_id, created_at);
      CREATE TRIGGER recon_fixes_keep BEFORE DELETE ON recon_fixes BEGIN SELECT RAISE(ABORT, 'recon_fixes rows are kept'); END;

      CREATE TABLE recon_adjustments (
        setl_id TEXT NOT NULL,
        refd_setl_flag TEXT NOT NULL CHECK (refd_setl_flag IN ('0','1')),
        action TEXT NOT NULL CHECK (action IN ('adopt','exclude')),
        row TEXT NOT NULL,
        stmt_date TEXT NOT NULL,
        fix_id TEXT NOT NULL REFERENCES recon_fixes (fix_id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (setl_id, refd_setl_flag)
      ) STRICT;
      CREATE INDEX recon_adjustments_by_date ON recon_adjustments (stmt_date);

      CREATE INDEX settlements_by_setl_id ON settlements (setl_id) WHERE setl_id IS NOT NULL;
      CREATE INDEX settlements_by_updated ON settlements (updated_at);
    `);
  },
};

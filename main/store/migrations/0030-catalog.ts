/**
 * The local payment scope (D-10, D-15, D-16): the hospital region's catalog as three tables, one
 * per paged query (1312 items, 1318 price caps, 1319 self-pay shares; docs/protocol.md §2.7), each
 * keyed by code, covering region and first valid date so that a code keeps several periods; the
 * item mapping (目录对照) with its own periods; the hospital codes seen on bills; the catalog and
 * mapping versions; and the sync state with its incremental cursors, so that an interrupted sync
 * resumes from its last committed page.
 *
 * Units: a price cap is an integer in millionths of a yuan (16,6), a self-pay share an integer in
 * ten-thousandths (5,4), times epoch ms, dates `yyyy-MM-dd` (compared as text).
 */
import type { Migration } from './migration';

const PERIOD_CHECK =
  "CHECK (begndate GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND (enddate IS NULL OR enddate >= begndate))";

export const migration0030: Migration = {
  version: 30,
  name: 'catalog',
  up(db) {
    db.exec(`
      CREATE TABLE catalog_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL CHECK (version >= 0),
        mapping_version INTEGER NOT NULL CHECK (mapping_version >= 0),
        last_sync_at INTEGER
      ) STRICT;
      INSERT INTO catalog_meta (id, version, mapping_version, last_sync_at) VALUES (1, 0, 0, NULL);

      CREATE TABLE catalog_changes (
        version INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        rows INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE catalog_items (
        med_list_codg TEXT NOT NULL,
        insu_admdvs TEXT NOT NULL,
        begndate TEXT NOT NULL,
        enddate TEXT,
        name TEXT NOT NULL,
        med_chrgitm_type TEXT NOT NULL,
        chrgitm_lv TEXT NOT NULL CHECK (chrgitm_lv IN ('01','02','03')),
        source TEXT NOT NULL CHECK (source IN ('sync','file')),
        updt_time TEXT,
        version INTEGER NOT NULL,
        PRIMARY KEY (med_list_codg, insu_admdvs, begndate),
        ${PERIOD_CHECK}
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE catalog_caps (
        med_list_codg TEXT NOT NULL,
        insu_admdvs TEXT NOT NULL,
        begndate TEXT NOT NULL,
        enddate TEXT,
        pric_uplmt_e6 INTEGER CHECK (pric_uplmt_e6 IS NULL OR pric_uplmt_e6 >= 0),
        source TEXT NOT NULL CHECK (source IN ('sync','file')),
        updt_time TEXT,
        version INTEGER NOT NULL,
        PRIMARY KEY (med_list_codg, insu_admdvs, begndate),
        ${PERIOD_CHECK}
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE catalog_shares (
        med_list_codg TEXT NOT NULL,
        insu_admdvs TEXT NOT NULL,
        begndate TEXT NOT NULL,
        enddate TEXT,
        selfpay_prop_e4 INTEGER NOT NULL CHECK (selfpay_prop_e4 BETWEEN 0 AND 10000),
        source TEXT NOT NULL CHECK (source IN ('sync','file')),
        updt_time TEXT,
        version INTEGER NOT NULL,
        PRIMARY KEY (med_list_codg, insu_admdvs, begndate),
        ${PERIOD_CHECK}
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE catalog_mappings (
        medins_list_codg TEXT NOT NULL,
        begndate TEXT NOT NULL,
        enddate TEXT,
        med_list_codg TEXT NOT NULL CHECK (length(med_list_codg) > 0),
        medins_list_name TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('file','edit')),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (medins_list_codg, begndate),
        ${PERIOD_CHECK}
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX catalog_mappings_by_national ON catalog_mappings (med_list_codg);

      CREATE TABLE hospital_items (
        medins_list_codg TEXT PRIMARY KEY,
        medins_list_name TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE catalog_sync (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        job_id TEXT,
        state TEXT NOT NULL CHECK (state IN ('idle','running','done','failed')),
        stage TEXT CHECK (stage IS NULL OR stage IN ('1312','1318','1319')),
        since TEXT,
        page INTEGER NOT NULL DEFAULT 0 CHECK (page >= 0),
        pages INTEGER,
        stage_max_updt TEXT,
        done INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0),
        total INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
        error TEXT,
        error_code TEXT,
        lease_owner TEXT,
        lease_until INTEGER,
        started_at INTEGER,
        updated_at INTEGER,
        finished_at INTEGER,
        CHECK (state <> 'running' OR (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
      ) STRICT;
      INSERT INTO catalog_sync (id, state) VALUES (1, 'idle');

      CREATE TABLE catalog_cursors (
        infno TEXT PRIMARY KEY CHECK (infno IN ('1312','1318','1319')),
        updt_time TEXT NOT NULL
      ) STRICT;
    `);
  },
};

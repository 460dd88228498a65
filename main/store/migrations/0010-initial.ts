/**
 * The settlement core's schema: the call journal (every upstream call, written before it is sent),
 * the msgid counter, persons seen by 1101, visits, fee lines, settlements and their history, and
 * the HIS inbox. Money is integer fen; times are epoch ms; ids are made by the app.
 *
 * Invariants live here as constraints so they hold when two processes share one database
 * (docs/architecture.md §3): a msgid is unique for life, and a visit has at most one live settlement.
 */
import type { Migration } from './migration';

/**
 * States in which a settlement counts as live (docs/reliability.md §2, plus cancel-in-flight states).
 * A shipped migration never changes: this literal is frozen, and test/domain/state-sets.test.ts
 * compares the index it built (read back from sqlite_master) with main/domain's LIVE_STATES. The
 * settlements CHECK below is compared with SETTLEMENT_STATES the same way; a new state needs a new
 * migration. (The state machine has no PREPARED state: a settle is inserted directly in SENDING
 * together with its journal row; see main/domain/crash-points.ts.)
 */
export const LIVE_SETTLEMENT_STATES_SQL =
  "'SENDING','UNKNOWN','REVERSING','SETTLED','CASH_COLLECTED','NEEDS_ATTENTION','CANCELLING','CANCEL_UNKNOWN'";

export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE msgid_counter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO msgid_counter (id, value) VALUES (1, 0);

      CREATE TABLE journal (
        call_id TEXT PRIMARY KEY,
        msgid TEXT NOT NULL UNIQUE,
        infno TEXT NOT NULL,
        visit_id TEXT,
        settlement_id TEXT,
        omsgid TEXT,
        state TEXT NOT NULL CHECK (state IN ('SENDING','SUCCESS','DEFINITE_FAIL','NOT_SENT','UNKNOWN')),
        request TEXT NOT NULL,
        response TEXT,
        err_code TEXT,
        err_msg TEXT,
        http_status INTEGER,
        transport_error TEXT,
        late_response TEXT,
        created_at INTEGER NOT NULL,
        ended_at INTEGER
      ) STRICT;
      CREATE INDEX journal_by_visit ON journal (visit_id, created_at);
      CREATE INDEX journal_by_state ON journal (state) WHERE state IN ('SENDING','UNKNOWN');
      CREATE INDEX journal_by_created ON journal (created_at);

      CREATE TABLE persons (
        psn_no TEXT PRIMARY KEY,
        baseinfo TEXT NOT NULL,
        insuinfo TEXT NOT NULL,
        extra TEXT NOT NULL,
        identified_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE visits (
        visit_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('outpatient','inpatient','pharmacy')),
        psn_no TEXT NOT NULL,
        insutype TEXT NOT NULL,
        med_type TEXT NOT NULL,
        insuplc_admdvs TEXT NOT NULL,
        region_kind TEXT NOT NULL CHECK (region_kind IN ('local','intra_province','cross_province')),
        mdtrt_cert_type TEXT NOT NULL,
        mdtrt_cert_no TEXT NOT NULL,
        card_sn TEXT,
        mdtrt_id TEXT UNIQUE,
        ipt_otp_no TEXT NOT NULL,
        begntime TEXT NOT NULL,
        endtime TEXT,
        dise_codg TEXT,
        dise_name TEXT,
        chrg_bchno TEXT,
        batch_seq INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('opening','open','discharged','closed','cancelled','failed')),
        eligibility TEXT,
        details TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX visits_by_psn ON visits (psn_no, created_at);

      CREATE TABLE fee_lines (
        visit_id TEXT NOT NULL REFERENCES visits (visit_id),
        feedetl_sn TEXT NOT NULL,
        med_list_codg TEXT,
        medins_list_codg TEXT NOT NULL,
        name TEXT NOT NULL,
        cnt TEXT NOT NULL,
        pric TEXT NOT NULL,
        amount_fen INTEGER NOT NULL,
        fee_ocur_time TEXT NOT NULL,
        init_feedetl_sn TEXT,
        chrg_bchno TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending','uploaded','settled','withdrawn')),
        platform TEXT,
        preview TEXT,
        seq INTEGER NOT NULL,
        PRIMARY KEY (visit_id, feedetl_sn)
      ) STRICT;

      CREATE TABLE settlements (
        settlement_id TEXT PRIMARY KEY,
        visit_id TEXT NOT NULL REFERENCES visits (visit_id),
        mdtrt_id TEXT NOT NULL,
        psn_no TEXT NOT NULL,
        infno TEXT NOT NULL CHECK (infno IN ('2207','2304')),
        msgid TEXT NOT NULL UNIQUE,
        chrg_bchno TEXT,
        state TEXT NOT NULL CHECK (state IN ('SENDING','SETTLED','CASH_COLLECTED','FAILED_DEFINITE','NOT_SENT','UNKNOWN',
          'REVERSING','REVERSED','NOT_SETTLED','NEEDS_ATTENTION','CANCELLING','CANCEL_UNKNOWN','CANCELLED')),
        acct_used_flag TEXT NOT NULL CHECK (acct_used_flag IN ('0','1')),
        bill_total_fen INTEGER NOT NULL,
        setl_id TEXT,
        setlinfo TEXT,
        setldetail TEXT,
        flags TEXT NOT NULL DEFAULT '[]',
        cancel_msgid TEXT,
        cancel_setlinfo TEXT,
        err_code TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX one_live_settlement_per_visit ON settlements (mdtrt_id)
        WHERE state IN (${LIVE_SETTLEMENT_STATES_SQL});
      CREATE INDEX settlements_by_visit ON settlements (visit_id, created_at);
      CREATE INDEX settlements_by_state ON settlements (state, updated_at);

      CREATE TABLE settlement_events (
        event_id INTEGER PRIMARY KEY,
        settlement_id TEXT NOT NULL REFERENCES settlements (settlement_id),
        at INTEGER NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        note TEXT NOT NULL
      ) STRICT;
      CREATE INDEX settlement_events_by_settlement ON settlement_events (settlement_id, event_id);

      CREATE TABLE inbox (
        inbox_id TEXT PRIMARY KEY,
        his_visit_id TEXT,
        visit_id TEXT,
        kind TEXT NOT NULL,
        certno TEXT,
        psn_no TEXT,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('waiting','opened','settled','cancelled')),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX inbox_by_certno ON inbox (certno, created_at);
      CREATE INDEX inbox_by_psn ON inbox (psn_no, created_at);
    `);
  },
};

/**
 * The sandbox ledger's tables. Amounts are integer fen (INTEGER), ratios and prices decimal
 * TEXT, dates `yyyy-MM-dd`, times `yyyy-MM-dd HH:mm:ss` (China time).
 */
import type { Db } from './sql';

/** Bumped when the layout changes; a ledger of another version is moved aside like a changed scenario. */
export const LEDGER_VERSION = 1;

const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE accounts (
  psn_no TEXT NOT NULL, insutype TEXT NOT NULL, balc INTEGER NOT NULL,
  PRIMARY KEY (psn_no, insutype)) STRICT;
CREATE TABLE cumulative (
  psn_no TEXT PRIMARY KEY,
  inpatient_dedc INTEGER NOT NULL, inpatient_fund INTEGER NOT NULL,
  outpatient_dedc INTEGER NOT NULL, outpatient_fund INTEGER NOT NULL,
  chronic_dedc INTEGER NOT NULL, chronic_fund INTEGER NOT NULL,
  critical_base INTEGER NOT NULL, critical_paid INTEGER NOT NULL) STRICT;
CREATE TABLE catalog_items (
  rid TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, admdvs TEXT NOT NULL, med_list_codg TEXT NOT NULL,
  name TEXT NOT NULL, med_chrgitm_type TEXT NOT NULL, chrgitm_lv TEXT NOT NULL, selfpay_prop TEXT NOT NULL,
  pric_uplmt_amt TEXT, begndate TEXT NOT NULL, enddate TEXT, updt_time TEXT NOT NULL,
  UNIQUE (admdvs, med_list_codg, begndate)) STRICT;
CREATE INDEX catalog_items_code ON catalog_items (med_list_codg);
CREATE INDEX catalog_items_updt ON catalog_items (updt_time, rid);
CREATE TABLE signins (
  sign_no TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, opter_no TEXT NOT NULL,
  sign_time TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('active', 'signed_out', 'invalidated'))) STRICT;
CREATE TABLE messages (
  msgid TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, infno TEXT NOT NULL, received_at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'ok', 'refused')), err_msg TEXT,
  psn_no TEXT, ref TEXT, reversed_by TEXT) STRICT;
CREATE TABLE visits (
  mdtrt_id TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, psn_no TEXT NOT NULL, insutype TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('outpatient', 'inpatient')), med_type TEXT, dise_codg TEXT,
  begntime TEXT NOT NULL, endtime TEXT, state TEXT NOT NULL CHECK (state IN ('open', 'discharged', 'cancelled')),
  ipt_otp_no TEXT NOT NULL, mdtrt_cert_type TEXT NOT NULL, open_msgid TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;
CREATE TABLE fee_lines (
  id INTEGER PRIMARY KEY, mdtrt_id TEXT NOT NULL REFERENCES visits (mdtrt_id), feedetl_sn TEXT NOT NULL,
  chrg_bchno TEXT, init_feedetl_sn TEXT, med_list_codg TEXT NOT NULL, medins_list_codg TEXT NOT NULL,
  fee_ocur_time TEXT NOT NULL, cnt TEXT NOT NULL, pric TEXT NOT NULL, amt INTEGER NOT NULL,
  fulamt_ownpay_amt INTEGER NOT NULL, overlmt_amt INTEGER NOT NULL, preselfpay_amt INTEGER NOT NULL,
  inscp_scp_amt INTEGER NOT NULL, chrgitm_lv TEXT NOT NULL, med_chrgitm_type TEXT NOT NULL,
  selfpay_prop TEXT NOT NULL, pric_uplmt_amt TEXT, memo TEXT,
  state TEXT NOT NULL CHECK (state IN ('unsettled', 'settled', 'deleted')), setl_id TEXT,
  upload_msgid TEXT NOT NULL,
  CHECK (amt = fulamt_ownpay_amt + overlmt_amt + preselfpay_amt + inscp_scp_amt)) STRICT;
CREATE UNIQUE INDEX fee_lines_live_sn ON fee_lines (mdtrt_id, feedetl_sn) WHERE state <> 'deleted';
CREATE INDEX fee_lines_batch ON fee_lines (mdtrt_id, chrg_bchno, state);
CREATE INDEX fee_lines_setl ON fee_lines (setl_id);
CREATE TABLE settlements (
  setl_id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, mdtrt_id TEXT NOT NULL REFERENCES visits (mdtrt_id),
  psn_no TEXT NOT NULL, fixmedins_code TEXT NOT NULL, infno TEXT NOT NULL, msgid TEXT NOT NULL UNIQUE,
  chrg_bchno TEXT, mid_setl_flag TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('settled', 'cancelled', 'reversed')),
  setl_time TEXT NOT NULL, age INTEGER NOT NULL, mdtrt_cert_type TEXT NOT NULL, medfee_sumamt INTEGER NOT NULL,
  record TEXT NOT NULL, effects TEXT NOT NULL, line_ids TEXT NOT NULL,
  cancel_msgid TEXT, cancel_infno TEXT, cancel_time TEXT, cancel_balc INTEGER) STRICT;
CREATE INDEX settlements_visit ON settlements (mdtrt_id, seq);
CREATE INDEX settlements_psn ON settlements (psn_no, seq);
`;

/** Creates every table of a fresh ledger. */
export function createSchema(db: Db): void {
  db.exec(DDL);
}

/**
 * The place-of-treatment catalogs (D-10) as the ledger holds them: seeded from the scenario,
 * upserted by `POST /__admin/catalog` with a fresh `updt_time`, read by the split and by the
 * paged catalogue queries 1312/1318/1319.
 */
import type { CatalogItem } from '../scenario/schema';
import type { CatalogRow } from '../model/scope-lookup';
import { nextCounter } from './meta-repo';
import { stmt, type Db } from './sql';

/** A catalog row with its record id and update time (`yyyy-MM-dd HH:mm:ss`). */
export interface StoredCatalogRow extends CatalogRow {
  readonly rid: string;
  readonly updt_time: string;
}

/** Inserts or replaces the entry (admdvs, med_list_codg, begndate); returns its rid. */
export function upsertCatalogItem(db: Db, admdvs: string, item: CatalogItem, updtTime: string): string {
  const existing = stmt(
    db,
    'SELECT rid FROM catalog_items WHERE admdvs = ? AND med_list_codg = ? AND begndate = ?',
  ).get(admdvs, item.med_list_codg, item.begndate) as { rid: string } | undefined;
  const seq = nextCounter(db, 'catalog_seq');
  const rid = existing?.rid ?? `${admdvs}${String(seq).padStart(12, '0')}`;
  stmt(
    db,
    `INSERT INTO catalog_items (rid, seq, admdvs, med_list_codg, name, med_chrgitm_type, chrgitm_lv, selfpay_prop, pric_uplmt_amt, begndate, enddate, updt_time)
     VALUES (@rid, @seq, @admdvs, @med_list_codg, @name, @med_chrgitm_type, @chrgitm_lv, @selfpay_prop, @pric_uplmt_amt, @begndate, @enddate, @updt_time)
     ON CONFLICT (rid) DO UPDATE SET name = excluded.name, med_chrgitm_type = excluded.med_chrgitm_type, chrgitm_lv = excluded.chrgitm_lv,
       selfpay_prop = excluded.selfpay_prop, pric_uplmt_amt = excluded.pric_uplmt_amt, enddate = excluded.enddate, updt_time = excluded.updt_time`,
  ).run({
    rid,
    seq,
    admdvs,
    med_list_codg: item.med_list_codg,
    name: item.name,
    med_chrgitm_type: item.med_chrgitm_type,
    chrgitm_lv: item.chrgitm_lv,
    selfpay_prop: item.selfpay_prop,
    pric_uplmt_amt: item.pric_uplmt_amt,
    begndate: item.begndate,
    enddate: item.enddate,
    updt_time: updtTime,
  });
  return rid;
}

/** Every entry with this list code, in any region. */
export function catalogRowsForCode(db: Db, medListCodg: string): StoredCatalogRow[] {
  return stmt(db, 'SELECT * FROM catalog_items WHERE med_list_codg = ? ORDER BY seq').all(
    medListCodg,
  ) as StoredCatalogRow[];
}

/** Every entry updated at or after `updtTime`, ordered by updt_time then rid. */
export function catalogRowsSince(db: Db, updtTime: string): StoredCatalogRow[] {
  return stmt(db, 'SELECT * FROM catalog_items WHERE updt_time >= ? ORDER BY updt_time, rid').all(
    updtTime,
  ) as StoredCatalogRow[];
}

/** The latest update time of any entry, or null when there is none. */
export function latestCatalogUpdate(db: Db): string | null {
  const row = stmt(db, 'SELECT MAX(updt_time) AS t FROM catalog_items').get() as { t: string | null };
  return row.t;
}

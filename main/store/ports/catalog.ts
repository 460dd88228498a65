/**
 * The local payment scope's store port (D-10, D-15; docs/architecture.md §3): the hospital region's
 * catalog (1312 items, 1318 price caps, 1319 self-pay shares), the item mapping (目录对照), the
 * hospital codes seen on bills, and the persisted state of the catalog sync.
 *
 * Contract in one paragraph: asynchronous and engine-free, one method per business step, each its
 * own transaction. Codes and dates are strings (`yyyy-MM-dd`), times epoch ms, a price cap is an
 * integer in millionths of a yuan (`pric_uplmt_e6`, the 16,6 precision of docs/protocol.md §4) and a
 * self-pay share an integer in ten-thousandths (`selfpay_prop_e4`, precision 5,4). The catalog
 * `version` goes up by one on every change (a sync page that changed rows, a file import); the
 * mapping version on every mapping change. Sync steps are fenced on the lease owner, so that a
 * process which lost its lease cannot overwrite the progress of the one that took over.
 */
import type { ChrgitmLv } from '../../../shared/fee-split';

/** The paged queries of a sync, in the order they run (docs/protocol.md §2.7). */
export type CatalogStage = '1312' | '1318' | '1319';

/** The stages in run order: items first, then caps and shares merged onto them. */
export const CATALOG_STAGES: readonly CatalogStage[] = ['1312', '1318', '1319'];

/** Where a catalog row came from. */
export type CatalogSource = 'sync' | 'file';

/** Key of a catalog row: several rows per code over time and per covering region. */
export interface CatalogKey {
  /** 医保目录编码 (national code). */
  readonly med_list_codg: string;
  /** Region of the catalog holding the row (`insu_admdvs`); `""` when a file did not say. */
  readonly insu_admdvs: string;
  /** First valid date, `yyyy-MM-dd`. */
  readonly begndate: string;
}

/** A 1312 row (or the item part of a file row): class, category and validity. */
export interface CatalogItemRecord extends CatalogKey {
  /** Last valid date (inclusive), or null when open. */
  readonly enddate: string | null;
  readonly name: string;
  /** 医疗收费项目类别, `01`…`14` (docs/protocol.md §3, D-16). */
  readonly med_chrgitm_type: string;
  readonly chrgitm_lv: ChrgitmLv;
  /** The platform's `updt_time` (`yyyy-MM-dd HH:mm:ss`), null for file rows. */
  readonly updt_time: string | null;
}

/** A 1318 row: the unit price cap of a code over a period. */
export interface CatalogCapRecord extends CatalogKey {
  readonly enddate: string | null;
  /** Unit price cap in millionths of a yuan, or null for "no cap" in this period. */
  readonly pric_uplmt_e6: number | null;
  readonly updt_time: string | null;
}

/** A 1319 row: the self-pay share (先行自付比例) of a 乙 code over a period. */
export interface CatalogShareRecord extends CatalogKey {
  readonly enddate: string | null;
  /** Share in ten-thousandths, 0 … 10000. */
  readonly selfpay_prop_e4: number;
  readonly updt_time: string | null;
}

/** One row of a catalog file: the item with its cap and share for the same period. */
export interface CatalogFileRow {
  readonly item: CatalogItemRecord;
  readonly cap: CatalogCapRecord;
  readonly share: CatalogShareRecord;
}

/**
 * A row of one sync page: `valid: false` (the platform's `vali_flag` 0) removes the row with that key.
 */
export type CatalogSyncRow =
  | { readonly stage: '1312'; readonly valid: boolean; readonly row: CatalogItemRecord }
  | { readonly stage: '1318'; readonly valid: boolean; readonly row: CatalogCapRecord }
  | { readonly stage: '1319'; readonly valid: boolean; readonly row: CatalogShareRecord };

/** Everything the preview needs of the catalog, read in one consistent snapshot. */
export interface CatalogScopeSnapshot {
  readonly version: number;
  readonly items: readonly CatalogItemRecord[];
  readonly caps: readonly CatalogCapRecord[];
  readonly shares: readonly CatalogShareRecord[];
}

/** Catalog figures for `GET /api/v1/catalog`. */
export interface CatalogMeta {
  readonly version: number;
  readonly mapping_version: number;
  /** Item rows held, expired ones included (docs/his-api.md). */
  readonly items: number;
  /** End of the last completed sync, epoch ms, or null. */
  readonly last_sync_at: number | null;
}

/** One mapping (目录对照): a hospital code's national code over a period. */
export interface MappingRecord {
  /** 医药机构目录编码 (the HIS's own code). */
  readonly medins_list_codg: string;
  readonly medins_list_name: string;
  /** 医保目录编码 it maps to. */
  readonly med_list_codg: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly source: 'file' | 'edit';
  /** Last change, epoch ms. */
  readonly updated_at: number;
}

/** A hospital code seen on a bill (the universe the unmapped list is drawn from). */
export interface HospitalItemRecord {
  readonly medins_list_codg: string;
  readonly medins_list_name: string;
  readonly first_seen_at: number;
  readonly last_seen_at: number;
}

/** All mappings and seen hospital codes, read in one snapshot. */
export interface MappingSnapshot {
  readonly mapping_version: number;
  readonly mappings: readonly MappingRecord[];
  readonly hospital_items: readonly HospitalItemRecord[];
}

/** Run state of the sync (docs/his-api.md `GET /api/v1/catalog` `sync.state`). */
export type CatalogSyncRunState = 'idle' | 'running' | 'done' | 'failed';

/** The persisted sync state: enough to resume an interrupted sync from its last committed page. */
export interface CatalogSyncState {
  readonly job_id: string | null;
  readonly state: CatalogSyncRunState;
  /** The paged query under way, or null before the first one (or after the last). */
  readonly stage: CatalogStage | null;
  /** The `updt_time` the stage's pages are asked with (fixed for the stage, so paging is stable). */
  readonly since: string | null;
  /** Last committed page of the stage (0 before the first). */
  readonly page: number;
  /** Page count the platform reported for the stage, when known. */
  readonly pages: number | null;
  /** Highest `updt_time` the stage has applied so far (becomes its cursor when it completes). */
  readonly stage_max_updt: string | null;
  /** Rows applied in this run. */
  readonly done: number;
  /** Rows this run expects (sum of the three queries' `recordCounts`). */
  readonly total: number;
  /** Plain Chinese error of a failed run, with its code in brackets. */
  readonly error: string | null;
  readonly error_code: string | null;
  /** Holder of the run and its lease expiry, epoch ms. */
  readonly lease_owner: string | null;
  readonly lease_until: number | null;
  readonly started_at: number | null;
  readonly updated_at: number | null;
  readonly finished_at: number | null;
  /** Incremental cursor per query: the highest `updt_time` applied by a completed stage. */
  readonly cursors: Readonly<Partial<Record<CatalogStage, string>>>;
}

/** Answer of `claimSync`. */
export type SyncClaim =
  | { readonly claimed: true; readonly resumed: boolean; readonly state: CatalogSyncState }
  | { readonly claimed: false; readonly state: CatalogSyncState };

/** One committed page of a stage. */
export interface SyncPageWrite {
  readonly stage: CatalogStage;
  readonly page: number;
  /** Page count reported with this page. */
  readonly pages: number;
  readonly rows: readonly CatalogSyncRow[];
  /** Rows of the page skipped as unreadable (still counted as done). */
  readonly skipped: number;
  /** Highest `updt_time` on the page, or null. */
  readonly max_updt_time: string | null;
}

/** The catalog and mapping store. */
export interface CatalogRepository {
  /** Version, counts and last sync time. */
  meta(): Promise<CatalogMeta>;
  /** Items, caps and shares with the version they make up, read in one transaction. */
  loadScope(): Promise<CatalogScopeSnapshot>;
  /**
   * Upserts every row of a validated file (item, cap and share by key) in one transaction and
   * bumps the version once. Returns the new version.
   */
  importCatalogRows(rows: readonly CatalogFileRow[], at: number, source: string): Promise<number>;

  /** Mappings and seen hospital codes. */
  loadMappings(): Promise<MappingSnapshot>;
  /** Upserts mappings by (medins_list_codg, begndate) in one transaction; bumps the mapping version. */
  upsertMappings(rows: readonly MappingRecord[]): Promise<number>;
  /** Records hospital codes seen on a bill (insert or refresh `last_seen_at`). */
  noteHospitalItems(
    items: readonly { readonly medins_list_codg: string; readonly medins_list_name: string }[],
    at: number,
  ): Promise<void>;

  /** The sync state. */
  syncState(): Promise<CatalogSyncState>;
  /**
   * Claims the sync for `owner` unless another holder's lease is still running. A failed run, or a
   * running one whose lease expired, is resumed where it stopped (`resumed: true`); anything else
   * starts afresh with no stage. The claim writes `job_id`, state `running` and the lease.
   */
  claimSync(owner: string, jobId: string, now: number, leaseMs: number): Promise<SyncClaim>;
  /** Sets the run's expected total (fenced on the owner). */
  setSyncTotal(owner: string, total: number, now: number, leaseMs: number): Promise<CatalogSyncState>;
  /**
   * Applies one page (rows, progress, lease renewal) in one transaction; bumps the catalog version
   * when the page changed anything (a row already held with the same `updt_time` is no change).
   * Rejects when `owner` no longer holds the lease.
   */
  applySyncPage(owner: string, page: SyncPageWrite, now: number, leaseMs: number): Promise<CatalogSyncState>;
  /**
   * Ends the current stage (its cursor becomes the highest `updt_time` it applied) and starts
   * `next` with that query's cursor as `since`, or, with `next` null, ends the run as `done` and
   * sets `last_sync_at`. Fenced on the owner.
   */
  advanceSyncStage(owner: string, next: CatalogStage | null, now: number, leaseMs: number): Promise<CatalogSyncState>;
  /** Ends the run as `failed` with an error, keeping stage and page for the resume. */
  failSync(owner: string, errorCode: string, error: string, now: number): Promise<CatalogSyncState>;
}

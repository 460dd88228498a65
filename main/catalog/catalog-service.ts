/**
 * The local payment scope's use cases (D-10, D-15, D-16; docs/his-api.md "Catalog, mapping and
 * preview"): catalog and mapping files, the mapping list for IT, mapping edits, the split preview
 * of a bill, and the catalog's status. Catalog sync from the platform (1312 → 1318 → 1319) lives
 * in its own class, {@link CatalogSync} (`catalog-sync.ts`); the service owns one and delegates its
 * `startSync`/`whenSyncSettled`/`syncNow` to it. Built by constructor injection from the store
 * port, the upstream port and a clock (docs/architecture.md §1); no I/O of its own.
 */
import { AppError } from '../../shared/errors/app-error';
import { addDays, isIsoDate } from '../../shared/dates';
import type { CallJournal, UpstreamClient } from '../upstream/ports';
import type { CatalogRepository, CatalogStage, CatalogSyncState, MappingRecord } from '../store/ports/catalog';
import { CatalogSync, type CatalogSyncOptions, type SyncStart } from './catalog-sync';
import { buildCatalogIndex, type CatalogIndex } from './catalog-index';
import type { Clock } from '../domain/clock';
import { chinaDate } from '../../shared/china-time';
import { listMappings, type MappingFilter, type MappingListEntry } from './mapping-list';
import { previewBill, type BillPreview, type PreviewLineInput } from './preview-bill';
import {
  ITEM_COLUMNS,
  MAPPING_COLUMNS,
  parseSheetDate,
  readSheet,
  validateItemRows,
  validateMappingRows,
  type ImportResult,
  type SheetFormat,
} from './sheet-import';

/** Options of the catalog layer (declared here; main/app fills them from the config); the sync's own included. */
export interface CatalogServiceOptions extends CatalogSyncOptions {
  /** The institution's region (6 digits): rows of catalogs that do not cover it are ignored. */
  readonly institutionAdmdvs?: string;
}

export type { SyncStart } from './catalog-sync';

/** What the service is built from. */
export interface CatalogServiceDeps {
  readonly repo: CatalogRepository;
  readonly upstream: UpstreamClient;
  readonly clock: Clock;
  /** Journal hook for the catalog queries (default: none; they change nothing at the platform). */
  readonly journal?: CallJournal;
  readonly options?: CatalogServiceOptions;
  /** Log sink; every log line goes through it (no personal data is ever logged here). */
  readonly log?: (line: string) => void;
}

/** `GET /api/v1/catalog` (docs/his-api.md), plus the mapping version and the sync's position. */
export interface CatalogStatus {
  readonly version: number;
  /** Item rows held, expired ones included. */
  readonly items: number;
  /** End of the last completed sync, ISO 8601, or null. */
  readonly last_sync_at: string | null;
  readonly mapping_version: number;
  readonly sync: {
    readonly state: CatalogSyncState['state'];
    readonly done: number;
    readonly total: number;
    readonly error?: string;
    readonly error_code?: string;
    readonly job_id: string | null;
    readonly stage: CatalogStage | null;
    readonly page: number;
    readonly pages: number | null;
  };
}

/** A catalog import's answer: docs/his-api.md fields plus the catalog version after it. */
export interface CatalogImportResult extends ImportResult {
  readonly version: number;
}

/** A mapping import's answer: docs/his-api.md fields plus the mapping version after it. */
export interface MappingImportResult extends ImportResult {
  readonly mapping_version: number;
}

/** Body of `PUT /api/v1/mappings/:medins_list_codg`. */
export interface MappingEdit {
  readonly med_list_codg: string;
  readonly medins_list_name?: string;
  /** First valid date (default today). */
  readonly begndate?: string;
  readonly enddate?: string | null;
}

const NATIONAL_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,49}$/;

/** The catalog layer's service. One instance per process. */
export class CatalogService {
  /** Catalog sync from the platform (1312 → 1318 → 1319), its own module. */
  readonly sync: CatalogSync;
  private cache: { readonly key: string; readonly index: Promise<CatalogIndex> } | null = null;

  constructor(private readonly deps: CatalogServiceDeps) {
    this.sync = new CatalogSync(deps);
  }

  /** Catalog figures and sync progress. */
  async status(): Promise<CatalogStatus> {
    const [meta, s] = await Promise.all([this.deps.repo.meta(), this.deps.repo.syncState()]);
    return {
      version: meta.version,
      items: meta.items,
      last_sync_at: meta.last_sync_at === null ? null : new Date(meta.last_sync_at).toISOString(),
      mapping_version: meta.mapping_version,
      sync: {
        state: s.state,
        done: s.done,
        total: Math.max(s.total, s.done),
        ...(s.error !== null ? { error: s.error } : {}),
        ...(s.error_code !== null ? { error_code: s.error_code } : {}),
        job_id: s.job_id,
        stage: s.stage,
        page: s.page,
        pages: s.pages,
      },
    };
  }

  /**
   * Starts a sync in the background and answers at once (`POST /api/v1/catalog/sync`); see
   * {@link CatalogSync.start}.
   */
  async startSync(): Promise<SyncStart> {
    return this.sync.start();
  }

  /** The state once this process's running sync (if any) has ended. */
  async whenSyncSettled(): Promise<CatalogSyncState> {
    return this.sync.whenSettled();
  }

  /** Runs a sync to its end (starting or joining one) and returns the final state. */
  async syncNow(): Promise<CatalogSyncState> {
    return this.sync.runToEnd();
  }

  /** Imports a catalog file (`POST /api/v1/catalog/import`): all rows or none. */
  async importCatalog(format: SheetFormat, bytes: Uint8Array): Promise<CatalogImportResult> {
    const sheet = await readSheet(format, bytes, ITEM_COLUMNS);
    const version = (await this.deps.repo.meta()).version;
    if (!sheet.ok)
      return { imported: 0, rejected: [{ row: sheet.problem.row, field: '', error: sheet.problem.error }], version };
    // Rows without a region belong to the institution's pooling region (its city,
    // docs/sandbox-policy.md §2), the same key a synced row of that catalog has, so the newer of the two wins.
    const own = this.deps.options?.institutionAdmdvs;
    const v = validateItemRows(sheet.rows, { defaultAdmdvs: own === undefined ? '' : `${own.slice(0, 4)}00` });
    if (!v.ok) return { imported: 0, rejected: v.rejected, version };
    if (v.rows.length === 0) return { imported: 0, rejected: [], version };
    const newVersion = await this.deps.repo.importCatalogRows(v.rows, this.now(), `file:${format}`);
    this.log(`catalog file imported: ${v.rows.length} rows, version ${newVersion}`);
    return { imported: v.rows.length, rejected: [], version: newVersion };
  }

  /** Imports a mapping file (`POST /api/v1/mappings/import`): all rows or none. */
  async importMappings(format: SheetFormat, bytes: Uint8Array): Promise<MappingImportResult> {
    const sheet = await readSheet(format, bytes, MAPPING_COLUMNS);
    const current = (await this.deps.repo.meta()).mapping_version;
    if (!sheet.ok)
      return {
        imported: 0,
        rejected: [{ row: sheet.problem.row, field: '', error: sheet.problem.error }],
        mapping_version: current,
      };
    const v = validateMappingRows(sheet.rows, this.now());
    if (!v.ok) return { imported: 0, rejected: v.rejected, mapping_version: current };
    if (v.rows.length === 0) return { imported: 0, rejected: [], mapping_version: current };
    const mappingVersion = await this.deps.repo.upsertMappings(v.rows);
    this.log(`mapping file imported: ${v.rows.length} rows, mapping version ${mappingVersion}`);
    return { imported: v.rows.length, rejected: [], mapping_version: mappingVersion };
  }

  /** The mapping list in state `filter` on `date` (default today) for IT. */
  async listMappings(filter: MappingFilter, date?: string): Promise<{ date: string; mappings: MappingListEntry[] }> {
    const d = date ?? this.today();
    const [snapshot, index] = await Promise.all([this.deps.repo.loadMappings(), this.lookup()]);
    return { date: d, mappings: listMappings(snapshot, d, filter, (c) => index.hasCode(c)) };
  }

  /**
   * Sets the mapping of one hospital code from `begndate` (default today): a period of that code
   * which is still open on that day is closed the day before, so periods never overlap.
   * Throws AppError BAD_REQUEST naming the bad field.
   */
  async putMapping(
    medinsListCodg: string,
    edit: MappingEdit,
  ): Promise<{ mapping: MappingListEntry; mapping_version: number }> {
    const code = medinsListCodg.trim();
    const bad = (field: string, message: string): never => {
      throw new AppError('BAD_REQUEST', { message, detail: { field } });
    };
    if (code === '' || code.length > 150) bad('medins_list_codg', '院内项目编码不能为空，最多150位。');
    const national = edit.med_list_codg.trim();
    if (!NATIONAL_CODE.test(national))
      bad('med_list_codg', '医保目录编码只能含字母、数字、点、横线和下划线（最多50位）。');
    const begndate = edit.begndate === undefined ? this.today() : parseSheetDate(edit.begndate);
    if (begndate === null) bad('begndate', '开始日期不是有效日期（应为 yyyy-MM-dd）。');
    const enddate =
      edit.enddate === undefined || edit.enddate === null || edit.enddate === '' ? null : parseSheetDate(edit.enddate);
    if (edit.enddate && enddate === null) bad('enddate', '结束日期不是有效日期（应为 yyyy-MM-dd）。');
    const beg = begndate as string;
    if (enddate !== null && enddate < beg) bad('enddate', '结束日期早于开始日期。');

    const snapshot = await this.deps.repo.loadMappings();
    const existing = snapshot.mappings.filter((m) => m.medins_list_codg === code);
    const name =
      edit.medins_list_name?.trim() ||
      [...existing].reverse().find((m) => m.medins_list_name !== '')?.medins_list_name ||
      snapshot.hospital_items.find((h) => h.medins_list_codg === code)?.medins_list_name ||
      '';
    const at = this.now();
    const dayBefore = addDays(beg, -1);
    const closed: MappingRecord[] = existing
      .filter((m) => m.begndate < beg && (m.enddate === null || m.enddate >= beg))
      .map((m) => ({ ...m, enddate: dayBefore, updated_at: at }));
    const row: MappingRecord = {
      medins_list_codg: code,
      medins_list_name: name,
      med_list_codg: national,
      begndate: beg,
      enddate,
      source: 'edit',
      updated_at: at,
    };
    const mappingVersion = await this.deps.repo.upsertMappings([...closed, row]);
    const listed = (await this.listMappings('all', beg)).mappings.find((m) => m.medins_list_codg === code);
    if (listed === undefined) throw new AppError('INTERNAL', { detail: { step: 'putMapping' } });
    return { mapping: listed, mapping_version: mappingVersion };
  }

  /** The lookup of the current catalog and mapping versions (built once per version pair). */
  async lookup(): Promise<CatalogIndex> {
    const meta = await this.deps.repo.meta();
    const key = `${meta.version}/${meta.mapping_version}`;
    if (this.cache?.key === key) return this.cache.index;
    const index = Promise.all([this.deps.repo.loadScope(), this.deps.repo.loadMappings()]).then(([scope, mappings]) =>
      buildCatalogIndex(scope, mappings, { institutionAdmdvs: this.deps.options?.institutionAdmdvs }),
    );
    this.cache = { key, index };
    index.catch(() => {
      if (this.cache?.index === index) this.cache = null;
    });
    return index;
  }

  /**
   * Previews a bill (`POST /api/v1/preview`, and the fee upload before it sends): the split per
   * line on `date` (default today, China time). Hospital codes without a mapping are recorded for
   * the unmapped list. Throws AppError AMOUNT_MISMATCH naming the lines whose amount is wrong.
   */
  async preview(lines: readonly PreviewLineInput[], date?: string): Promise<BillPreview> {
    const d = date ?? this.today();
    if (!isIsoDate(d))
      throw new AppError('BAD_REQUEST', { message: '日期格式不对（应为 yyyy-MM-dd）。', detail: { field: 'date' } });
    const result = previewBill(lines, d, await this.lookup());
    if (result.totals.attention.unmapped > 0) {
      const seen = new Map<string, string>();
      result.lines.forEach((l, i) => {
        if (l.attention.includes('unmapped') && !seen.has(l.medins_list_codg))
          seen.set(l.medins_list_codg, lines[i]?.name ?? '');
      });
      await this.deps.repo.noteHospitalItems(
        [...seen].map(([medins_list_codg, medins_list_name]) => ({ medins_list_codg, medins_list_name })),
        this.now(),
      );
    }
    return result;
  }

  /** Today in China time. */
  today(): string {
    return chinaDate(this.now());
  }

  private now(): number {
    return this.deps.clock.now();
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}

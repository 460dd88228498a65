/**
 * The catalog and mapping store on better-sqlite3: implements {@link CatalogRepository}.
 *
 * Each writing method is one `BEGIN IMMEDIATE` transaction (the write lock is taken up front, so a
 * read-then-write cannot fail half-way when another process shares the file). Bulk writes (file
 * imports of 100,000 rows, sync pages) reuse statements prepared once per repository; every value
 * is still a bound parameter, never text spliced into SQL (docs/architecture.md §5.9).
 */
import type Database from 'better-sqlite3';
import type { SqliteDb } from './sqlite-database';
import { sql } from './sql';
import { all, get, run } from './sql-exec';
import type {
  CatalogCapRecord,
  CatalogFileRow,
  CatalogItemRecord,
  CatalogMeta,
  CatalogRepository,
  CatalogScopeSnapshot,
  CatalogShareRecord,
  CatalogStage,
  CatalogSyncRow,
  CatalogSyncState,
  HospitalItemRecord,
  MappingRecord,
  MappingSnapshot,
  SyncClaim,
  SyncPageWrite,
} from './ports/catalog';
import { AppError } from '../../shared/errors/app-error';
import type { ChrgitmLv } from '../../shared/fee-split';

/** Longest error text kept in the sync state, in characters. */
const MAX_ERROR_CHARS = 1000;

interface SyncRow {
  job_id: string | null;
  state: CatalogSyncState['state'];
  stage: CatalogStage | null;
  since: string | null;
  page: number;
  pages: number | null;
  stage_max_updt: string | null;
  done: number;
  total: number;
  error: string | null;
  error_code: string | null;
  lease_owner: string | null;
  lease_until: number | null;
  started_at: number | null;
  updated_at: number | null;
  finished_at: number | null;
}

interface Prepared {
  upsertItem: Database.Statement;
  upsertCap: Database.Statement;
  upsertShare: Database.Statement;
  deleteItem: Database.Statement;
  deleteCap: Database.Statement;
  deleteShare: Database.Statement;
  upsertMapping: Database.Statement;
  noteHospitalItem: Database.Statement;
  updtOf: Readonly<Record<CatalogStage, Database.Statement>>;
}

const UPSERT_ITEM = `
  INSERT INTO catalog_items (med_list_codg, insu_admdvs, begndate, enddate, name, med_chrgitm_type, chrgitm_lv, source, updt_time, version)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (med_list_codg, insu_admdvs, begndate) DO UPDATE SET
    enddate = excluded.enddate, name = excluded.name, med_chrgitm_type = excluded.med_chrgitm_type,
    chrgitm_lv = excluded.chrgitm_lv, source = excluded.source, updt_time = excluded.updt_time, version = excluded.version`;
const UPSERT_CAP = `
  INSERT INTO catalog_caps (med_list_codg, insu_admdvs, begndate, enddate, pric_uplmt_e6, source, updt_time, version)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (med_list_codg, insu_admdvs, begndate) DO UPDATE SET
    enddate = excluded.enddate, pric_uplmt_e6 = excluded.pric_uplmt_e6, source = excluded.source,
    updt_time = excluded.updt_time, version = excluded.version`;
const UPSERT_SHARE = `
  INSERT INTO catalog_shares (med_list_codg, insu_admdvs, begndate, enddate, selfpay_prop_e4, source, updt_time, version)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (med_list_codg, insu_admdvs, begndate) DO UPDATE SET
    enddate = excluded.enddate, selfpay_prop_e4 = excluded.selfpay_prop_e4, source = excluded.source,
    updt_time = excluded.updt_time, version = excluded.version`;
const DELETE_KEY = (table: string) =>
  `DELETE FROM ${table} WHERE med_list_codg = ? AND insu_admdvs = ? AND begndate = ?`;
const UPDT_OF = (table: string) =>
  `SELECT updt_time FROM ${table} WHERE med_list_codg = ? AND insu_admdvs = ? AND begndate = ?`;
const UPSERT_MAPPING = `
  INSERT INTO catalog_mappings (medins_list_codg, begndate, enddate, med_list_codg, medins_list_name, source, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (medins_list_codg, begndate) DO UPDATE SET
    enddate = excluded.enddate, med_list_codg = excluded.med_list_codg, medins_list_name = excluded.medins_list_name,
    source = excluded.source, updated_at = excluded.updated_at`;
const NOTE_HOSPITAL_ITEM = `
  INSERT INTO hospital_items (medins_list_codg, medins_list_name, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (medins_list_codg) DO UPDATE SET
    last_seen_at = max(last_seen_at, excluded.last_seen_at),
    medins_list_name = CASE WHEN excluded.medins_list_name <> '' THEN excluded.medins_list_name ELSE medins_list_name END`;

/** {@link CatalogRepository} on one better-sqlite3 connection (migrated to 30 or later). */
export class SqliteCatalogRepository implements CatalogRepository {
  private prepared: Prepared | null = null;

  constructor(private readonly db: SqliteDb) {}

  async meta(): Promise<CatalogMeta> {
    return this.read(() => {
      const m = get<{ version: number; mapping_version: number; last_sync_at: number | null }>(
        this.db,
        sql`SELECT version, mapping_version, last_sync_at FROM catalog_meta WHERE id = 1`,
      );
      const n = get<{ n: number }>(this.db, sql`SELECT count(*) AS n FROM catalog_items`);
      return {
        version: m?.version ?? 0,
        mapping_version: m?.mapping_version ?? 0,
        items: n?.n ?? 0,
        last_sync_at: m?.last_sync_at ?? null,
      };
    });
  }

  async loadScope(): Promise<CatalogScopeSnapshot> {
    return this.read(() => ({
      version: this.version(),
      items: all<CatalogItemRecord>(
        this.db,
        sql`
        SELECT med_list_codg, insu_admdvs, begndate, enddate, name, med_chrgitm_type, chrgitm_lv, updt_time FROM catalog_items`,
      ),
      caps: all<CatalogCapRecord>(
        this.db,
        sql`
        SELECT med_list_codg, insu_admdvs, begndate, enddate, pric_uplmt_e6, updt_time FROM catalog_caps`,
      ),
      shares: all<CatalogShareRecord>(
        this.db,
        sql`
        SELECT med_list_codg, insu_admdvs, begndate, enddate, selfpay_prop_e4, updt_time FROM catalog_shares`,
      ),
    }));
  }

  async importCatalogRows(rows: readonly CatalogFileRow[], at: number, source: string): Promise<number> {
    const p = this.statements();
    return this.write(() => {
      const version = this.bumpVersion(at, source, rows.length);
      for (const r of rows) {
        const { item, cap, share } = r;
        p.upsertItem.run(
          item.med_list_codg,
          item.insu_admdvs,
          item.begndate,
          item.enddate,
          item.name,
          item.med_chrgitm_type,
          item.chrgitm_lv,
          'file',
          item.updt_time,
          version,
        );
        p.upsertCap.run(
          cap.med_list_codg,
          cap.insu_admdvs,
          cap.begndate,
          cap.enddate,
          cap.pric_uplmt_e6,
          'file',
          cap.updt_time,
          version,
        );
        p.upsertShare.run(
          share.med_list_codg,
          share.insu_admdvs,
          share.begndate,
          share.enddate,
          share.selfpay_prop_e4,
          'file',
          share.updt_time,
          version,
        );
      }
      return version;
    });
  }

  async loadMappings(): Promise<MappingSnapshot> {
    return this.read(() => ({
      mapping_version:
        get<{ v: number }>(this.db, sql`SELECT mapping_version AS v FROM catalog_meta WHERE id = 1`)?.v ?? 0,
      mappings: all<MappingRecord>(
        this.db,
        sql`
        SELECT medins_list_codg, medins_list_name, med_list_codg, begndate, enddate, source, updated_at
        FROM catalog_mappings ORDER BY medins_list_codg, begndate`,
      ),
      hospital_items: all<HospitalItemRecord>(
        this.db,
        sql`
        SELECT medins_list_codg, medins_list_name, first_seen_at, last_seen_at FROM hospital_items ORDER BY medins_list_codg`,
      ),
    }));
  }

  async upsertMappings(rows: readonly MappingRecord[]): Promise<number> {
    const p = this.statements();
    return this.write(() => {
      for (const m of rows) {
        p.upsertMapping.run(
          m.medins_list_codg,
          m.begndate,
          m.enddate,
          m.med_list_codg,
          m.medins_list_name,
          m.source,
          m.updated_at,
        );
      }
      run(this.db, sql`UPDATE catalog_meta SET mapping_version = mapping_version + 1 WHERE id = 1`);
      return get<{ v: number }>(this.db, sql`SELECT mapping_version AS v FROM catalog_meta WHERE id = 1`)?.v ?? 0;
    });
  }

  async noteHospitalItems(
    items: readonly { readonly medins_list_codg: string; readonly medins_list_name: string }[],
    at: number,
  ): Promise<void> {
    if (items.length === 0) return;
    const p = this.statements();
    this.write(() => {
      for (const i of items) p.noteHospitalItem.run(i.medins_list_codg, i.medins_list_name, at, at);
    });
  }

  async syncState(): Promise<CatalogSyncState> {
    return this.read(() => this.readSync());
  }

  async claimSync(owner: string, jobId: string, now: number, leaseMs: number): Promise<SyncClaim> {
    return this.write((): SyncClaim => {
      const s = this.readSync();
      if (s.state === 'running' && s.lease_owner !== owner && (s.lease_until ?? 0) > now) {
        return { claimed: false, state: s };
      }
      // A failed run, or one whose holder died (lease expired), resumes where it stopped.
      const resumed = (s.state === 'failed' || s.state === 'running') && s.stage !== null;
      if (resumed) {
        run(
          this.db,
          sql`
          UPDATE catalog_sync SET job_id = ${jobId}, state = 'running', error = NULL, error_code = NULL,
            lease_owner = ${owner}, lease_until = ${now + leaseMs}, updated_at = ${now}, finished_at = NULL
          WHERE id = 1`,
        );
      } else {
        run(
          this.db,
          sql`
          UPDATE catalog_sync SET job_id = ${jobId}, state = 'running', stage = NULL, since = NULL, page = 0, pages = NULL,
            stage_max_updt = NULL, done = 0, total = 0, error = NULL, error_code = NULL,
            lease_owner = ${owner}, lease_until = ${now + leaseMs}, started_at = ${now}, updated_at = ${now}, finished_at = NULL
          WHERE id = 1`,
        );
      }
      return { claimed: true, resumed, state: this.readSync() };
    });
  }

  async setSyncTotal(owner: string, total: number, now: number, leaseMs: number): Promise<CatalogSyncState> {
    return this.write(() => {
      this.fence(owner);
      run(
        this.db,
        sql`UPDATE catalog_sync SET total = ${total}, lease_until = ${now + leaseMs}, updated_at = ${now} WHERE id = 1`,
      );
      return this.readSync();
    });
  }

  async applySyncPage(owner: string, page: SyncPageWrite, now: number, leaseMs: number): Promise<CatalogSyncState> {
    const p = this.statements();
    return this.write(() => {
      const s = this.fence(owner);
      if (s.stage !== page.stage || page.page !== s.page + 1) {
        throw new AppError('CATALOG_SYNC_FAILED', {
          message: '目录同步进度不一致（页码不连续），已停止本次同步。',
          detail: { stage: s.stage, page: s.page, got: { stage: page.stage, page: page.page } },
        });
      }
      // Rows already held with the same updt_time are not changes: an incremental query asks
      // `updt_time >= cursor`, so the rows of the cursor's own second come again.
      let version: number | null = null;
      let changed = 0;
      for (const r of page.rows) {
        const held = p.updtOf[r.stage].get(r.row.med_list_codg, r.row.insu_admdvs, r.row.begndate) as
          { updt_time: string | null } | undefined;
        if (
          r.valid
            ? held !== undefined && held.updt_time !== null && held.updt_time === r.row.updt_time
            : held === undefined
        )
          continue;
        version ??= this.bumpVersion(now, `sync:${page.stage}:${page.page}`, 0);
        this.applySyncRow(p, r, version);
        changed++;
      }
      if (version !== null) run(this.db, sql`UPDATE catalog_changes SET rows = ${changed} WHERE version = ${version}`);
      const maxUpdt = maxText(s.stage_max_updt, page.max_updt_time);
      run(
        this.db,
        sql`
        UPDATE catalog_sync SET page = ${page.page}, pages = ${page.pages}, stage_max_updt = ${maxUpdt},
          done = done + ${page.rows.length + page.skipped}, total = max(total, done + ${page.rows.length + page.skipped}),
          lease_until = ${now + leaseMs}, updated_at = ${now}
        WHERE id = 1`,
      );
      return this.readSync();
    });
  }

  async advanceSyncStage(
    owner: string,
    next: CatalogStage | null,
    now: number,
    leaseMs: number,
  ): Promise<CatalogSyncState> {
    return this.write(() => {
      const s = this.fence(owner);
      if (s.stage !== null && s.stage_max_updt !== null) {
        run(
          this.db,
          sql`
          INSERT INTO catalog_cursors (infno, updt_time) VALUES (${s.stage}, ${s.stage_max_updt})
          ON CONFLICT (infno) DO UPDATE SET updt_time = max(updt_time, excluded.updt_time)`,
        );
      }
      if (next === null) {
        run(
          this.db,
          sql`
          UPDATE catalog_sync SET state = 'done', stage = NULL, since = NULL, page = 0, pages = NULL, stage_max_updt = NULL,
            lease_owner = NULL, lease_until = NULL, updated_at = ${now}, finished_at = ${now}
          WHERE id = 1`,
        );
        run(this.db, sql`UPDATE catalog_meta SET last_sync_at = ${now} WHERE id = 1`);
      } else {
        const since =
          get<{ updt_time: string }>(this.db, sql`SELECT updt_time FROM catalog_cursors WHERE infno = ${next}`)
            ?.updt_time ?? null;
        run(
          this.db,
          sql`
          UPDATE catalog_sync SET stage = ${next}, since = ${since}, page = 0, pages = NULL, stage_max_updt = NULL,
            lease_until = ${now + leaseMs}, updated_at = ${now}
          WHERE id = 1`,
        );
      }
      return this.readSync();
    });
  }

  async failSync(owner: string, errorCode: string, error: string, now: number): Promise<CatalogSyncState> {
    return this.write(() => {
      const s = this.readSync();
      if (s.state !== 'running' || s.lease_owner !== owner) return s;
      run(
        this.db,
        sql`
        UPDATE catalog_sync SET state = 'failed', error = ${error.slice(0, MAX_ERROR_CHARS)}, error_code = ${errorCode},
          lease_owner = NULL, lease_until = NULL, updated_at = ${now}, finished_at = ${now}
        WHERE id = 1`,
      );
      return this.readSync();
    });
  }

  // ── internals ──

  private applySyncRow(p: Prepared, r: CatalogSyncRow, version: number): void {
    const k = r.row;
    switch (r.stage) {
      case '1312':
        if (!r.valid) p.deleteItem.run(k.med_list_codg, k.insu_admdvs, k.begndate);
        else
          p.upsertItem.run(
            k.med_list_codg,
            k.insu_admdvs,
            k.begndate,
            k.enddate,
            r.row.name,
            r.row.med_chrgitm_type,
            r.row.chrgitm_lv satisfies ChrgitmLv,
            'sync',
            k.updt_time,
            version,
          );
        return;
      case '1318':
        if (!r.valid) p.deleteCap.run(k.med_list_codg, k.insu_admdvs, k.begndate);
        else
          p.upsertCap.run(
            k.med_list_codg,
            k.insu_admdvs,
            k.begndate,
            k.enddate,
            r.row.pric_uplmt_e6,
            'sync',
            k.updt_time,
            version,
          );
        return;
      case '1319':
        if (!r.valid) p.deleteShare.run(k.med_list_codg, k.insu_admdvs, k.begndate);
        else
          p.upsertShare.run(
            k.med_list_codg,
            k.insu_admdvs,
            k.begndate,
            k.enddate,
            r.row.selfpay_prop_e4,
            'sync',
            k.updt_time,
            version,
          );
        return;
      default: {
        const never: never = r;
        throw new Error(`unexpected sync row ${JSON.stringify(never)}`);
      }
    }
  }

  private version(): number {
    return get<{ v: number }>(this.db, sql`SELECT version AS v FROM catalog_meta WHERE id = 1`)?.v ?? 0;
  }

  /** Bumps the catalog version and logs the change; call inside a write transaction. */
  private bumpVersion(at: number, source: string, rows: number): number {
    run(this.db, sql`UPDATE catalog_meta SET version = version + 1 WHERE id = 1`);
    const version = this.version();
    run(
      this.db,
      sql`INSERT INTO catalog_changes (version, at, source, rows) VALUES (${version}, ${at}, ${source}, ${rows})`,
    );
    return version;
  }

  /** The sync row, checked to be held by `owner`; throws when the lease was lost. */
  private fence(owner: string): CatalogSyncState {
    const s = this.readSync();
    if (s.state !== 'running' || s.lease_owner !== owner) {
      throw new AppError('CATALOG_SYNC_FAILED', {
        message: '目录同步已被另一进程接管或已停止，本进程不再写入。',
        detail: { state: s.state },
      });
    }
    return s;
  }

  private readSync(): CatalogSyncState {
    const r = get<SyncRow>(
      this.db,
      sql`
      SELECT job_id, state, stage, since, page, pages, stage_max_updt, done, total, error, error_code, lease_owner,
             lease_until, started_at, updated_at, finished_at
      FROM catalog_sync WHERE id = 1`,
    );
    if (r === undefined) throw new AppError('STORE_UNAVAILABLE', { detail: { table: 'catalog_sync' } });
    const cursors: Partial<Record<CatalogStage, string>> = {};
    for (const c of all<{ infno: CatalogStage; updt_time: string }>(
      this.db,
      sql`SELECT infno, updt_time FROM catalog_cursors`,
    )) {
      cursors[c.infno] = c.updt_time;
    }
    return { ...r, cursors };
  }

  private statements(): Prepared {
    if (this.prepared === null) {
      this.prepared = {
        upsertItem: this.db.prepare(UPSERT_ITEM),
        upsertCap: this.db.prepare(UPSERT_CAP),
        upsertShare: this.db.prepare(UPSERT_SHARE),
        deleteItem: this.db.prepare(DELETE_KEY('catalog_items')),
        deleteCap: this.db.prepare(DELETE_KEY('catalog_caps')),
        deleteShare: this.db.prepare(DELETE_KEY('catalog_shares')),
        upsertMapping: this.db.prepare(UPSERT_MAPPING),
        noteHospitalItem: this.db.prepare(NOTE_HOSPITAL_ITEM),
        updtOf: {
          '1312': this.db.prepare(UPDT_OF('catalog_items')),
          '1318': this.db.prepare(UPDT_OF('catalog_caps')),
          '1319': this.db.prepare(UPDT_OF('catalog_shares')),
        },
      };
    }
    return this.prepared;
  }

  /** Runs `fn` in one BEGIN IMMEDIATE transaction. */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Runs `fn` in one read transaction, so that its SELECTs see one snapshot. */
  private read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }
}

function maxText(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

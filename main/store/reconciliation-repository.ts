/** Reconciliation runs, differences, fixes and row adjustments on SQLite (migration 0050). */
import type { SqliteDb } from './sqlite-database';
import type { ReconRow } from '../domain/reconciliation-rows';
import type { SettlementRecord } from './ports/records';
import type {
  DiffRecord,
  FixRecord,
  ReconGroupRecord,
  ReconRecord,
  ReconState,
  ReconciliationRepository,
  RowAdjustment,
} from './ports/reconciliation';
import { fromRow, type SettlementRow } from './settlement-repository';
import { sql } from './sql';
import { openJson } from './sealed-columns';
import { all, get, run } from './sql-exec';

interface ReconRow0 extends Omit<ReconRecord, 'groups'> {
  groups: string;
}

interface DiffRow extends Omit<DiffRecord, 'local' | 'platform' | 'fixes'> {
  local: string | null;
  platform: string | null;
  fixes: string;
}

const reconOf = (r: ReconRow0): ReconRecord => ({ ...r, groups: JSON.parse(r.groups) as ReconGroupRecord[] });
const diffOf = (r: DiffRow): DiffRecord => ({
  ...r,
  local: r.local === null ? null : (JSON.parse(r.local) as DiffRecord['local']),
  platform: r.platform === null ? null : (JSON.parse(r.platform) as DiffRecord['platform']),
  fixes: JSON.parse(r.fixes) as DiffRecord['fixes'],
});

export class SqliteReconciliationRepository implements ReconciliationRepository {
  constructor(private readonly db: SqliteDb) {}

  async begin(r: {
    recon_id: string;
    stmt_date: string;
    trigger: 'schedule' | 'demand';
    created_at: number;
  }): Promise<void> {
    run(
      this.db,
      sql`INSERT INTO reconciliations (recon_id, stmt_date, state, trigger, created_at)
      VALUES (${r.recon_id}, ${r.stmt_date}, 'running', ${r.trigger}, ${r.created_at})`,
    );
  }

  async finish(
    recon_id: string,
    state: Exclude<ReconState, 'running'>,
    groups: readonly ReconGroupRecord[],
    diffs: readonly DiffRecord[],
    error: string | null,
    now: number,
  ): Promise<void> {
    this.db.transaction(() => {
      run(
        this.db,
        sql`UPDATE reconciliations SET state = ${state}, groups = ${JSON.stringify(groups)}, error = ${error}, finished_at = ${now}
        WHERE recon_id = ${recon_id}`,
      );
      for (const d of diffs) {
        run(
          this.db,
          sql`INSERT INTO recon_differences (recon_id, diff_id, kind, setl_id, refd_setl_flag, mdtrt_id, psn_no, insutype, clr_type,
          setl_optins, platform_msgid, local, platform, cause, fixes)
          VALUES (${recon_id}, ${d.diff_id}, ${d.kind}, ${d.setl_id}, ${d.refd_setl_flag}, ${d.mdtrt_id}, ${d.psn_no}, ${d.insutype}, ${d.clr_type},
          ${d.setl_optins}, ${d.platform_msgid}, ${d.local === null ? null : JSON.stringify(d.local)},
          ${d.platform === null ? null : JSON.stringify(d.platform)}, ${d.cause}, ${JSON.stringify(d.fixes)})`,
        );
      }
    })();
  }

  async get(recon_id: string): Promise<ReconRecord | null> {
    const r = get<ReconRow0>(this.db, sql`SELECT * FROM reconciliations WHERE recon_id = ${recon_id}`);
    return r ? reconOf(r) : null;
  }

  async differences(recon_id: string): Promise<DiffRecord[]> {
    return all<DiffRow>(
      this.db,
      sql`SELECT * FROM recon_differences WHERE recon_id = ${recon_id} ORDER BY diff_id`,
    ).map(diffOf);
  }

  async difference(recon_id: string, diff_id: string): Promise<DiffRecord | null> {
    const r = get<DiffRow>(
      this.db,
      sql`SELECT * FROM recon_differences WHERE recon_id = ${recon_id} AND diff_id = ${diff_id}`,
    );
    return r ? diffOf(r) : null;
  }

  async latestByDate(from: string, to: string, limit: number): Promise<ReconRecord[]> {
    return all<ReconRow0>(
      this.db,
      sql`SELECT r.* FROM reconciliations r
      WHERE r.stmt_date BETWEEN ${from} AND ${to}
        AND r.created_at = (SELECT MAX(x.created_at) FROM reconciliations x WHERE x.stmt_date = r.stmt_date)
      ORDER BY r.stmt_date DESC LIMIT ${limit}`,
    ).map(reconOf);
  }

  async latestOf(stmt_date: string): Promise<ReconRecord | null> {
    const r = get<ReconRow0>(
      this.db,
      sql`SELECT * FROM reconciliations WHERE stmt_date = ${stmt_date} ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    );
    return r ? reconOf(r) : null;
  }

  async settlementsTouchedSince(since: number, limit: number): Promise<SettlementRecord[]> {
    return all<SettlementRow>(
      this.db,
      sql`SELECT * FROM settlements WHERE setl_id IS NOT NULL AND updated_at >= ${since}
      ORDER BY updated_at LIMIT ${limit}`,
    ).map((r) => fromRow(this.db, r));
  }

  async settlementsBySetlId(setl_id: string): Promise<SettlementRecord[]> {
    return all<SettlementRow>(
      this.db,
      sql`SELECT * FROM settlements WHERE setl_id = ${setl_id} ORDER BY created_at DESC`,
    ).map((r) => fromRow(this.db, r));
  }

  async adjustmentsBetween(from: string, to: string): Promise<RowAdjustment[]> {
    return all<{ action: 'adopt' | 'exclude'; row: string }>(
      this.db,
      sql`SELECT action, row FROM recon_adjustments
      WHERE stmt_date BETWEEN ${from} AND ${to} ORDER BY created_at`,
    ).map((r) => ({ action: r.action, row: JSON.parse(r.row) as ReconRow }));
  }

  async knownGroups(since: number): Promise<{ insutype: string; clr_type: string; setl_optins: string }[]> {
    const seen = new Map<string, { insutype: string; clr_type: string; setl_optins: string }>();
    const add = (g: { insutype: unknown; clr_type: unknown; setl_optins: unknown }): void => {
      if (typeof g.insutype !== 'string' || typeof g.clr_type !== 'string' || typeof g.setl_optins !== 'string') return;
      if (g.insutype === '' || g.clr_type === '' || g.setl_optins === '') return;
      seen.set(`${g.insutype}/${g.clr_type}/${g.setl_optins}`, {
        insutype: g.insutype,
        clr_type: g.clr_type,
        setl_optins: g.setl_optins,
      });
    };
    for (const r of all<{ groups: string }>(
      this.db,
      sql`SELECT groups FROM reconciliations WHERE created_at >= ${since}`,
    )) {
      for (const g of JSON.parse(r.groups) as ReconGroupRecord[]) add(g);
    }
    for (const s of all<{ setlinfo: string }>(
      this.db,
      sql`SELECT setlinfo FROM settlements WHERE setlinfo IS NOT NULL AND updated_at >= ${since}`,
    )) {
      const info = openJson<Record<string, unknown>>(this.db, s.setlinfo) ?? {};
      add({ insutype: info['insutype'], clr_type: info['clr_type'], setl_optins: info['clr_optins'] });
    }
    return [...seen.values()];
  }

  async recordFix(fix: FixRecord, adjustments: readonly RowAdjustment[]): Promise<void> {
    this.db.transaction(() => {
      run(
        this.db,
        sql`INSERT INTO recon_fixes (fix_id, recon_id, diff_id, action, reason, actor, outcome, note, created_at)
        VALUES (${fix.fix_id}, ${fix.recon_id}, ${fix.diff_id}, ${fix.action}, ${fix.reason}, ${fix.actor}, ${fix.outcome}, ${fix.note}, ${fix.created_at})`,
      );
      for (const a of adjustments) {
        run(
          this.db,
          sql`INSERT INTO recon_adjustments (setl_id, refd_setl_flag, action, row, stmt_date, fix_id, created_at)
          VALUES (${a.row.setl_id}, ${a.row.refd_setl_flag}, ${a.action}, ${JSON.stringify(a.row)}, ${a.row.date}, ${fix.fix_id}, ${fix.created_at})
          ON CONFLICT (setl_id, refd_setl_flag) DO UPDATE SET action = excluded.action, row = excluded.row, stmt_date = excluded.stmt_date,
            fix_id = excluded.fix_id, created_at = excluded.created_at`,
        );
      }
      if (fix.outcome === 'applied' && fix.action !== 'recheck') {
        run(
          this.db,
          sql`UPDATE recon_differences SET fixed_action = ${fix.action}, fixed_at = ${fix.created_at}
          WHERE recon_id = ${fix.recon_id} AND diff_id = ${fix.diff_id}`,
        );
      }
    })();
  }

  async fixesOf(recon_id: string): Promise<FixRecord[]> {
    return all<FixRecord>(
      this.db,
      sql`SELECT * FROM recon_fixes WHERE recon_id = ${recon_id} ORDER BY created_at, rowid`,
    );
  }
}

/**
 * Migration 0050 (reconciliation): migrate to 50 on a real SQLite file, then the repository on it:
 * a run with its groups and differences, a fix with its adjustments (replacing one of the same
 * key), the fix audit that refuses deletion, and the setl_id lookup that uses its index.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite, type SqliteDb } from '../../main/store/sqlite-database';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';
import { SqliteReconciliationRepository } from '../../main/store/reconciliation-repository';
import type { DiffRecord } from '../../main/store/ports/reconciliation';
import type { ReconRow } from '../../main/domain/reconciliation-rows';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mig50-'));
  db = openSqlite(path.join(dir, 'a.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (setl_id: string, flag: '0' | '1', medfee: number): ReconRow => ({
  setl_id,
  mdtrt_id: 'M1',
  psn_no: 'P1',
  msgid: 'm',
  insutype: '310',
  clr_type: '11',
  setl_optins: '410202',
  refd_setl_flag: flag,
  date: '2026-11-20',
  medfee_sumamt: medfee,
  fund_pay_sumamt: 0,
  acct_pay: 0,
  psn_cash_pay: 0,
});
const diff: DiffRecord = {
  recon_id: 'R1',
  diff_id: 'D001',
  kind: 'platform_only',
  setl_id: 'S1',
  refd_setl_flag: '0',
  mdtrt_id: 'M1',
  psn_no: 'P1',
  insutype: null,
  clr_type: '11',
  setl_optins: '410202',
  platform_msgid: 'm',
  local: null,
  platform: { medfee_sumamt: 2000, fund_pay_sumamt: 1200, acct_pay: 0 },
  cause: '平台有此结算，本机无记录',
  fixes: ['cancel_at_platform', 'adopt'],
  fixed_action: null,
  fixed_at: null,
};

describe('migration 0050-reconciliation', () => {
  it('migrates to 50; runs, differences, fixes and adjustments round-trip', async () => {
    migrate(db, 50);
    expect(schemaVersion(db)).toBe(50);
    const repo = new SqliteReconciliationRepository(db);
    await repo.begin({ recon_id: 'R1', stmt_date: '2026-11-20', trigger: 'demand', created_at: 1 });
    expect((await repo.get('R1'))?.state).toBe('running');
    const group = {
      insutype: '310',
      clr_type: '11',
      setl_optins: '410202',
      count: 1,
      medfee_sumamt: 2000,
      fund_pay_sumamt: 1200,
      acct_pay: 0,
      psn_cash_pay: 800,
      balanced: false,
      platform_note: '笔数 平台1 医院0',
    };
    await repo.finish('R1', 'unbalanced', [group], [diff], null, 2);
    expect(await repo.get('R1')).toMatchObject({ state: 'unbalanced', groups: [group], finished_at: 2 });
    expect(await repo.differences('R1')).toEqual([diff]);
    expect(await repo.knownGroups(0)).toEqual([{ insutype: '310', clr_type: '11', setl_optins: '410202' }]);

    const fix = {
      fix_id: 'F1',
      recon_id: 'R1',
      diff_id: 'D001',
      action: 'adopt' as const,
      reason: '核实',
      actor: 'his',
      outcome: 'applied' as const,
      note: 'n',
      created_at: 3,
    };
    await repo.recordFix(fix, [{ action: 'exclude', row: row('S1', '0', 2000) }]);
    await repo.recordFix({ ...fix, fix_id: 'F2', created_at: 4 }, [{ action: 'adopt', row: row('S1', '0', 1999) }]);
    expect(await repo.adjustmentsBetween('2026-11-20', '2026-11-20')).toEqual([
      { action: 'adopt', row: row('S1', '0', 1999) },
    ]);
    expect(await repo.difference('R1', 'D001')).toMatchObject({ fixed_action: 'adopt', fixed_at: 4 });
    expect((await repo.fixesOf('R1')).map((f) => f.fix_id)).toEqual(['F1', 'F2']);
    expect(() => db.prepare("DELETE FROM recon_fixes WHERE fix_id = 'F1'").run()).toThrow(/kept/);
    expect(await repo.latestByDate('2026-11-01', '2026-11-30', 10)).toHaveLength(1);
  });

  it('refuses a malformed date, an unknown state and a fix of an unknown difference', () => {
    migrate(db, 50);
    expect(() =>
      db
        .prepare(
          "INSERT INTO reconciliations (recon_id, stmt_date, state, trigger, created_at) VALUES ('R', '2026-1-1', 'running', 'demand', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO reconciliations (recon_id, stmt_date, state, trigger, created_at) VALUES ('R', '2026-11-20', 'odd', 'demand', 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO recon_fixes (fix_id, recon_id, diff_id, action, reason, actor, outcome, note, created_at) VALUES ('F', 'R', 'D', 'adopt', 'r', 'a', 'applied', 'n', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('looks settlements up by setl_id through its index', () => {
    migrate(db, 50);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM settlements WHERE setl_id = 'S1' ORDER BY created_at DESC")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('settlements_by_setl_id');
  });
});

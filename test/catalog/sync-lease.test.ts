/**
 * The sync state in the store (docs/architecture.md §3: a job is claimed with a lease in its row): a live
 * holder keeps the sync, a run whose holder died resumes at its next page once the lease expires,
 * and a holder that lost its lease can no longer write.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { catalogEnv, removeDir, type CatalogEnv } from './catalog-env';
import type { CatalogSyncRow } from '../../main/store/ports/catalog';

let env: CatalogEnv | undefined;
afterEach(() => {
  env?.close();
  if (env !== undefined) removeDir(env.dir);
  env = undefined;
});

const itemRow = (code: string, updt: string): CatalogSyncRow => ({
  stage: '1312',
  valid: true,
  row: {
    med_list_codg: code,
    insu_admdvs: '410200',
    begndate: '2020-01-01',
    enddate: null,
    name: code,
    med_chrgitm_type: '01',
    chrgitm_lv: '01',
    updt_time: updt,
  },
});

describe('sync lease', () => {
  it('keeps a live holder, resumes a dead one after its lease, fences the old holder', async () => {
    env = catalogEnv();
    const repo = env.repo;
    const a = await repo.claimSync('A', 'JOB-A', 1_000, 60_000);
    expect(a).toMatchObject({
      claimed: true,
      resumed: false,
      state: { state: 'running', stage: null, job_id: 'JOB-A' },
    });
    await repo.setSyncTotal('A', 10, 1_000, 60_000);
    await repo.advanceSyncStage('A', '1312', 1_000, 60_000);
    const s1 = await repo.applySyncPage(
      'A',
      {
        stage: '1312',
        page: 1,
        pages: 3,
        rows: [itemRow('X1', '2026-11-01 08:00:00'), itemRow('X2', '2026-11-02 08:00:00')],
        skipped: 0,
        max_updt_time: '2026-11-02 08:00:00',
      },
      2_000,
      60_000,
    );
    expect(s1).toMatchObject({ page: 1, pages: 3, done: 2, total: 10, stage_max_updt: '2026-11-02 08:00:00' });

    // Another process while A's lease runs: told A's job, nothing taken.
    expect(await repo.claimSync('B', 'JOB-B', 30_000, 60_000)).toMatchObject({
      claimed: false,
      state: { job_id: 'JOB-A' },
    });
    // After the lease: B resumes at A's position.
    const b = await repo.claimSync('B', 'JOB-B', 62_001, 60_000);
    expect(b).toMatchObject({
      claimed: true,
      resumed: true,
      state: { job_id: 'JOB-B', stage: '1312', page: 1, done: 2, lease_owner: 'B' },
    });
    // A wakes up: fenced.
    await expect(
      repo.applySyncPage(
        'A',
        { stage: '1312', page: 2, pages: 3, rows: [], skipped: 0, max_updt_time: null },
        62_002,
        60_000,
      ),
    ).rejects.toMatchObject({ code: 'CATALOG_SYNC_FAILED' });
    // B goes on with page 2; a page out of order is refused.
    await expect(
      repo.applySyncPage(
        'B',
        { stage: '1312', page: 3, pages: 3, rows: [], skipped: 0, max_updt_time: null },
        62_003,
        60_000,
      ),
    ).rejects.toMatchObject({ code: 'CATALOG_SYNC_FAILED' });
    // Re-sent rows already held with the same updt_time change nothing (no new version).
    const before = (await repo.meta()).version;
    await repo.applySyncPage(
      'B',
      {
        stage: '1312',
        page: 2,
        pages: 2,
        rows: [itemRow('X2', '2026-11-02 08:00:00')],
        skipped: 0,
        max_updt_time: '2026-11-02 08:00:00',
      },
      62_004,
      60_000,
    );
    expect((await repo.meta()).version).toBe(before);
    const done = await repo.advanceSyncStage('B', null, 62_005, 60_000);
    expect(done).toMatchObject({
      state: 'done',
      stage: null,
      lease_owner: null,
      cursors: { '1312': '2026-11-02 08:00:00' },
    });
    expect((await repo.meta()).last_sync_at).toBe(62_005);
    // A fresh run starts from the cursors, with no stage yet.
    expect(await repo.claimSync('C', 'JOB-C', 70_000, 60_000)).toMatchObject({
      claimed: true,
      resumed: false,
      state: { stage: null, done: 0 },
    });
  });
});

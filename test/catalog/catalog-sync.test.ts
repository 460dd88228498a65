/**
 * Catalog sync against the real sandbox, spawned as a process and reached through the real HTTP
 * upstream client (docs/architecture.md §1): 1312 → 1318 → 1319 paged, progress, SIGKILL of the platform
 * mid-sync and a resume from the last committed page after it comes back on the same data; then a
 * catalog change at the platform that makes the local preview stale (the platform's 2204 split
 * differs, every difference with its reason), and the incremental sync that fixes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NO_JOURNAL, type CallJournal, type PreparedCall } from '../../main/upstream/ports';
import { compareWithPlatform, type PlatformLineSplit } from '../../main/catalog/compare-with-platform';
import type { PreviewLineInput } from '../../main/catalog/preview-bill';
import { startManaged, type ManagedProcess } from '../support/managed-process';
import { writeTestScenario } from '../support/test-scenario';
import { catalogEnv, removeDir, type CatalogEnv } from './catalog-env';

const URL_LINE = { url: /sandbox: (http:\/\/127\.0\.0\.1:\d+)/ };
const CT = '002104000010000'; // 64排CT平扫: 乙, share 0.10, cap 260 in the demo scenario (410200)
const ZHANG = { psn: 'DEMO000102031X', insutype: '310', insuplc: '430100', certNo: '43010219560302031X' };

let dataDir: string;
let scenario: string;
let sandbox: ManagedProcess;
let url: string;
let env: CatalogEnv;
let envDir: string;

/** Pages asked, in order, as `infno:page_num/page_size:updt_time`; can kill the platform before a chosen page. */
const asked: string[] = [];
let killBefore: { infno: string; page: number } | null = null;

function pageOf(p: PreparedCall): { page: number; size: number; since: string } {
  const data = (p.envelope['input'] as { data: { page_num: number; page_size: number; updt_time: string } }).data;
  return { page: data.page_num, size: data.page_size, since: data.updt_time };
}

const journal: CallJournal = {
  beforeSend: async (p) => {
    const { page, size, since } = pageOf(p);
    asked.push(`${p.infno}:${page}/${size}:${since}`);
    if (killBefore !== null && killBefore.infno === p.infno && killBefore.page === page && size > 1) {
      killBefore = null;
      await sandbox.kill(); // the platform dies before this page is sent
    }
  },
  afterOutcome: async () => undefined,
};

async function startSandbox(port = 0): Promise<void> {
  sandbox = await startManaged(
    'sandbox/cli.ts',
    ['--port', String(port), '--data', dataDir, '--scenario', scenario, '--quiet'],
    URL_LINE,
  );
  url = sandbox.found['url'] ?? '';
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'catalog-sandbox-'));
  scenario = writeTestScenario();
  await startSandbox();
  env = catalogEnv({ url, journal, service: { pageSize: 4 } });
  envDir = env.dir;
});

afterAll(async () => {
  env?.close();
  await sandbox?.stop();
  removeDir(envDir);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(path.dirname(scenario), { recursive: true, force: true });
});

describe('catalog sync from the sandbox', () => {
  it('stops when the platform is SIGKILLed at 1312 page 3 and resumes at page 3 once it is back', async () => {
    killBefore = { infno: '1312', page: 3 };
    const failed = await env.service.syncNow();
    // The three probes (page size 1) give the total: 24 items, 6 caps, 9 shares of 410200.
    expect(asked).toEqual([
      '1312:1/1:1900-01-01 00:00:00',
      '1318:1/1:1900-01-01 00:00:00',
      '1319:1/1:1900-01-01 00:00:00',
      '1312:1/4:1900-01-01 00:00:00',
      '1312:2/4:1900-01-01 00:00:00',
      '1312:3/4:1900-01-01 00:00:00',
    ]);
    expect(failed).toMatchObject({
      state: 'failed',
      stage: '1312',
      page: 2,
      done: 8,
      total: 39,
      error_code: 'UPSTREAM_UNREACHABLE',
    });
    expect(failed.error).toContain('1312 第 3 页');
    const midway = await env.service.status();
    expect(midway).toMatchObject({
      version: 2,
      items: 8,
      last_sync_at: null,
      sync: { state: 'failed', done: 8, total: 39, page: 2 },
    });

    // The platform comes back on the same data and port; the same service starts the sync again.
    await startSandbox(Number(new URL(url).port));
    asked.length = 0;
    const start = await env.service.startSync();
    expect(start).toMatchObject({ started: true, resumed: true });
    // Asked again while it runs: the same job, not a second sync.
    expect(await env.service.startSync()).toEqual({ job_id: start.job_id, started: false, resumed: false });
    const done = await env.service.whenSyncSettled();
    expect(done).toMatchObject({ state: 'done', done: 39, total: 39, error: null });
    // No probe and no page fetched twice: 1312 from page 3, then 1318 and 1319.
    expect(asked.map((a) => a.split(':').slice(0, 2).join(':'))).toEqual([
      '1312:3/4',
      '1312:4/4',
      '1312:5/4',
      '1312:6/4',
      '1318:1/4',
      '1318:2/4',
      '1319:1/4',
      '1319:2/4',
      '1319:3/4',
    ]);
    const status = await env.service.status();
    expect(status).toMatchObject({ version: 11, items: 24, sync: { state: 'done', done: 39, total: 39 } });
    expect(status.last_sync_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const idx = await env.service.lookup();
    expect(idx.catalog_version).toBe(11);
    expect(idx.findItem(CT, '2026-11-20')).toMatchObject({
      chrgitm_lv: '02',
      med_chrgitm_type: '03',
      selfpay_prop_text: '0.10',
      pric_uplmt_text: '260.000000',
    });
    expect(idx.findItem('001102000010000', '2026-11-20')).toMatchObject({ chrgitm_lv: '01', pric_uplmt_text: null });
  });

  it('a preview from a stale catalog differs from the platform; every difference says why', async () => {
    const change = await fetch(`${url}/__admin/catalog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        admdvs: '410200',
        items: [
          {
            med_list_codg: CT,
            name: '64排CT平扫',
            med_chrgitm_type: '03',
            chrgitm_lv: '02',
            selfpay_prop: '0.30',
            pric_uplmt_amt: '200.000000',
            begndate: '2020-01-01',
            enddate: null,
          },
        ],
      }),
    });
    expect(change.status).toBe(200);

    const line: PreviewLineInput = {
      feedetl_sn: 'CT1',
      medins_list_codg: `HIS-${CT}`,
      med_list_codg: CT,
      cnt: '1',
      pric: '300',
      det_item_fee_sumamt: '300.00',
    };
    const preview = await env.service.preview([line], '2026-11-20');
    expect(preview.catalog_version).toBe(11);
    expect(preview.lines[0]).toMatchObject({ overlmt_amt: '40.00', preselfpay_amt: '26.00', inscp_scp_amt: '234.00' });

    const platform = await uploadAtPlatform(line);
    // The platform splits with cap 200 and share 0.30: over 100.00, share 60.00, in scope 140.00.
    const diffs = compareWithPlatform(preview.lines[0]!, platform);
    expect(diffs.map((d) => [d.field, d.preview, d.platform, d.code])).toEqual([
      ['pric_uplmt_amt', '260.000000', '200.000000', 'CAP_DIFFERS'],
      ['selfpay_prop', '0.10', '0.30', 'SHARE_DIFFERS'],
      ['overlmt_amt', '40.00', '100.00', 'STALE_CATALOG'],
      ['preselfpay_amt', '26.00', '60.00', 'STALE_CATALOG'],
      ['inscp_scp_amt', '234.00', '140.00', 'STALE_CATALOG'],
    ]);
    expect(diffs[2]?.reason).toBe(
      '[STALE_CATALOG] 本地目录版本较旧，与平台目录不一致（限价、乙类先行自付比例不同），分割金额因此不同；请同步目录后再预览。',
    );
    expect(diffs[0]?.reason).toContain('本地目录为260.000000，平台为200.000000');
  });

  it('an incremental sync by updt_time picks up the change, and the preview then agrees with the platform', async () => {
    asked.length = 0;
    const done = await env.service.syncNow();
    expect(done).toMatchObject({ state: 'done', error: null });
    // Every query asks from the cursor of the previous sync, not from the beginning.
    expect(asked.length).toBeGreaterThan(3);
    expect(asked.every((a) => !a.endsWith('1900-01-01 00:00:00'))).toBe(true);
    // Only the pages holding the changed item changed anything: one new version per query.
    const status = await env.service.status();
    expect(status.version).toBe(14);
    expect(env.db.prepare('SELECT rows FROM catalog_changes WHERE version > 11 ORDER BY version').all()).toEqual([
      { rows: 1 },
      { rows: 1 },
      { rows: 1 },
    ]);

    const line: PreviewLineInput = {
      feedetl_sn: 'CT2',
      medins_list_codg: `HIS-${CT}`,
      med_list_codg: CT,
      cnt: '1',
      pric: '300',
      det_item_fee_sumamt: '300.00',
    };
    const preview = await env.service.preview([line], '2026-11-20');
    expect(preview.catalog_version).toBe(14);
    expect(preview.lines[0]).toMatchObject({
      overlmt_amt: '100.00',
      preselfpay_amt: '60.00',
      inscp_scp_amt: '140.00',
      selfpay_prop: '0.30',
      pric_uplmt_amt: '200.000000',
    });
    expect(compareWithPlatform(preview.lines[0]!, await uploadAtPlatform(line))).toEqual([]);
  });
});

/** Opens an outpatient visit for the demo patient (2201, 2203) and uploads one line (2204); returns the platform's line. */
async function uploadAtPlatform(line: PreviewLineInput): Promise<PlatformLineSplit> {
  const ctx = { journal: NO_JOURNAL, insuplc_admdvs: ZHANG.insuplc };
  const begntime = '2026-11-20 09:00:00';
  const reg = await env.client.call(
    '2201',
    {
      data: {
        psn_no: ZHANG.psn,
        insutype: ZHANG.insutype,
        begntime,
        mdtrt_cert_type: '02',
        mdtrt_cert_no: ZHANG.certNo,
        ipt_otp_no: `OP-${line.feedetl_sn}`,
        atddr_no: 'D001',
        dr_name: '医生',
        dept_code: 'K01',
        dept_name: '内科',
        caty: 'A03',
      },
    },
    ctx,
  );
  expect(reg.outcome, reg.errMsg).toBe('SUCCESS');
  const mdtrtId = String((reg.output as { data: { mdtrt_id: unknown } }).data.mdtrt_id);
  const visit = await env.client.call(
    '2203',
    {
      mdtrtinfo: {
        mdtrt_id: mdtrtId,
        psn_no: ZHANG.psn,
        med_type: '11',
        begntime,
        main_cond_dscr: '',
        dise_codg: '',
        dise_name: '',
      },
      diseinfo: [
        {
          diag_type: '1',
          diag_srt_no: '1',
          diag_code: 'I10',
          diag_name: '高血压',
          diag_dept: '内科',
          dise_dor_no: 'D001',
          dise_dor_name: '医生',
          diag_time: begntime,
          vali_flag: '1',
        },
      ],
    },
    ctx,
  );
  expect(visit.outcome, visit.errMsg).toBe('SUCCESS');
  const up = await env.client.call(
    '2204',
    {
      feedetail: [
        {
          feedetl_sn: line.feedetl_sn,
          mdtrt_id: mdtrtId,
          psn_no: ZHANG.psn,
          chrg_bchno: `B-${line.feedetl_sn}`,
          fee_ocur_time: '2026-11-20 09:10:00',
          med_list_codg: line.med_list_codg,
          medins_list_codg: line.medins_list_codg,
          det_item_fee_sumamt: line.det_item_fee_sumamt,
          cnt: line.cnt,
          pric: line.pric,
          bilg_dept_codg: 'D01',
          bilg_dept_name: '内科',
          hosp_appr_flag: '1',
        },
      ],
    },
    ctx,
  );
  expect(up.outcome, up.errMsg).toBe('SUCCESS');
  const result = (up.output as { result: PlatformLineSplit[] }).result;
  expect(result).toHaveLength(1);
  return result[0]!;
}

/**
 * Item mapping (目录对照): import from CSV and XLSX with row-numbered rejections (nothing imported
 * from a rejected file), edits one by one with validity dates, and the lists of unmapped and
 * expired hospital codes for IT.
 */
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { catalogEnv, removeDir, utf8, type CatalogEnv } from './catalog-env';

let env: CatalogEnv | undefined;
afterEach(() => {
  env?.close();
  if (env !== undefined) removeDir(env.dir);
  env = undefined;
});

const CATALOG = [
  'med_list_codg,name,med_chrgitm_type,chrgitm_lv,selfpay_prop,pric_uplmt_amt,begndate,enddate',
  'N-BED,床位费,01,01,0,35,2020-01-01,',
  'N-CT,CT,03,02,0.10,260,2020-01-01,',
  'N-NEW,新编码,03,02,0.20,,2026-01-01,',
].join('\n');

const MAPPINGS = [
  'medins_list_codg,medins_list_name,med_list_codg,begndate,enddate',
  'HIS-BED,三人间床位,N-BED,2020-01-01,',
  'HIS-CT,CT平扫,N-CT,2020-01-01,2025-12-31',
  'HIS-CT,CT平扫,N-NEW,2026-01-01,',
  'HIS-OLD,停用项目,N-BED,2020-01-01,2026-06-30',
  'HIS-GONE,目录外编码,N-MISSING,2020-01-01,',
].join('\n');

describe('mapping import', () => {
  it('imports a CSV; a hospital code may change its national code over time', async () => {
    env = catalogEnv();
    await env.service.importCatalog('csv', utf8(CATALOG));
    const r = await env.service.importMappings('csv', utf8(MAPPINGS));
    expect(r).toEqual({ imported: 5, rejected: [], mapping_version: 1 });
    const idx = await env.service.lookup();
    expect(idx.mapping_version).toBe(1);
    expect(idx.mapCode('HIS-CT', '2025-12-31')).toBe('N-CT');
    expect(idx.mapCode('HIS-CT', '2026-01-01')).toBe('N-NEW');
    expect(idx.mapCode('HIS-OLD', '2026-11-20')).toBeNull();
  });

  it('imports an XLSX made with exceljs (Chinese headers, date cells)', async () => {
    env = catalogEnv();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('对照');
    ws.addRow(['院内编码', '院内名称', '医保目录编码', '开始日期', '结束日期']);
    ws.addRow(['1001', '血常规', 'N-BLOOD', new Date(Date.UTC(2021, 5, 1)), null]);
    ws.addRow([1002, '尿常规', 'N-URINE', '2021-06-01', '2027-01-01']);
    const r = await env.service.importMappings('xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(2);
    const idx = await env.service.lookup();
    expect(idx.mapCode('1001', '2021-06-01')).toBe('N-BLOOD');
    expect(idx.mapCode('1001', '2021-05-31')).toBeNull();
    expect(idx.mapCode('1002', '2026-11-20')).toBe('N-URINE');
  });

  it('a file with bad rows imports nothing and names each row (header = row 1)', async () => {
    env = catalogEnv();
    await env.service.importMappings('csv', utf8(MAPPINGS));
    const bad = [
      'medins_list_codg,medins_list_name,med_list_codg,begndate,enddate',
      'A1,好行,N-BED,2020-01-01,', // 2 fine
      'A2,缺国家编码,,2020-01-01,', // 3
      'A3,国家编码有空格,N BED,2020-01-01,', // 4
      ',缺院内编码,N-BED,2020-01-01,', // 5
      'A4,日期错,N-BED,2020-02-30,', // 6
      'A5,结束早,N-BED,2020-02-01,2020-01-31', // 7
      'A6,区间一,N-BED,2020-01-01,2024-12-31', // 8 fine alone
      'A6,区间二重叠,N-CT,2024-06-01,', // 9 overlaps row 8
    ].join('\n');
    const r = await env.service.importMappings('csv', utf8(bad));
    expect(r.imported).toBe(0);
    expect(r.mapping_version).toBe(1);
    expect(r.rejected.map((x) => [x.row, x.field])).toEqual([
      [3, 'med_list_codg'],
      [4, 'med_list_codg'],
      [5, 'medins_list_codg'],
      [6, 'begndate'],
      [7, 'enddate'],
      [9, 'begndate'],
    ]);
    expect(r.rejected[5]?.error).toContain('第 8 行');
    const count = env.db.prepare('SELECT count(*) AS n FROM catalog_mappings').get();
    expect(count).toEqual({ n: 5 });
    const header = await env.service.importMappings('csv', utf8('code,national\nA,B\n'));
    expect(header.rejected.map((x) => [x.row, x.field])).toEqual([
      [1, 'medins_list_codg'],
      [1, 'med_list_codg'],
      [1, 'begndate'],
    ]);
  });
});

describe('mapping lists and edits', () => {
  it('lists unmapped (seen on a bill, never mapped) and expired codes; all shows states and catalog presence', async () => {
    env = catalogEnv();
    await env.service.importCatalog('csv', utf8(CATALOG));
    await env.service.importMappings('csv', utf8(MAPPINGS));
    // A bill with a code nobody mapped: it is recorded for IT.
    const p = await env.service.preview(
      [
        {
          feedetl_sn: '1',
          medins_list_codg: 'HIS-NEVER',
          name: '新增项目',
          cnt: '1',
          pric: '5',
          det_item_fee_sumamt: '5.00',
        },
        { feedetl_sn: '2', medins_list_codg: 'HIS-BED', cnt: '1', pric: '40', det_item_fee_sumamt: '40.00' },
      ],
      '2026-11-20',
    );
    expect(p.lines.map((l) => l.attention)).toEqual([['unmapped'], ['over_cap']]);

    const unmapped = await env.service.listMappings('unmapped', '2026-11-20');
    expect(unmapped.mappings.map((m) => [m.medins_list_codg, m.medins_list_name, m.state])).toEqual([
      ['HIS-NEVER', '新增项目', 'unmapped'],
    ]);
    const expired = await env.service.listMappings('expired', '2026-11-20');
    expect(expired.mappings.map((m) => [m.medins_list_codg, m.med_list_codg, m.enddate])).toEqual([
      ['HIS-OLD', 'N-BED', '2026-06-30'],
    ]);
    const all = await env.service.listMappings('all', '2026-11-20');
    expect(all.mappings.map((m) => [m.medins_list_codg, m.state, m.med_list_codg, m.in_catalog])).toEqual([
      ['HIS-BED', 'mapped', 'N-BED', true],
      ['HIS-CT', 'mapped', 'N-NEW', true],
      ['HIS-GONE', 'mapped', 'N-MISSING', false],
      ['HIS-NEVER', 'unmapped', null, null],
      ['HIS-OLD', 'expired', 'N-BED', true],
    ]);
    // On an earlier date the old mapping is still valid.
    expect((await env.service.listMappings('expired', '2026-06-30')).mappings).toEqual([]);
  });

  it('an edit maps an unmapped code from a date and closes the open period before it', async () => {
    env = catalogEnv();
    await env.service.importCatalog('csv', utf8(CATALOG));
    await env.service.importMappings('csv', utf8(MAPPINGS));
    await env.service.preview(
      [
        {
          feedetl_sn: '1',
          medins_list_codg: 'HIS-NEVER',
          name: '新增项目',
          cnt: '1',
          pric: '5',
          det_item_fee_sumamt: '5.00',
        },
      ],
      '2026-11-20',
    );

    const first = await env.service.putMapping('HIS-NEVER', { med_list_codg: 'N-CT' });
    expect(first.mapping).toMatchObject({
      medins_list_codg: 'HIS-NEVER',
      medins_list_name: '新增项目',
      state: 'mapped',
      med_list_codg: 'N-CT',
      begndate: '2026-11-20',
      enddate: null,
    });
    expect(first.mapping_version).toBe(2);
    expect((await env.service.listMappings('unmapped', '2026-11-20')).mappings).toEqual([]);

    // HIS-BED moves to N-CT from 2026-12-01: its open period ends 2026-11-30.
    const moved = await env.service.putMapping('HIS-BED', { med_list_codg: 'N-CT', begndate: '2026-12-01' });
    expect(moved.mapping.periods.map((x) => [x.med_list_codg, x.begndate, x.enddate, x.source])).toEqual([
      ['N-BED', '2020-01-01', '2026-11-30', 'file'],
      ['N-CT', '2026-12-01', null, 'edit'],
    ]);
    const idx = await env.service.lookup();
    expect(idx.mapCode('HIS-BED', '2026-11-30')).toBe('N-BED');
    expect(idx.mapCode('HIS-BED', '2026-12-01')).toBe('N-CT');

    await expect(env.service.putMapping('HIS-BED', { med_list_codg: 'bad code!' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      env.service.putMapping('HIS-BED', { med_list_codg: 'N-CT', begndate: '2026-12-01', enddate: '2026-11-01' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', detail: { field: 'enddate' } });
  });
});

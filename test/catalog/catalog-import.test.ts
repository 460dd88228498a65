/**
 * Catalog files (CSV and XLSX) into a real SQLite store: every row validated, row-numbered
 * rejections, nothing imported from a rejected file, the catalog version going up on each import,
 * and previews recording the version they used (D-10).
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

const HEADER = 'med_list_codg,name,med_chrgitm_type,chrgitm_lv,selfpay_prop,pric_uplmt_amt,begndate,enddate';
const GOOD_CSV = [
  HEADER,
  'X001,床位费,01,01,0.00,35.000000,2020-01-01,',
  'X002,"CT平扫, 64排",03,02,0.10,260,2020-01-01,',
  'X003,进口晶体,08,03,,,2020-01-01,2030-12-31',
  '',
  'X004,阿莫西林,9,2,0.2,,2020/1/1,',
].join('\r\n');

async function xlsxOf(rows: readonly (readonly (string | number | Date | null)[])[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('目录');
  for (const r of rows) ws.addRow([...r]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('catalog import from a file', () => {
  it('imports a good CSV (BOM, quotes, blank line, loose dates and codes) and bumps the version', async () => {
    env = catalogEnv();
    expect((await env.service.status()).version).toBe(0);
    const r = await env.service.importCatalog('csv', utf8(`\ufeff${GOOD_CSV}`));
    expect(r).toEqual({ imported: 4, rejected: [], version: 1 });
    const status = await env.service.status();
    expect(status).toMatchObject({ version: 1, items: 4 });

    const idx = await env.service.lookup();
    expect(idx.findItem('X002', '2026-11-20')).toMatchObject({
      name: 'CT平扫, 64排',
      chrgitm_lv: '02',
      selfpay_prop_text: '0.10',
      pric_uplmt_text: '260.000000',
    });
    expect(idx.findItem('X003', '2026-11-20')).toMatchObject({
      chrgitm_lv: '03',
      enddate: '2030-12-31',
      pric_uplmt_text: null,
    });
    expect(idx.findItem('X004', '2026-11-20')).toMatchObject({
      med_chrgitm_type: '09',
      chrgitm_lv: '02',
      selfpay_prop_text: '0.20',
      begndate: '2020-01-01',
    });
    // Rows without a region get the institution's city (its pooling region), as synced rows have.
    expect(env.db.prepare('SELECT DISTINCT insu_admdvs FROM catalog_items').all()).toEqual([{ insu_admdvs: '410200' }]);
  });

  it('imports a good XLSX made with exceljs (numbers, date cells, Chinese headers)', async () => {
    env = catalogEnv();
    const bytes = await xlsxOf([
      ['医保目录编码', '名称', '收费项目类别', '收费项目等级', '自付比例', '限价', '开始日期', '结束日期'],
      ['X101', '雾化吸入', '05', '02', 0.1, null, new Date(Date.UTC(2020, 0, 1)), null],
      ['X102', '一级护理', 7, 1, 0, 25.5, '2020-01-01', '2026-12-31'],
    ]);
    const r = await env.service.importCatalog('xlsx', bytes);
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(2);
    const idx = await env.service.lookup();
    expect(idx.findItem('X101', '2026-11-20')).toMatchObject({
      med_chrgitm_type: '05',
      chrgitm_lv: '02',
      selfpay_prop_text: '0.10',
      begndate: '2020-01-01',
    });
    expect(idx.findItem('X102', '2026-11-20')).toMatchObject({
      med_chrgitm_type: '07',
      chrgitm_lv: '01',
      pric_uplmt_text: '25.500000',
      enddate: '2026-12-31',
    });
  });

  it('a CSV with bad rows imports nothing and names every bad row and column', async () => {
    env = catalogEnv();
    await env.service.importCatalog('csv', utf8(GOOD_CSV));
    const bad = [
      HEADER,
      'Y001,好行,01,01,0,,2020-01-01,', // row 2: fine
      'Y002,类别错,15,01,0,,2020-01-01,', // row 3: category 15
      'Y003,等级错,01,04,0,,2020-01-01,', // row 4: class 04
      'Y004,比例错,01,02,1.5,,2020-01-01,', // row 5: ratio above 1
      'Y005,限价错,01,01,0,12.3456789,2020-01-01,', // row 6: more than 6 decimals
      'Y006,日期错,01,01,0,,2026-02-30,', // row 7: no such day
      'Y007,结束早,01,01,0,,2026-01-02,2026-01-01', // row 8: end before begin
      ',缺编码,01,01,0,,2020-01-01,', // row 9: no code
      'Y001,重复,01,01,0,,2020-01-01,', // row 10: duplicate of row 2
    ].join('\n');
    const r = await env.service.importCatalog('csv', utf8(bad));
    expect(r.imported).toBe(0);
    expect(r.rejected.map((x) => [x.row, x.field])).toEqual([
      [3, 'med_chrgitm_type'],
      [4, 'chrgitm_lv'],
      [5, 'selfpay_prop'],
      [6, 'pric_uplmt_amt'],
      [7, 'begndate'],
      [8, 'enddate'],
      [9, 'med_list_codg'],
      [10, 'med_list_codg'],
    ]);
    expect(r.rejected[0]?.error).toContain('01–14');
    expect(r.rejected[7]?.error).toContain('第 2 行');
    // Nothing of the rejected file reached the store; the version did not move.
    const status = await env.service.status();
    expect(status).toMatchObject({ version: 1, items: 4 });
    expect(env.db.prepare("SELECT count(*) AS n FROM catalog_items WHERE med_list_codg LIKE 'Y%'").get()).toEqual({
      n: 0,
    });
  });

  it('an XLSX with a bad row imports nothing; a header without a required column is refused at row 1', async () => {
    env = catalogEnv();
    const bytes = await xlsxOf([
      ['med_list_codg', 'name', 'med_chrgitm_type', 'chrgitm_lv', 'selfpay_prop', 'pric_uplmt_amt', 'begndate'],
      ['Z001', '好', '01', '01', 0, null, '2020-01-01'],
      ['Z002', '坏', '01', '01', 0, -3, '2020-01-01'],
    ]);
    const r = await env.service.importCatalog('xlsx', bytes);
    expect(r).toMatchObject({ imported: 0, rejected: [{ row: 3, field: 'pric_uplmt_amt' }] });

    const noClass = await env.service.importCatalog(
      'csv',
      utf8('med_list_codg,name,med_chrgitm_type,selfpay_prop,pric_uplmt_amt,begndate\nA,b,01,0,,2020-01-01\n'),
    );
    expect(noClass).toMatchObject({ imported: 0, rejected: [{ row: 1, field: 'chrgitm_lv' }] });
    const notXlsx = await env.service.importCatalog('xlsx', utf8('this is not a zip'));
    expect(notXlsx).toMatchObject({ imported: 0, rejected: [{ row: 1 }] });
    const gbk = await env.service.importCatalog('csv', new Uint8Array([0xb1, 0xe0, 0xc2, 0xeb, 0x0a]));
    expect(gbk.rejected[0]?.error).toContain('UTF-8');
    expect((await env.service.status()).version).toBe(0);
  });

  it('each import bumps the version, a re-import updates rows in place, and previews record the version used', async () => {
    env = catalogEnv();
    await env.service.importCatalog('csv', utf8(GOOD_CSV));
    const line = {
      feedetl_sn: 'F1',
      medins_list_codg: 'h',
      med_list_codg: 'X002',
      cnt: '1',
      pric: '300',
      det_item_fee_sumamt: '300.00',
    };
    const p1 = await env.service.preview([line], '2026-11-20');
    expect(p1.catalog_version).toBe(1);
    expect(p1.lines[0]).toMatchObject({ overlmt_amt: '40.00', preselfpay_amt: '26.00', inscp_scp_amt: '234.00' });

    // The same code with a new share and no cap: updated in place, version 2.
    const r = await env.service.importCatalog('csv', utf8(`${HEADER}\nX002,CT平扫,03,02,0.30,,2020-01-01,\n`));
    expect(r).toEqual({ imported: 1, rejected: [], version: 2 });
    expect((await env.service.status()).items).toBe(4);
    const p2 = await env.service.preview([line], '2026-11-20');
    expect(p2.catalog_version).toBe(2);
    expect(p2.lines[0]).toMatchObject({
      overlmt_amt: '0.00',
      preselfpay_amt: '90.00',
      inscp_scp_amt: '210.00',
      pric_uplmt_amt: null,
    });
    expect(env.db.prepare('SELECT version, source, rows FROM catalog_changes ORDER BY version').all()).toEqual([
      { version: 1, source: 'file:csv', rows: 4 },
      { version: 2, source: 'file:csv', rows: 1 },
    ]);
  });
});

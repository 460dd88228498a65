/** searchCatalog: a pharmacy counter looks items up by national code, hospital code or part of a name. */
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex } from '../../main/catalog/catalog-index';
import { MAX_CATALOG_HITS, searchCatalog } from '../../main/catalog/catalog-search';
import { mapping, scopeOf } from './scope-fixtures';

const DATE = '2026-11-20';
const index = buildCatalogIndex(
  scopeOf([
    { code: 'N001', type: '09', lv: '01', cap: '35.00', name: '阿莫西林胶囊 0.25g*24粒' },
    { code: 'N002', type: '09', lv: '02', share: '0.10', name: '阿莫西林克拉维酸钾片' },
    { code: 'N003', type: '09', lv: '03', name: '维生素C片' },
    { code: 'N004', type: '09', lv: '01', name: '阿莫西林颗粒（停用）', enddate: '2025-12-31' },
    ...Array.from({ length: 30 }, (_, i) => ({
      code: `M${i}`,
      type: '09',
      lv: '01' as const,
      name: `板蓝根颗粒 ${i}`,
    })),
  ]),
  { mapping_version: 1, mappings: [mapping('HIS-AMX', 'N001')] },
);

describe('searchCatalog', () => {
  it('a national code gives its name, class and cap on the day', () => {
    expect(searchCatalog(index, { code: 'N001' }, DATE)).toEqual([
      {
        med_list_codg: 'N001',
        medins_list_codg: null,
        name: '阿莫西林胶囊 0.25g*24粒',
        chrgitm_lv: '01',
        pric_uplmt_amt: '35.000000',
      },
    ]);
    expect(searchCatalog(index, { code: 'N003' }, DATE)[0]?.pric_uplmt_amt).toBeNull();
  });
  it('a hospital code goes through the mapping', () => {
    expect(searchCatalog(index, { code: 'HIS-AMX' }, DATE)).toEqual([
      {
        med_list_codg: 'N001',
        medins_list_codg: 'HIS-AMX',
        name: '阿莫西林胶囊 0.25g*24粒',
        chrgitm_lv: '01',
        pric_uplmt_amt: '35.000000',
      },
    ]);
    expect(searchCatalog(index, { code: 'UNKNOWN' }, DATE)).toEqual([]);
  });
  it('part of a name gives the items valid on the day, bounded', () => {
    expect(
      searchCatalog(index, { name: '阿莫西林' }, DATE)
        .map((h) => h.med_list_codg)
        .sort(),
    ).toEqual(['N001', 'N002']);
    expect(searchCatalog(index, { name: '板蓝根' }, DATE)).toHaveLength(MAX_CATALOG_HITS);
    expect(searchCatalog(index, { name: '板蓝根' }, DATE, 5)).toHaveLength(5);
    expect(searchCatalog(index, { name: '  ' }, DATE)).toEqual([]);
  });
});

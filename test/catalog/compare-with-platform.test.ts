/**
 * compareWithPlatform: each difference between a preview line and the platform's 2204/2301 line
 * carries a reason with its code (local-payment-scope issue item 4).
 */
import { describe, expect, it } from 'vitest';
import { LosslessNumber } from 'lossless-json';
import { buildCatalogIndex } from '../../main/catalog/catalog-index';
import { previewBill, type PreviewLine } from '../../main/catalog/preview-bill';
import { compareBillWithPlatform, compareWithPlatform } from '../../main/catalog/compare-with-platform';
import { mapping, scopeOf } from './scope-fixtures';

const idx = buildCatalogIndex(
  scopeOf([
    { code: 'CT', type: '03', lv: '02', share: '0.10', cap: '260' },
    { code: 'BED', type: '01', lv: '01', cap: '35' },
  ]),
  { mapping_version: 1, mappings: [mapping('H-CT', 'CT')] },
);

function previewOf(lines: Parameters<typeof previewBill>[0]): PreviewLine[] {
  return [...previewBill(lines, '2026-11-20', idx).lines];
}

const CT_LINE = { feedetl_sn: 'F1', medins_list_codg: 'H-CT', cnt: '1', pric: '300', det_item_fee_sumamt: '300.00' };

describe('compareWithPlatform', () => {
  it('no differences when the platform agrees (numbers in any wire form, 999999 = no cap)', () => {
    const [p] = previewOf([CT_LINE]);
    expect(
      compareWithPlatform(p!, {
        feedetl_sn: 'F1',
        det_item_fee_sumamt: new LosslessNumber('300'),
        fulamt_ownpay_amt: 0,
        overlmt_amt: '40',
        preselfpay_amt: new LosslessNumber('26.0'),
        inscp_scp_amt: '234.00',
        chrgitm_lv: '2',
        med_chrgitm_type: '03',
        selfpay_prop: new LosslessNumber('0.1'),
        pric_uplmt_amt: '260.000000',
      }),
    ).toEqual([]);
    const [bed] = previewOf([
      {
        feedetl_sn: 'B',
        medins_list_codg: 'x',
        med_list_codg: 'BED',
        cnt: '1',
        pric: '30',
        det_item_fee_sumamt: '30.00',
      },
    ]);
    expect(compareWithPlatform(bed!, { chrgitm_lv: '01', pric_uplmt_amt: '35', inscp_scp_amt: '30.00' })).toEqual([]);
  });

  it('a different share: SHARE_DIFFERS on the share, STALE_CATALOG on the amounts', () => {
    const [p] = previewOf([CT_LINE]);
    const d = compareWithPlatform(p!, {
      fulamt_ownpay_amt: '0.00',
      overlmt_amt: '40.00',
      preselfpay_amt: '52.00',
      inscp_scp_amt: '208.00',
      chrgitm_lv: '02',
      med_chrgitm_type: '03',
      selfpay_prop: '0.2',
      pric_uplmt_amt: '260',
    });
    expect(d).toEqual([
      expect.objectContaining({ field: 'selfpay_prop', preview: '0.10', platform: '0.20', code: 'SHARE_DIFFERS' }),
      expect.objectContaining({ field: 'preselfpay_amt', preview: '26.00', platform: '52.00', code: 'STALE_CATALOG' }),
      expect.objectContaining({ field: 'inscp_scp_amt', preview: '234.00', platform: '208.00', code: 'STALE_CATALOG' }),
    ]);
    expect(d[1]?.reason).toMatch(/^\[STALE_CATALOG\] 本地目录版本较旧，与平台目录不一致（乙类先行自付比例不同）/);
  });

  it('a different cap and class are named; a platform without the cap reads 999999', () => {
    const [p] = previewOf([CT_LINE]);
    const noCap = compareWithPlatform(p!, {
      chrgitm_lv: '02',
      pric_uplmt_amt: '999999',
      selfpay_prop: '0.10',
      overlmt_amt: '0.00',
      preselfpay_amt: '30.00',
      inscp_scp_amt: '270.00',
    });
    expect(noCap.map((x) => [x.field, x.code])).toEqual([
      ['pric_uplmt_amt', 'CAP_DIFFERS'],
      ['overlmt_amt', 'STALE_CATALOG'],
      ['preselfpay_amt', 'STALE_CATALOG'],
      ['inscp_scp_amt', 'STALE_CATALOG'],
    ]);
    expect(noCap[0]).toMatchObject({ preview: '260.000000', platform: null });
    expect(noCap[0]?.reason).toContain('无限价');
    const classC = compareWithPlatform(p!, {
      chrgitm_lv: '03',
      fulamt_ownpay_amt: '300.00',
      overlmt_amt: '0',
      preselfpay_amt: '0',
      inscp_scp_amt: '0',
    });
    expect(classC.map((x) => [x.field, x.code])).toEqual([
      ['chrgitm_lv', 'CLASS_DIFFERS'],
      ['fulamt_ownpay_amt', 'STALE_CATALOG'],
      ['overlmt_amt', 'STALE_CATALOG'],
      ['preselfpay_amt', 'STALE_CATALOG'],
      ['inscp_scp_amt', 'STALE_CATALOG'],
    ]);
    expect(classC[0]?.reason).toContain('丙类');
  });

  it('missing mapping, item missing locally, item missing at the platform, and unexplained', () => {
    const [unmapped] = previewOf([
      { feedetl_sn: 'U', medins_list_codg: 'H-NONE', cnt: '1', pric: '10', det_item_fee_sumamt: '10.00' },
    ]);
    expect(
      compareWithPlatform(unmapped!, { chrgitm_lv: '01', fulamt_ownpay_amt: '0', inscp_scp_amt: '10.00' }).map(
        (x) => x.code,
      ),
    ).toEqual(['MISSING_MAPPING', 'MISSING_MAPPING']);
    const [local] = previewOf([
      {
        feedetl_sn: 'L',
        medins_list_codg: 'x',
        med_list_codg: 'NEWCODE',
        cnt: '1',
        pric: '10',
        det_item_fee_sumamt: '10.00',
      },
    ]);
    expect(
      compareWithPlatform(local!, { chrgitm_lv: '01', fulamt_ownpay_amt: '0', inscp_scp_amt: '10.00' }).map((x) => [
        x.field,
        x.code,
      ]),
    ).toEqual([
      ['chrgitm_lv', 'NOT_IN_LOCAL_CATALOG'],
      ['fulamt_ownpay_amt', 'NOT_IN_LOCAL_CATALOG'],
      ['inscp_scp_amt', 'NOT_IN_LOCAL_CATALOG'],
    ]);
    const [p] = previewOf([CT_LINE]);
    expect(
      compareWithPlatform(p!, {
        chrgitm_lv: '',
        fulamt_ownpay_amt: '300.00',
        overlmt_amt: '0',
        preselfpay_amt: '0',
        inscp_scp_amt: '0',
      })[0],
    ).toMatchObject({ field: 'fulamt_ownpay_amt', code: 'NOT_IN_PLATFORM_CATALOG' });
    const odd = compareWithPlatform(p!, {
      chrgitm_lv: '02',
      selfpay_prop: '0.1',
      pric_uplmt_amt: '260',
      inscp_scp_amt: '233.99',
    });
    expect(odd).toEqual([expect.objectContaining({ field: 'inscp_scp_amt', code: 'UNEXPLAINED' })]);
    expect(odd[0]?.reason.startsWith('[UNEXPLAINED] ')).toBe(true);
  });

  it('compareBillWithPlatform matches lines by feedetl_sn and reports lines on one side only', () => {
    const lines = previewOf([CT_LINE, { ...CT_LINE, feedetl_sn: 'F2' }]);
    const d = compareBillWithPlatform(lines, [
      { feedetl_sn: new LosslessNumber('1'), chrgitm_lv: '02' },
      { feedetl_sn: 'F1', chrgitm_lv: '02', inscp_scp_amt: '234.00' },
    ]);
    expect([...d.keys()]).toEqual(['F2', '1']);
    expect(d.get('F2')?.[0]).toMatchObject({
      field: 'feedetl_sn',
      code: 'LINE_MISSING',
      preview: 'F2',
      platform: null,
    });
    expect(d.get('1')?.[0]).toMatchObject({ code: 'LINE_MISSING', preview: null, platform: '1' });
  });
});

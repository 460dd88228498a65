/** Bill files imported at the window (renderer/lib/bill-file): UTF-8 CSV, all or nothing, row-numbered errors. */
import { describe, expect, it } from 'vitest';
import { decodeBillFile, readBillFile } from '../../renderer/lib/bill-file';

const keys = (): (() => string) => {
  let n = 0;
  return () => `k${(n += 1)}`;
};

const HEADER = 'feedetl_sn,med_list_codg,medins_list_codg,name,cnt,pric,det_item_fee_sumamt';

describe('decodeBillFile', () => {
  it('reads UTF-8 with or without a BOM, and refuses GBK bytes', () => {
    const text = '名称,cnt';
    const utf8 = new TextEncoder().encode(text);
    expect(decodeBillFile(utf8)).toEqual({ ok: true, text });
    expect(decodeBillFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ ok: true, text });
    // 名称 in GBK is C3 FB B3 C6: FB cannot follow C3 in UTF-8.
    const gbk = decodeBillFile(new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x31]));
    expect(gbk.ok).toBe(false);
    expect(!gbk.ok && gbk.error.message).toContain('UTF-8');
  });
});

describe('readBillFile', () => {
  it('reads a full file: quoted names, generated serials left empty, amounts checked', () => {
    const text = `\uFEFF${HEADER}\r\nS1,002104000010000,CT-64,64排CT平扫,1,280.00,280.00\r\n,002201000020000,,"血常规,五分类",1,20,\r\n\r\nS3,XC09CAL016A001010101234,YP-1234,"厄贝沙坦片 ""0.15g*7片""",2,18.6,37.2\r\n`;
    const r = readBillFile(text, keys());
    expect(r).toEqual({
      ok: true,
      rows: [
        {
          key: 'k1',
          feedetl_sn: 'S1',
          med_list_codg: '002104000010000',
          medins_list_codg: 'CT-64',
          name: '64排CT平扫',
          cnt: '1',
          pric: '280.00',
        },
        {
          key: 'k2',
          feedetl_sn: '',
          med_list_codg: '002201000020000',
          medins_list_codg: '',
          name: '血常规,五分类',
          cnt: '1',
          pric: '20',
        },
        {
          key: 'k3',
          feedetl_sn: 'S3',
          med_list_codg: 'XC09CAL016A001010101234',
          medins_list_codg: 'YP-1234',
          name: '厄贝沙坦片 "0.15g*7片"',
          cnt: '2',
          pric: '18.6',
        },
      ],
    });
  });

  it('takes the columns in any order, the optional ones left out', () => {
    const r = readBillFile(
      'NAME,pric,cnt,medins_list_codg,med_list_codg\n阿莫西林胶囊,15.20,2,,XJ01CRA137A001010100788\n',
      keys(),
    );
    expect(r.ok && r.rows).toEqual([
      {
        key: 'k1',
        feedetl_sn: '',
        med_list_codg: 'XJ01CRA137A001010100788',
        medins_list_codg: '',
        name: '阿莫西林胶囊',
        cnt: '2',
        pric: '15.20',
      },
    ]);
  });

  it('imports nothing when any row is bad, listing every problem by spreadsheet row', () => {
    const text = [
      HEADER,
      'S1,A1,,好的一行,1,10.00,10.00', // row 2: fine
      'S2,A2,,金额不符,3,0.1,0.31', // row 3: 0.1 × 3 = 0.30
      'S1,A3,,流水号重复,1,1,', // row 4
      ',,,,两,1', // row 5: 6 fields
      ',A5,,,-1,abc,', // row 6
      '"S7",A7,,"引号"错,1,1,', // row 7: syntax is checked first, for the whole file
    ].join('\n');
    expect(readBillFile(text, keys())).toEqual({
      ok: false,
      errors: [{ row: 7, message: '右引号后面还有字符：引号括起的字段结束后应紧跟逗号或换行。' }],
    });
    const r = readBillFile(text.split('\n').slice(0, 6).join('\n'), keys());
    expect(r).toEqual({
      ok: false,
      errors: [
        { row: 3, message: '金额 0.31 与“单价×数量”0.30 不一致' },
        { row: 4, message: '明细流水号 S1 与第 2 行重复' },
        { row: 5, message: '有 6 列，应为 7 列（与第 1 行的列名一致）' },
        { row: 6, message: '缺少项目名称' },
        { row: 6, message: '数量“-1”不是有效数字（不能为负，最多4位小数）' },
        { row: 6, message: '单价“abc”不是有效金额（不能为负，最多6位小数）' },
      ],
    });
  });

  it('refuses a bad header: unknown, repeated or missing columns', () => {
    expect(readBillFile('med_list_codg,name,cnt,price,name\nA,a,1,1,a\n', keys())).toEqual({
      ok: false,
      errors: [
        {
          row: 1,
          message:
            '未知的列名“price”（可用的列：feedetl_sn,med_list_codg,medins_list_codg,name,cnt,pric,det_item_fee_sumamt）',
        },
        { row: 1, message: '列名“name”出现了两次' },
        { row: 1, message: '缺少列“medins_list_codg”（院内编码）' },
        { row: 1, message: '缺少列“pric”（单价）' },
      ],
    });
  });

  it('refuses an empty file and a header without lines', () => {
    expect(readBillFile('\uFEFF\r\n', keys())).toMatchObject({ ok: false, errors: [{ row: null }] });
    expect(readBillFile(`${HEADER}\n`, keys())).toMatchObject({
      ok: false,
      errors: [{ row: null, message: '文件中没有费用明细：列名行之后没有数据行。' }],
    });
  });
});

/** The detail/result files of docs/sandbox-policy.md §7 and the zip reader as pure functions, with fast-check round trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSingleTextEntry, writeSingleEntryZip, ZipError } from '../../sandbox/files/zip-archive';
import {
  compareDetail,
  DetailFileError,
  formatDetailFile,
  parseDetailFile,
  type DetailLine,
} from '../../sandbox/model/detail-file';

const line = fc.record({
  setl_id: fc.stringMatching(/^[0-9A-Z]{1,20}$/),
  mdtrt_id: fc.stringMatching(/^[0-9A-Z]{1,20}$/),
  psn_no: fc.stringMatching(/^[0-9A-Z]{1,20}$/),
  medfee_sumamt: fc.integer({ min: -1e11, max: 1e11 }),
  fund_pay_sumamt: fc.integer({ min: -1e11, max: 1e11 }),
  acct_pay: fc.integer({ min: -1e11, max: 1e11 }),
  refd_setl_flag: fc.constantFrom('0' as const, '1' as const),
});

describe('detail file', () => {
  it('round-trips every well-formed file (amounts in fen, exact)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(line, { selector: (l) => `${l.setl_id}/${l.refd_setl_flag}`, maxLength: 30 }),
        (lines: DetailLine[]) => {
          const back = parseDetailFile(formatDetailFile(lines));
          expect(back).toEqual(
            lines.map((l) => ({
              ...l,
              medfee_sumamt: l.medfee_sumamt || 0,
              fund_pay_sumamt: l.fund_pay_sumamt || 0,
              acct_pay: l.acct_pay || 0,
            })),
          );
        },
      ),
    );
  });

  it('names the first bad line', () => {
    expect(() => parseDetailFile('A\tB\tC\t1.00\t0.00\t0.00\t0\nA\tB\tC\t1.00\t0.00\t0.00\t0\n')).toThrow(
      '第2行：同一 setl_id 与 refd_setl_flag 重复',
    );
    expect(() => parseDetailFile('A\tB\tC\t1.00\t0.00\t0.00\n')).toThrow(DetailFileError);
    expect(() => parseDetailFile('A\tB\tC\t1.00\t0.00\t0.00\t2\n')).toThrow('第1行：refd_setl_flag 应为 0 或 1');
  });

  it('compares by setl_id + flag: 0 equal, 1 platform only, 2 file only, 3 amounts differ', () => {
    const p = (setl: string, flag: '0' | '1', fen: number) => ({
      setl_id: setl,
      mdtrt_id: 'M',
      psn_no: 'P',
      medfee_sumamt: fen,
      fund_pay_sumamt: 0,
      acct_pay: 0,
      refd_setl_flag: flag,
      msgid: `m${setl}${flag}`,
    });
    const rows = compareDetail(
      [p('B', '0', 100), p('C', '0', 5), p('A', '0', 7)],
      [p('B', '1', -100), p('B', '0', 100), p('A', '0', 8)],
    );
    expect(rows.map((r) => [r.setl_id, r.refd_setl_flag, r.stmt_rslt, r.msgid, r.medfee_sumamt])).toEqual([
      ['A', '0', '3', 'mA0', 8],
      ['B', '0', '0', 'mB0', 100],
      ['B', '1', '1', 'mB1', -100],
      ['C', '0', '2', '', 5],
    ]);
  });
});

describe('zip reader', () => {
  it('reads back what the writer wrote, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(readSingleTextEntry(writeSingleEntryZip('a.txt', Buffer.from(bytes))).bytes).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses garbage, a corrupted CRC and an entry over the bound', () => {
    expect(() => readSingleTextEntry(Buffer.from('not a zip at all, just text'))).toThrow(ZipError);
    const zip = writeSingleEntryZip('a.txt', Buffer.from('hello hello hello'));
    const bad = Buffer.from(zip);
    const crcAt = bad.readUInt32LE(bad.length - 22 + 16) + 16; // the central directory's CRC field
    bad.writeUInt32LE((bad.readUInt32LE(crcAt) ^ 1) >>> 0, crcAt);
    expect(() => readSingleTextEntry(bad)).toThrow('zip 数据校验失败');
    expect(() => readSingleTextEntry(zip, 4)).toThrow('文件过大');
  });
});

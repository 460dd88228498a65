/** Catalog and mapping files read as sheet rows (over shared/csv) and sheet dates. */
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readCsvSheet } from '../../main/catalog/csv';
import { parseSheetDate } from '../../main/catalog/sheet-import';

const rows = (text: string) => {
  const r = readCsvSheet(text);
  if (!r.ok) throw new Error(r.problem.error);
  return r.rows.map((x) => [x.row, x.cells]);
};

describe('readCsvSheet', () => {
  it('reads plain, quoted and doubled-quote fields with CRLF and LF', () => {
    expect(rows('a,b,c\r\n1,"x, y","say ""hi"""\n2,,last\n')).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'say "hi"']],
      [3, ['2', '', 'last']],
    ]);
  });

  it('keeps a line break inside quotes in one row, and numbers rows as a sheet does (blank lines count)', () => {
    expect(rows('h1,h2\n"two\nlines",v\n\nafter,blank')).toEqual([
      [1, ['h1', 'h2']],
      [2, ['two\nlines', 'v']],
      [3, []],
      [4, ['after', 'blank']],
    ]);
  });

  it('drops a UTF-8 BOM and keeps a trailing empty field', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('编码,名称,\n')]);
    const text = decodeUtf8(bytes);
    expect(text).toBe('编码,名称,\n');
    expect(rows(text ?? '')).toEqual([[1, ['编码', '名称', '']]]);
  });

  it('refuses bytes that are not UTF-8 (a GBK file) and an unclosed quote', () => {
    expect(decodeUtf8(new Uint8Array([0xb1, 0xe0, 0xc2, 0xeb]))).toBeNull(); // "编码" in GBK
    const r = readCsvSheet('a,b\n1,"open\n2,3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.row).toBe(2);
  });
});

describe('parseSheetDate', () => {
  it('accepts the forms spreadsheets produce and refuses impossible dates', () => {
    expect(parseSheetDate('2026-02-28')).toBe('2026-02-28');
    expect(parseSheetDate('2026/2/8')).toBe('2026-02-08');
    expect(parseSheetDate('20261120')).toBe('2026-11-20');
    expect(parseSheetDate('2026-11-20 00:00:00')).toBe('2026-11-20');
    expect(parseSheetDate('2026-02-30')).toBeNull();
    expect(parseSheetDate('2026-13-01')).toBeNull();
    expect(parseSheetDate('20.11.2026')).toBeNull();
  });
});

/** The one RFC 4180 reader (shared/csv), used by bill files at the window and catalog/mapping imports: quotes, line breaks, BOM, errors by row. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '../../shared/csv';

const fieldsOf = (text: string): string[][] => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`unexpected error: row ${r.row} ${r.message}`);
  return r.records.map((x) => [...x.fields]);
};

describe('parseCsv', () => {
  it('splits plain fields and records on LF, CRLF and a lone CR', () => {
    expect(fieldsOf('a,b,c\n1,2,3\r\n4,5,6\r7,8,9')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
    ]);
  });

  it('does not start a record after the final line break, and keeps empty fields', () => {
    expect(fieldsOf('a,,c\r\n,,\r\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
    expect(fieldsOf('')).toEqual([]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(
      fieldsOf('name,cnt\n"对乙酰氨基酚片, 0.5g*12片",1\n"含""引号""的名称",2\n"两行\r\n名称",3\n""," x "'),
    ).toEqual([
      ['name', 'cnt'],
      ['对乙酰氨基酚片, 0.5g*12片', '1'],
      ['含"引号"的名称', '2'],
      ['两行\r\n名称', '3'],
      ['', ' x '],
    ]);
  });

  it('drops a leading byte-order mark only', () => {
    expect(fieldsOf('\uFEFFfeedetl_sn,name\n1,\uFEFFx')).toEqual([
      ['feedetl_sn', 'name'],
      ['1', '\uFEFFx'],
    ]);
  });

  it('numbers records as a spreadsheet does, a quoted line break staying in one record', () => {
    const r = parseCsv('h1,h2\n"a\nb",c\n\nd,e\n');
    expect(r.ok && r.records.map((x) => x.row)).toEqual([1, 2, 3, 4]);
    expect(r.ok && r.records[2]?.fields).toEqual(['']);
  });

  it('refuses a stray quote, text after a closing quote and an unclosed quote, naming the row', () => {
    expect(parseCsv('a,b\n1,2"3\n')).toMatchObject({ ok: false, row: 2 });
    expect(parseCsv('a,b\n1,2\n"x"y,3\n')).toMatchObject({ ok: false, row: 3 });
    const open = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(open).toMatchObject({ ok: false, row: 3 });
    expect(!open.ok && open.message).toContain('引号没有闭合');
  });

  it('reads back any table written by the RFC 4180 rules (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '药', ',', '"', '\n', '\r', ' ', '1', '.'), maxLength: 8 });
    const table = fc
      .integer({ min: 1, max: 5 })
      .chain((cols) => fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 6 }));
    const quote = (f: string): string => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), (rows, eol, bom) => {
        const text = (bom ? '\uFEFF' : '') + rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
        expect(fieldsOf(text)).toEqual(rows);
      }),
    );
  });

  it('refuses a record longer than maxRecordChars at its row; the line break does not count', () => {
    expect(parseCsv('ab,c\nabcd\n', { maxRecordChars: 4 })).toMatchObject({ ok: true });
    const long = parseCsv('ab,c\nabcde\nx\n', { maxRecordChars: 4 });
    expect(long).toEqual({ ok: false, row: 2, message: '这一行超过 4 个字符的上限（可能是缺少结束的双引号）' });
    // An unclosed quote swallowing the file stops at the bound, at the row where the quote began.
    expect(parseCsv(`a\n"${'x\n'.repeat(1000)}`, { maxRecordChars: 50 })).toMatchObject({ ok: false, row: 2 });
  });

  it('refuses a record with more than maxFields fields, naming the column', () => {
    expect(parseCsv('a,b,c\n', { maxFields: 3 })).toMatchObject({ ok: true });
    expect(parseCsv('a,b\n1,2,3,4\n', { maxFields: 3 })).toEqual({
      ok: false,
      row: 2,
      message: '第 4 列超过 3 列的上限；请删除多余的列（只需要表头中列出的列）',
    });
  });

  it('lets onRecord refuse the file at a record or stop reading early', () => {
    const seen: number[] = [];
    const refused = parseCsv('h\n1\n2\n3\n', {
      onRecord: (r) => (seen.push(r.row), r.row === 3 ? '太多行' : undefined),
    });
    expect(refused).toEqual({ ok: false, row: 3, message: '太多行' });
    expect(seen).toEqual([1, 2, 3]);
    const stopped = parseCsv('h\n1\n"never closed', { onRecord: () => 'stop' });
    expect(stopped).toEqual({ ok: true, records: [{ row: 1, fields: ['h'] }] });
  });

  it('bounds that are not reached change nothing (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '药'), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        expect(parseCsv(t, { maxRecordChars: 1000, maxFields: 1000, onRecord: () => undefined })).toEqual(parseCsv(t));
      }),
    );
  });
});

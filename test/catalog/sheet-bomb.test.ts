/**
 * No spreadsheet bomb (issue 13 item 2): a tiny XLSX claiming a huge grid, a ZIP whose entries lie
 * about their size, too many rows, columns or parts, and over-long CSV records are all refused
 * quickly, at the row that passes the cap, with a plain Chinese message naming the limit. The
 * memory cases run in a child process with a 256 MB heap, so a regression fails the test instead of
 * the machine; the HTTP case checks that the server answers health while a large sheet imports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvSheet } from '../../main/catalog/csv';
import { MAPPING_COLUMNS, readSheet } from '../../main/catalog/sheet-import';
import { SHEET_LIMITS, XLSX_ZIP_LIMITS, type SheetLimits } from '../../main/catalog/sheet-limits';
import { readXlsx } from '../../main/catalog/xlsx';
import { REPO_ROOT } from '../support/sandbox-process';
import { columnName, mappingRows, sheetXmlOf, xlsxOfRows, xlsxOfSheetXml, zipOf } from '../support/xlsx-builder';
import { catalogEnv, removeDir, type CatalogEnv } from './catalog-env';

const INVALID = '不是有效的 XLSX 文件';
let dir = '';
let env: CatalogEnv;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sheet-bomb-'));
  env = catalogEnv();
});
afterAll(() => {
  env?.close();
  if (env) removeDir(env.dir);
  rmSync(dir, { recursive: true, force: true });
});

/** The file: cells only at A1 (or a whole good header in row 1) and XFD1048576, about 1.5 KB. */
async function excelBomb(fullHeader: boolean): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('对照');
  if (fullHeader) ws.addRow(MAPPING_COLUMNS.map((c) => c.key));
  else ws.getCell('A1').value = 'medins_list_codg';
  ws.getCell('XFD1048576').value = 'x';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Runs the child reader on `bytes` with a 256 MB heap; returns its JSON line and exit status. */
function inSmallHeap(bytes: Uint8Array, name: string, format: 'xlsx' | 'csv' = 'xlsx') {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=256', '--import', 'tsx', 'test/catalog/sheet-bomb-child.ts', file, format, 'mapping'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return {
    status: r.status,
    signal: r.signal,
    stderr: r.stderr,
    report: line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : null,
  };
}

describe('XLSX bombs are refused at the row that passes a cap', () => {
  it('the A1 + XFD1048576 file: the header is checked first, nothing past row 1 is read', async () => {
    const bytes = await excelBomb(false);
    expect(bytes.byteLength).toBeLessThan(10_000);
    expect(await readSheet('xlsx', bytes, MAPPING_COLUMNS)).toEqual({
      ok: true,
      rows: [{ row: 1, cells: ['medins_list_codg'] }],
    });
    const answer = await env.service.importMappings('xlsx', bytes);
    expect(answer).toMatchObject({
      imported: 0,
      rejected: [
        { row: 1, field: 'med_list_codg' },
        { row: 1, field: 'begndate' },
      ],
    });
    const child = inSmallHeap(bytes, 'bomb-a1.xlsx');
    expect(child.status).toBe(0);
    expect(child.report).toMatchObject({ alive: true, outcome: { rows: 1 } });
  });

  it('with a good header: refused at row 1048576 naming the row limit, in a 256 MB heap, the process alive', async () => {
    const bytes = await excelBomb(true);
    expect(bytes.byteLength).toBeLessThan(10_000);
    const direct = await readSheet('xlsx', bytes, MAPPING_COLUMNS);
    expect(direct).toEqual({
      ok: false,
      problem: { row: 1_048_576, error: expect.stringContaining(`${SHEET_LIMITS.maxRows} 行的上限`) },
    });

    const child = inSmallHeap(bytes, 'bomb.xlsx');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(child.report).toMatchObject({ alive: true, outcome: { refused: { row: 1_048_576 } } });
    expect(child.report?.peakHeapMb).toBeLessThan(200);
  });

  it('a cell past the column cap (XFD1) is refused at its row, naming the column limit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 'medins_list_codg';
    ws.getCell('XFD1').value = 'x';
    const r = await readSheet('xlsx', new Uint8Array(await wb.xlsx.writeBuffer()), MAPPING_COLUMNS);
    expect(r).toEqual({
      ok: false,
      problem: { row: 1, error: expect.stringContaining(`第 16384 列超过 ${SHEET_LIMITS.maxColumns} 列的上限`) },
    });
  });

  it('a wide sheet (200 × 1,000) is refused at row 1, in a 256 MB heap', () => {
    const rows = Array.from({ length: 200 }, (_, i) => Array.from({ length: 1000 }, (_, j) => `${i}-${j}`));
    const child = inSmallHeap(xlsxOfRows(rows), 'wide.xlsx');
    expect(child.status).toBe(0);
    expect(child.report).toMatchObject({
      alive: true,
      outcome: { refused: { row: 1, error: expect.stringContaining(`第 ${SHEET_LIMITS.maxColumns + 1} 列`) } },
    });
  });

  it('the header is checked first: a wrong header stops the reading after row 1', async () => {
    const rows = [['a', 'b', 'c'], ...Array.from({ length: 5000 }, (_, i) => [`x${i}`, 'y', 'z'])];
    const r = await readSheet('xlsx', xlsxOfRows(rows), MAPPING_COLUMNS);
    expect(r.ok && r.rows.length).toBe(1);
    const answer = await env.service.importMappings('xlsx', xlsxOfRows(rows));
    expect(answer.imported).toBe(0);
    expect(answer.rejected.map((x) => x.field)).toEqual(['medins_list_codg', 'med_list_codg', 'begndate']);
    expect(answer.rejected.every((x) => x.row === 1)).toBe(true);
  });

  it('row and cell caps apply to a file with a good header; rows below the caps read', async () => {
    const limits: SheetLimits = { maxRows: 10, maxColumns: 5, maxCells: 100, maxRecordChars: 100 };
    expect(await readXlsx(xlsxOfRows(mappingRows(9)), { limits })).toMatchObject({ ok: true, rows: { length: 10 } });
    expect(await readXlsx(xlsxOfRows(mappingRows(10)), { limits })).toEqual({
      ok: false,
      problem: { row: 11, error: expect.stringContaining('10 行的上限') },
    });
    const cells = await readXlsx(xlsxOfRows(mappingRows(8)), { limits: { ...limits, maxCells: 20 } });
    // Header 5 cells, then 4 per row (enddate empty): the 21st cell is in row 5.
    expect(cells).toMatchObject({ ok: false, problem: { row: 5, error: expect.stringContaining('20 个的上限') } });
  });

  it('a large valid sheet (20,000 rows) reads in a 256 MB heap', () => {
    const child = inSmallHeap(xlsxOfRows(mappingRows(20_000)), 'large.xlsx');
    expect(child.status).toBe(0);
    expect(child.report).toMatchObject({ alive: true, outcome: { imported: 20_000 } });
  });
});

describe('ZIP bombs are refused before or while inflating', () => {
  it('an entry that inflates past its declared size is refused as an invalid file, in a 256 MB heap', () => {
    // 3 MB of rows declared as 2 KB: the reader stops at 2 KB + one chunk.
    const xml = sheetXmlOf(mappingRows(20_000));
    const bytes = xlsxOfSheetXml(xml, { declaredSize: 2048 });
    expect(bytes.byteLength).toBeLessThan(xml.length / 10);
    const child = inSmallHeap(bytes, 'liar.xlsx');
    expect(child.status).toBe(0);
    expect(child.report).toMatchObject({
      alive: true,
      outcome: { refused: { row: 1, error: expect.stringContaining(INVALID) } },
    });
  });

  it('an entry declared past the cap is refused from the directory alone', async () => {
    const bytes = xlsxOfSheetXml(sheetXmlOf([['a']]), { declaredSize: XLSX_ZIP_LIMITS.maxEntryBytes + 1 });
    expect(await readSheet('xlsx', bytes)).toEqual({
      ok: false,
      problem: { row: 1, error: expect.stringContaining(`${XLSX_ZIP_LIMITS.maxEntryBytes / 1024 / 1024} MB 的上限`) },
    });
  });

  it('too many parts, and a sum of parts past the cap, are refused', async () => {
    const many = zipOf(
      Array.from({ length: XLSX_ZIP_LIMITS.maxEntries + 1 }, (_, i) => ({
        name: `p${i}.xml`,
        data: Buffer.from('<a/>'),
        stored: true,
      })),
    );
    expect(await readSheet('xlsx', many)).toEqual({
      ok: false,
      problem: { row: 1, error: expect.stringContaining(`${XLSX_ZIP_LIMITS.maxEntries} 个的上限`) },
    });
    const half = XLSX_ZIP_LIMITS.maxEntryBytes;
    const sum = zipOf([0, 1, 2].map((i) => ({ name: `p${i}.xml`, data: Buffer.from('<a/>'), declaredSize: half })));
    expect(await readSheet('xlsx', sum)).toEqual({
      ok: false,
      problem: { row: 1, error: expect.stringContaining(`${XLSX_ZIP_LIMITS.maxTotalBytes / 1024 / 1024} MB 的上限`) },
    });
  });

  it('not a zip, a truncated zip and corrupt deflate data are invalid files, never a crash', async () => {
    const good = xlsxOfRows(mappingRows(3));
    expect(await readSheet('xlsx', new TextEncoder().encode('not a zip at all'))).toMatchObject({
      ok: false,
      problem: { error: expect.stringContaining(INVALID) },
    });
    expect(await readSheet('xlsx', good.subarray(0, good.length - 30))).toMatchObject({
      ok: false,
      problem: { error: expect.stringContaining(INVALID) },
    });
    const corrupt = Buffer.from(good);
    const at = corrupt.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    corrupt.fill(0xff, at, at + 40);
    expect(await readSheet('xlsx', corrupt)).toMatchObject({
      ok: false,
      problem: { error: expect.stringContaining(INVALID) },
    });
  });
});

describe('CSV caps', () => {
  const limits: SheetLimits = { maxRows: 5, maxColumns: 4, maxCells: 1000, maxRecordChars: 50 };

  it('rows, fields and record length past the caps are refused at their row, naming the limit', () => {
    expect(readCsvSheet('a\nb\nc\nd\ne\n', { limits })).toMatchObject({ ok: true, rows: { length: 5 } });
    expect(readCsvSheet('a\nb\nc\nd\ne\nf\n', { limits })).toEqual({
      ok: false,
      problem: { row: 6, error: expect.stringContaining('5 行的上限') },
    });
    expect(readCsvSheet('a,b\n1,2,3,4,5\n', { limits })).toEqual({
      ok: false,
      problem: { row: 2, error: expect.stringContaining('4 列的上限') },
    });
    expect(readCsvSheet(`a\n${'x'.repeat(60)}\n`, { limits })).toEqual({
      ok: false,
      problem: { row: 2, error: expect.stringContaining('50 个字符的上限') },
    });
    // An unclosed quote swallowing the file is stopped at the record cap, at the row where it opened.
    expect(readCsvSheet(`a\n"${'y\n'.repeat(40)}"\n`, { limits })).toEqual({
      ok: false,
      problem: { row: 2, error: expect.stringContaining('50 个字符的上限') },
    });
  });

  it('the default caps hold for the import: 101 columns are refused at row 1', async () => {
    const header = Array.from({ length: SHEET_LIMITS.maxColumns + 1 }, (_, i) => columnName(i + 1)).join(',');
    const r = await env.service.importMappings('csv', new TextEncoder().encode(`${header}\n`));
    expect(r).toMatchObject({
      imported: 0,
      rejected: [{ row: 1, error: expect.stringContaining(`${SHEET_LIMITS.maxColumns} 列的上限`) }],
    });
  });

  it('the header is checked first in CSV too', () => {
    const r = readCsvSheet(`x,y\n${'1,2\n'.repeat(1000)}`, { acceptHeader: () => false });
    expect(r).toMatchObject({ ok: true, rows: { length: 1 } });
  });
});

/**
 * A large spreadsheet import does not stop the adapter (issue 13 item 2): the real `serve` process
 * reads a 40,000-row mapping XLSX as a stream while the test keeps asking for health; health is
 * answered while the import is still running, and the import itself completes. The bomb
 * file, sent over HTTP, is refused with a row-numbered answer and the server still answers.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIS_TOKEN, startSettlementEnv, type SettlementEnv } from './settlement-env';
import { mappingRows, xlsxOfRows } from '../support/xlsx-builder';

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv();
});
afterAll(async () => {
  await env?.close();
});

async function importXlsx(bytes: Uint8Array): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${env.serve.found.api}/api/v1/mappings/import?format=xlsx`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${HIS_TOKEN}` },
    body: Buffer.from(bytes),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the HIS API while a spreadsheet is imported', () => {
  it('answers health while a 40,000-row mapping file is being read, and the import completes', async () => {
    const bytes = xlsxOfRows(mappingRows(40_000));
    let importDone = false;
    const importing = importXlsx(bytes).finally(() => {
      importDone = true;
    });
    let answeredDuringImport = 0;
    while (!importDone) {
      const h = await fetch(`${env.serve.found.api}/api/v1/health`);
      await h.arrayBuffer();
      expect(h.status).toBe(200);
      if (!importDone) answeredDuringImport++;
    }
    const done = await importing;
    expect(done).toMatchObject({ status: 200, body: { imported: 40_000, rejected: [] } });
    expect(answeredDuringImport).toBeGreaterThan(0);
  });

  it('refuses the A1 + XFD1048576 file (with a good header) at row 1048576 and keeps answering', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('对照');
    ws.addRow(['medins_list_codg', 'medins_list_name', 'med_list_codg', 'begndate', 'enddate']);
    ws.getCell('XFD1048576').value = 'x';
    const r = await importXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r).toMatchObject({
      status: 200,
      body: { imported: 0, rejected: [{ row: 1_048_576, error: expect.stringContaining('200000 行的上限') }] },
    });
    expect((await fetch(`${env.serve.found.api}/api/v1/health`)).status).toBe(200);
  });
});

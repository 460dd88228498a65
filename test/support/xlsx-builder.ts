/**
 * Hand-made ZIP and XLSX files for the spreadsheet-bomb tests: a ZIP writer that can lie about an
 * entry's uncompressed size, and a minimal XLSX (one sheet, inline strings) built from rows of
 * text or from raw sheet XML. Writing the XML by hand makes large sheets in milliseconds, where
 * exceljs would take seconds.
 */
import { deflateRawSync } from 'node:zlib';

/** One file of a hand-made ZIP. */
export interface ZipFile {
  readonly name: string;
  readonly data: Buffer;
  /** Uncompressed size to declare instead of the true one (a lying header). */
  readonly declaredSize?: number;
  /** Store instead of deflate. */
  readonly stored?: boolean;
}

/** Builds a ZIP (deflated entries, CRC left 0: the reader under test does not check it). */
export function zipOf(files: readonly ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const body = f.stored ? f.data : deflateRawSync(f.data);
    const size = f.declaredSize ?? f.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(f.stored ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(f.stored ? 0 : 8, 10);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** Escapes text for XML. */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Column letters of a 1-based column number (1 → A, 16384 → XFD). */
export function columnName(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** The sheet XML of rows of inline-string cells (row i is sheet row i + 1). */
export function sheetXmlOf(rows: readonly (readonly string[])[]): string {
  const body = rows.map(
    (cells, i) =>
      `<row r="${i + 1}">${cells.map((c, j) => `<c r="${columnName(j + 1)}${i + 1}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('')}</row>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body.join('')}</sheetData></worksheet>`;
}

/** A minimal XLSX around `sheetXml`; `sheet` overrides the sheet entry (to lie about its size). */
export function xlsxOfSheetXml(sheetXml: string, sheet: Partial<ZipFile> = {}): Buffer {
  return zipOf([
    { name: 'xl/workbook.xml', data: Buffer.from(WORKBOOK) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(RELS) },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml), ...sheet },
  ]);
}

/** A minimal XLSX of rows of text. */
export function xlsxOfRows(rows: readonly (readonly string[])[]): Buffer {
  return xlsxOfSheetXml(sheetXmlOf(rows));
}

/** A valid mapping sheet of `n` data rows (header first). */
export function mappingRows(n: number): string[][] {
  const rows = [['medins_list_codg', 'medins_list_name', 'med_list_codg', 'begndate', 'enddate']];
  for (let i = 1; i <= n; i++) rows.push([`H-${i}`, `院内项目${i}`, `N-${i}`, '2020-01-01', '']);
  return rows;
}

/**
 * Child process of `sheet-bomb.test.ts`: reads one file as a mapping (or catalog) import would —
 * `readSheet` with the header spec, then the row validation — and prints one JSON line with the
 * outcome and the peak heap and RSS it saw. Run with a small heap (`--max-old-space-size=256`):
 * a reader that materialises the sheet's claimed grid dies here instead of passing.
 */
import { readFileSync } from 'node:fs';
import {
  ITEM_COLUMNS,
  MAPPING_COLUMNS,
  readSheet,
  validateItemRows,
  validateMappingRows,
  type SheetFormat,
} from '../../main/catalog/sheet-import';

const [file, format, kind] = process.argv.slice(2) as [string, SheetFormat, 'mapping' | 'catalog'];
let peakHeap = 0;
let peakRss = 0;
const sample = (): void => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
};
const timer = setInterval(sample, 10);

async function main(): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const sheet = await readSheet(format, bytes, kind === 'mapping' ? MAPPING_COLUMNS : ITEM_COLUMNS);
  sample();
  let outcome: unknown;
  if (!sheet.ok) outcome = { refused: sheet.problem };
  else {
    const v = kind === 'mapping' ? validateMappingRows(sheet.rows, 0) : validateItemRows(sheet.rows);
    outcome = v.ok ? { imported: v.rows.length } : { rejected: v.rejected.slice(0, 5), rows: sheet.rows.length };
  }
  sample();
  clearInterval(timer);
  process.stdout.write(
    `${JSON.stringify({ outcome, peakHeapMb: Math.round(peakHeap / 1048576), peakRssMb: Math.round(peakRss / 1048576), alive: true })}\n`,
  );
}

void main();

/**
 * Local payment scope speed (local-payment-scope issue), each figure beside a bare baseline
 * measured in the same run on the same machine, and their ratio:
 *
 * - split preview of a 10,000-line inpatient bill (goal ≤ 30 ms): `previewBill` (mapping, catalog
 *   lookup by fee date, split, attention flags, totals, D-16 categories) against a plain loop over
 *   the same lines that only parses, checks and splits each line with the shared functions. A
 *   worst case where no two lines share a price is printed too;
 * - catalog import of 100,000 items (goal ≤ 3 s): `CatalogService.importCatalog` of a CSV file
 *   (decode, parse, validate every row, one transaction into a file DB with WAL and
 *   synchronous=FULL) against raw prepared INSERTs of the same rows in one transaction.
 *
 * Prints figures only; no pass/fail on speed. Run alone: `npx tsx bench/catalog-bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Money } from '../shared/money';
import { lineAmountMatches, splitFeeLine, type ChrgitmLv } from '../shared/fee-split';
import { openSqlite } from '../main/store/sqlite-database';
import { migrate } from '../main/store/migrations/run-migrations';
import { SqliteCatalogRepository } from '../main/store/catalog-repository';
import type { CatalogItemRecord, CatalogScopeSnapshot, MappingRecord } from '../main/store/ports/catalog';
import { buildCatalogIndex } from '../main/catalog/catalog-index';
import { previewBill, type PreviewLineInput } from '../main/catalog/preview-bill';
import { CatalogService } from '../main/catalog/catalog-service';
import type { UpstreamClient } from '../main/upstream/ports';

/** Lines of the benchmark bill. */
export const BENCH_BILL_LINES = 10_000;
/** Items of the benchmark catalog file. */
export const BENCH_IMPORT_ITEMS = 100_000;

const DATE = '2026-11-20';
const LVS: readonly ChrgitmLv[] = ['01', '02', '03'];

/** A deterministic pseudo-random sequence (no Math.random: runs are comparable). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A region catalog of `n` items: a third each 甲/乙/丙, half with a cap, 乙 with shares. */
function benchScope(n: number): CatalogScopeSnapshot {
  const items: CatalogItemRecord[] = [];
  const caps = [];
  const shares = [];
  for (let i = 0; i < n; i++) {
    const key = {
      med_list_codg: `N${String(i).padStart(8, '0')}`,
      insu_admdvs: '410200',
      begndate: '2020-01-01',
      enddate: null,
      updt_time: null,
    };
    const lv = LVS[i % 3] as ChrgitmLv;
    items.push({ ...key, name: `项目${i}`, med_chrgitm_type: String(1 + (i % 14)).padStart(2, '0'), chrgitm_lv: lv });
    if (i % 2 === 0) caps.push({ ...key, pric_uplmt_e6: (20 + (i % 200)) * 1_000_000 });
    if (lv === '02') shares.push({ ...key, selfpay_prop_e4: 500 + 500 * (i % 4) });
  }
  return { version: 1, items, caps, shares };
}

/**
 * A 30-day inpatient bill: each day repeats the patient's orders (bed, nursing, drugs, tests) at
 * the same prices, with some daily variation; most lines carry the hospital code only (mapping).
 */
function inpatientBill(lines: number, distinctPrices: boolean): PreviewLineInput[] {
  const rnd = lcg(20261120);
  const orders = Array.from({ length: 420 }, (_, k) => ({
    code: k * 7,
    priceFen: 50 + Math.floor(rnd() * 60_000),
  }));
  const out: PreviewLineInput[] = [];
  for (let i = 0; i < lines; i++) {
    const day = 1 + Math.floor((i * 30) / lines);
    const o = orders[Math.floor(rnd() * orders.length)] as { code: number; priceFen: number };
    const priceFen = distinctPrices ? 50 + i * 3 : o.priceFen;
    const cnt = 1 + Math.floor(rnd() * 3);
    const amountFen = priceFen * cnt;
    const code = `N${String(o.code).padStart(8, '0')}`;
    out.push({
      feedetl_sn: `F${i}`,
      medins_list_codg: `H${o.code}`,
      ...(i % 5 === 0 ? { med_list_codg: code } : {}),
      cnt: String(cnt),
      pric: fen(priceFen),
      det_item_fee_sumamt: fen(amountFen),
      fee_ocur_time: `2026-11-${String(day).padStart(2, '0')} 08:00:00`,
    });
  }
  return out;
}

/** A timing rounded for printing (timings are floats; no money here). */
function round(x: number, places: number): string {
  const k = 10 ** places;
  return String(Math.round(x * k) / k);
}

function fen(f: number): string {
  return `${Math.trunc(f / 100)}.${String(f % 100).padStart(2, '0')}`;
}

/** Median of `runs` timings of `fn` after `warm` warm-up calls, ms. */
function median(fn: () => void, runs = 11, warm = 3): number {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)] ?? 0;
}

function previewFigures(distinct: boolean): { preview: number; bare: number } {
  const scope = benchScope(3000);
  const mappings: MappingRecord[] = Array.from({ length: 3000 }, (_, k) => ({
    medins_list_codg: `H${k}`,
    medins_list_name: `院内${k}`,
    med_list_codg: `N${String(k).padStart(8, '0')}`,
    begndate: '2020-01-01',
    enddate: null,
    source: 'file',
    updated_at: 0,
  }));
  const index = buildCatalogIndex(scope, { mapping_version: 1, mappings });
  const bill = inpatientBill(BENCH_BILL_LINES, distinct);
  // Bare baseline: the same lines through the shared check and split only, items from a plain Map.
  const plain = new Map<string, ReturnType<typeof index.findItem>>();
  for (const l of bill) {
    const code = l.med_list_codg ?? index.mapCode(l.medins_list_codg, DATE);
    if (code !== null && code !== undefined) plain.set(l.medins_list_codg, index.findItem(code, DATE));
  }
  let sink = 0;
  const bare = median(() => {
    for (const l of bill) {
      const input = {
        cnt: new Money(l.cnt),
        pric: new Money(l.pric),
        det_item_fee_sumamt: new Money(l.det_item_fee_sumamt),
      };
      if (!lineAmountMatches(input)) throw new Error('bench bill has a bad amount');
      sink += splitFeeLine(input, plain.get(l.medins_list_codg) ?? null).inscp_scp_amt.isZero() ? 0 : 1;
    }
  });
  const preview = median(() => {
    sink += previewBill(bill, DATE, index).lines.length;
  });
  if (sink < 0) throw new Error('unreachable');
  return { preview, bare };
}

function catalogCsv(n: number): Uint8Array {
  const rows = ['med_list_codg,name,med_chrgitm_type,chrgitm_lv,selfpay_prop,pric_uplmt_amt,begndate,enddate'];
  for (let i = 0; i < n; i++) {
    const lv = LVS[i % 3] as ChrgitmLv;
    rows.push(
      [
        `N${String(i).padStart(8, '0')}`,
        `"项目 ${i}, 规格${i % 10}"`,
        String(1 + (i % 14)).padStart(2, '0'),
        lv,
        lv === '02' ? '0.10' : '0.00',
        i % 2 === 0 ? `${20 + (i % 200)}.000000` : '',
        '2020-01-01',
        i % 10 === 0 ? '2030-12-31' : '',
      ].join(','),
    );
  }
  return new TextEncoder().encode(`\ufeff${rows.join('\r\n')}\r\n`);
}

async function importFigures(n: number): Promise<{ service: number; raw: number; imported: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'yidi-catalog-bench-'));
  const serviceDb = openSqlite(join(dir, 'service.db'));
  const rawDb = openSqlite(join(dir, 'raw.db'));
  try {
    migrate(serviceDb);
    migrate(rawDb);
    const csv = catalogCsv(n);
    const upstream: UpstreamClient = {
      call: async () => {
        throw new Error('no upstream in the bench');
      },
      signIn: async () => {},
      status: () => ({ lastSuccessAt: null, lastFailureAt: null, signInAt: null, signedIn: false }),
    };
    const service = new CatalogService({
      repo: new SqliteCatalogRepository(serviceDb),
      upstream,
      clock: { now: () => Date.now() },
    });
    const t0 = performance.now();
    const result = await service.importCatalog('csv', csv);
    const serviceMs = performance.now() - t0;
    if (result.imported !== n) throw new Error(`bench import rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);

    // Raw: the same rows, already split into values, as plain INSERTs in one transaction.
    const values = Array.from({ length: n }, (_, i) => {
      const lv = LVS[i % 3] as ChrgitmLv;
      return {
        code: `N${String(i).padStart(8, '0')}`,
        name: `项目 ${i}, 规格${i % 10}`,
        type: String(1 + (i % 14)).padStart(2, '0'),
        lv,
        cap: i % 2 === 0 ? (20 + (i % 200)) * 1_000_000 : null,
        share: lv === '02' ? 1000 : 0,
        end: i % 10 === 0 ? '2030-12-31' : null,
      };
    });
    const item =
      rawDb.prepare(`INSERT INTO catalog_items (med_list_codg, insu_admdvs, begndate, enddate, name, med_chrgitm_type, chrgitm_lv, source, updt_time, version)
      VALUES (?, '', '2020-01-01', ?, ?, ?, ?, 'file', NULL, 1)`);
    const cap =
      rawDb.prepare(`INSERT INTO catalog_caps (med_list_codg, insu_admdvs, begndate, enddate, pric_uplmt_e6, source, updt_time, version)
      VALUES (?, '', '2020-01-01', ?, ?, 'file', NULL, 1)`);
    const share =
      rawDb.prepare(`INSERT INTO catalog_shares (med_list_codg, insu_admdvs, begndate, enddate, selfpay_prop_e4, source, updt_time, version)
      VALUES (?, '', '2020-01-01', ?, ?, 'file', NULL, 1)`);
    const t1 = performance.now();
    rawDb
      .transaction(() => {
        for (const v of values) {
          item.run(v.code, v.end, v.name, v.type, v.lv);
          cap.run(v.code, v.end, v.cap);
          share.run(v.code, v.end, v.share);
        }
      })
      .immediate();
    const rawMs = performance.now() - t1;
    return { service: serviceMs, raw: rawMs, imported: result.imported };
  } finally {
    serviceDb.close();
    rawDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs both measurements and returns the printed lines. */
export async function runCatalogBench(): Promise<string[]> {
  const typical = previewFigures(false);
  const worst = previewFigures(true);
  const imp = await importFigures(BENCH_IMPORT_ITEMS);
  const ms = (x: number) => `${round(x, 1)} ms`;
  const sec = (x: number) => `${round(x / 1000, 2)} s`;
  return [
    `catalog bench (preview: median of 11 runs; import: file DB, WAL, synchronous=FULL)`,
    `  split preview, ${BENCH_BILL_LINES.toLocaleString('en-US')}-line inpatient bill: ${ms(typical.preview)} (goal ≤ 30 ms)` +
      `  | bare loop (parse+check+split only): ${ms(typical.bare)}  | ratio ${(typical.preview / typical.bare).toPrecision(3)}`,
    `  split preview, same size, no two lines alike (worst case): ${ms(worst.preview)}` +
      `  | bare loop: ${ms(worst.bare)}  | ratio ${(worst.preview / worst.bare).toPrecision(3)}`,
    `  catalog import, ${imp.imported.toLocaleString('en-US')} items from CSV: ${sec(imp.service)} (goal ≤ 3 s)` +
      `  | raw INSERTs in one transaction: ${sec(imp.raw)}  | ratio ${(imp.service / imp.raw).toPrecision(3)}`,
    `  the preview computes each distinct (item, price, quantity) split once per bill, so it can beat the bare loop on a real bill`,
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runCatalogBench()) console.log(line);
}

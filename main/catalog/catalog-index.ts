/**
 * The in-memory index the split preview looks items up in (D-10, docs/sandbox-policy.md §3 step 2):
 * national code → its scope entries, most specific region first, newest period first; hospital
 * code → its mappings, newest period first. Built once per catalog and mapping version, so that a
 * 10,000-line bill costs one Map lookup and a few date comparisons per line and no allocation.
 *
 * 1318 caps and 1319 shares have periods of their own. They are merged onto the 1312 item rows
 * here: an item period is cut wherever a cap or share period starts or ends inside it, and each
 * piece becomes one {@link CatalogEntry} (a flat `ScopeItem` of shared/fee-split) with the cap and
 * share valid on that piece. Where several cap (or share) rows are valid on a day, the one with the
 * latest `begndate` wins.
 */
import type { Decimal } from 'decimal.js';
import { Money } from '../../shared/money';
import { addDays } from '../../shared/dates';
import { isItemValidOn, type ScopeItem } from '../../shared/fee-split';
import { regionCovers, regionSpecificity } from '../../shared/region';
import { MED_CHRGITM_TYPE, MED_CHRGITM_TYPE_OTHER, type MedChrgitmType } from '../../shared/dicts/med-chrgitm-type';
import type {
  CatalogCapRecord,
  CatalogItemRecord,
  CatalogScopeSnapshot,
  CatalogShareRecord,
  MappingRecord,
} from '../store/ports/catalog';

/** One scope entry: a piece of an item's period with the cap and share valid on it. */
export interface CatalogEntry extends ScopeItem {
  readonly name: string;
  /** Region of the catalog holding the item; `""` when a file did not say. */
  readonly insu_admdvs: string;
  /** The item's category for D-16 totals: `med_chrgitm_type` when it is 01–14, else `14`. */
  readonly category: MedChrgitmType;
  /** `selfpay_prop` as shown on the wire: 2 to 4 decimals (`"0.10"`, `"0.125"`). */
  readonly selfpay_prop_text: string;
  /** `pric_uplmt_amt` as shown on the wire (6 decimals), or null when the item has no cap. */
  readonly pric_uplmt_text: string | null;
}

/**
 * What `previewBill` needs of the catalog and the mapping. `date` is always `yyyy-MM-dd`.
 */
export interface CatalogLookup {
  /** The catalog version the lookup was built from (recorded with each preview). */
  readonly catalog_version: number;
  /** The mapping version the lookup was built from. */
  readonly mapping_version: number;
  /** The national code `medins_list_codg` maps to on `date`, or null (no mapping valid then). */
  mapCode(medins_list_codg: string, date: string): string | null;
  /** The scope entry of `med_list_codg` valid on `date`, or null (missing or outside validity). */
  findItem(med_list_codg: string, date: string): CatalogEntry | null;
}

/** Options of {@link buildCatalogIndex}. */
export interface CatalogIndexOptions {
  /**
   * The institution's region: rows of catalogs that do not cover it are left out
   * (docs/sandbox-policy.md §2). Rows without a region (`""`) are always kept.
   */
  readonly institutionAdmdvs?: string;
}

/** The built index; implements {@link CatalogLookup}. */
export class CatalogIndex implements CatalogLookup {
  constructor(
    readonly catalog_version: number,
    readonly mapping_version: number,
    private readonly items: ReadonlyMap<string, readonly CatalogEntry[]>,
    private readonly mappings: ReadonlyMap<string, readonly MappingRecord[]>,
  ) {}

  mapCode(medins_list_codg: string, date: string): string | null {
    const rows = this.mappings.get(medins_list_codg);
    if (rows === undefined) return null;
    for (const m of rows) if (isItemValidOn(m, date)) return m.med_list_codg;
    return null;
  }

  findItem(med_list_codg: string, date: string): CatalogEntry | null {
    const list = this.items.get(med_list_codg);
    if (list === undefined) return null;
    for (const e of list) if (isItemValidOn(e, date)) return e;
    return null;
  }

  /** True when the catalog holds `med_list_codg` in any period. */
  hasCode(med_list_codg: string): boolean {
    return this.items.has(med_list_codg);
  }

  /** Every national code with its entry valid on `date` (codes without one are skipped). */
  *validOn(date: string): IterableIterator<CatalogEntry> {
    for (const code of this.items.keys()) {
      const e = this.findItem(code, date);
      if (e !== null) yield e;
    }
  }

  /** Number of national codes held. */
  get codeCount(): number {
    return this.items.size;
  }
}

/**
 * Builds the index from a catalog snapshot and the mappings (which may be empty).
 * Pure; cost is linear in the rows plus a sort per code.
 */
export function buildCatalogIndex(
  scope: CatalogScopeSnapshot,
  mappings: { readonly mapping_version: number; readonly mappings: readonly MappingRecord[] } = {
    mapping_version: 0,
    mappings: [],
  },
  opts: CatalogIndexOptions = {},
): CatalogIndex {
  const keep = (admdvs: string): boolean =>
    admdvs === '' || opts.institutionAdmdvs === undefined || regionCovers(admdvs, opts.institutionAdmdvs);
  const capsByCode = groupByCode(scope.caps.filter((c) => keep(c.insu_admdvs)));
  const sharesByCode = groupByCode(scope.shares.filter((s) => keep(s.insu_admdvs)));
  const items = new Map<string, CatalogEntry[]>();
  const decimals = new DecimalCache();
  for (const item of scope.items) {
    if (!keep(item.insu_admdvs)) continue;
    const caps = ofRegion(capsByCode.get(item.med_list_codg), item.insu_admdvs);
    const shares = ofRegion(sharesByCode.get(item.med_list_codg), item.insu_admdvs);
    const list = items.get(item.med_list_codg);
    const pieces = entriesOf(item, caps, shares, decimals);
    if (list === undefined) items.set(item.med_list_codg, pieces);
    else list.push(...pieces);
  }
  // Most specific catalog first (docs/sandbox-policy.md §3 step 2), then the newest period.
  for (const list of items.values()) {
    list.sort((a, b) => specificity(b.insu_admdvs) - specificity(a.insu_admdvs) || compareDesc(a.begndate, b.begndate));
  }
  const maps = new Map<string, MappingRecord[]>();
  for (const m of mappings.mappings) {
    const list = maps.get(m.medins_list_codg);
    if (list === undefined) maps.set(m.medins_list_codg, [m]);
    else list.push(m);
  }
  for (const list of maps.values()) list.sort((a, b) => compareDesc(a.begndate, b.begndate));
  return new CatalogIndex(scope.version, mappings.mapping_version, items, maps);
}

/** A ratio in ten-thousandths as wire text with 2 to 4 decimals: 1000 → `"0.10"`, 1250 → `"0.125"`. */
export function ratioE4Text(e4: number): string {
  const frac = String(e4 % 10000)
    .padStart(4, '0')
    .replace(/0{1,2}$/, '');
  return `${Math.trunc(e4 / 10000)}.${frac}`;
}

/** A price in millionths of a yuan as wire text with 6 decimals: 25000000 → `"25.000000"`. */
export function priceE6Text(e6: number): string {
  return `${Math.trunc(e6 / 1_000_000)}.${String(e6 % 1_000_000).padStart(6, '0')}`;
}

// ── internals ──

interface Period {
  readonly begndate: string;
  readonly enddate: string | null;
}

function entriesOf(
  item: CatalogItemRecord,
  caps: readonly CatalogCapRecord[],
  shares: readonly CatalogShareRecord[],
  decimals: DecimalCache,
): CatalogEntry[] {
  // Cut the item's period where a cap or share period starts or ends inside it.
  const cuts = new Set<string>();
  const cutAt = (r: Period): void => {
    if (!overlaps(r, item)) return;
    if (r.begndate > item.begndate) cuts.add(r.begndate);
    if (r.enddate !== null && (item.enddate === null || r.enddate < item.enddate)) cuts.add(addDays(r.enddate, 1));
  };
  caps.forEach(cutAt);
  shares.forEach(cutAt);
  if (cuts.size === 0)
    return [entry(item, item, latestValid(caps, item.begndate), latestValid(shares, item.begndate), decimals)];
  const starts = [item.begndate, ...[...cuts].filter((d) => d > item.begndate).sort()];
  return starts.map((start, i) => {
    const next = starts[i + 1];
    const period: Period = { begndate: start, enddate: next === undefined ? item.enddate : addDays(next, -1) };
    return entry(item, period, latestValid(caps, start), latestValid(shares, start), decimals);
  });
}

/** Decimals of caps and shares, made once per distinct value (a catalog has few). */
class DecimalCache {
  private readonly caps = new Map<number, Decimal>();
  private readonly shares = new Map<number, Decimal>();

  cap(e6: number): Decimal {
    let d = this.caps.get(e6);
    if (d === undefined) {
      d = new Money(e6).dividedBy(1_000_000);
      this.caps.set(e6, d);
    }
    return d;
  }

  share(e4: number): Decimal {
    let d = this.shares.get(e4);
    if (d === undefined) {
      d = new Money(e4).dividedBy(10_000);
      this.shares.set(e4, d);
    }
    return d;
  }
}

const NONE: readonly never[] = [];

/** The rows of `rows` that apply to an item of region `admdvs`. */
function ofRegion<T extends { readonly insu_admdvs: string }>(
  rows: readonly T[] | undefined,
  admdvs: string,
): readonly T[] {
  if (rows === undefined) return NONE;
  return rows.every((r) => sameRegion(r.insu_admdvs, admdvs))
    ? rows
    : rows.filter((r) => sameRegion(r.insu_admdvs, admdvs));
}

function entry(
  item: CatalogItemRecord,
  period: Period,
  cap: CatalogCapRecord | null,
  share: CatalogShareRecord | null,
  decimals: DecimalCache,
): CatalogEntry {
  const capE6 = cap?.pric_uplmt_e6 ?? null;
  const shareE4 = share?.selfpay_prop_e4 ?? 0;
  return {
    med_list_codg: item.med_list_codg,
    name: item.name,
    insu_admdvs: item.insu_admdvs,
    med_chrgitm_type: item.med_chrgitm_type,
    category: Object.hasOwn(MED_CHRGITM_TYPE, item.med_chrgitm_type)
      ? (item.med_chrgitm_type as MedChrgitmType)
      : MED_CHRGITM_TYPE_OTHER,
    chrgitm_lv: item.chrgitm_lv,
    selfpay_prop: decimals.share(shareE4),
    pric_uplmt_amt: capE6 === null ? null : decimals.cap(capE6),
    begndate: period.begndate,
    enddate: period.enddate,
    selfpay_prop_text: ratioE4Text(shareE4),
    pric_uplmt_text: capE6 === null ? null : priceE6Text(capE6),
  };
}

/** Among `rows`, the one valid on `date` with the latest `begndate`, or null. */
function latestValid<T extends Period>(rows: readonly T[], date: string): T | null {
  let best: T | null = null;
  for (const r of rows) if (isItemValidOn(r, date) && (best === null || r.begndate > best.begndate)) best = r;
  return best;
}

function overlaps(a: Period, b: Period): boolean {
  const aEndsBeforeB = a.enddate !== null && a.enddate < b.begndate;
  const bEndsBeforeA = b.enddate !== null && b.enddate < a.begndate;
  return !aEndsBeforeB && !bEndsBeforeA;
}

function groupByCode<T extends { readonly med_list_codg: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.med_list_codg);
    if (list === undefined) m.set(r.med_list_codg, [r]);
    else list.push(r);
  }
  return m;
}

/** A cap or share row applies to an item of the same region, or when either side names none. */
function sameRegion(a: string, b: string): boolean {
  return a === b || a === '' || b === '';
}

/** Specificity of a catalog's region: county 2, city 1, province 0, none -1. */
function specificity(admdvs: string): number {
  return admdvs === '' ? -1 : regionSpecificity(admdvs);
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

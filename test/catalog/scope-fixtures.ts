/**
 * Small hand-made catalogs for the preview tests: items, caps and shares as the store holds them
 * (caps in millionths of a yuan, shares in ten-thousandths).
 */
import type {
  CatalogCapRecord,
  CatalogItemRecord,
  CatalogScopeSnapshot,
  CatalogShareRecord,
  MappingRecord,
} from '../../main/store/ports/catalog';
import type { ChrgitmLv } from '../../shared/fee-split';

/** A test item with optional cap (yuan text) and share (ratio text), on one period. */
export interface TestItem {
  readonly code: string;
  readonly type: string;
  readonly lv: ChrgitmLv;
  readonly share?: string;
  readonly cap?: string | null;
  readonly begndate?: string;
  readonly enddate?: string | null;
  readonly admdvs?: string;
  readonly name?: string;
}

/** Exact integer of a decimal text scaled by 10^places (test helper; no floats). */
export function scaled(text: string, places: number): number {
  const [int = '0', frac = ''] = text.split('.');
  return Number(`${int}${frac.padEnd(places, '0').slice(0, places)}`);
}

/** Builds a scope snapshot from test items (plus extra cap/share rows). */
export function scopeOf(
  items: readonly TestItem[],
  extra: { caps?: CatalogCapRecord[]; shares?: CatalogShareRecord[]; version?: number } = {},
): CatalogScopeSnapshot {
  const rows: CatalogItemRecord[] = [];
  const caps: CatalogCapRecord[] = [...(extra.caps ?? [])];
  const shares: CatalogShareRecord[] = [...(extra.shares ?? [])];
  for (const t of items) {
    const key = {
      med_list_codg: t.code,
      insu_admdvs: t.admdvs ?? '410200',
      begndate: t.begndate ?? '2020-01-01',
      enddate: t.enddate ?? null,
      updt_time: null,
    };
    rows.push({ ...key, name: t.name ?? `item ${t.code}`, med_chrgitm_type: t.type, chrgitm_lv: t.lv });
    if (t.cap !== undefined) caps.push({ ...key, pric_uplmt_e6: t.cap === null ? null : scaled(t.cap, 6) });
    if (t.share !== undefined) shares.push({ ...key, selfpay_prop_e4: scaled(t.share, 4) });
  }
  return { version: extra.version ?? 7, items: rows, caps, shares };
}

/** A mapping record. */
export function mapping(
  medins: string,
  national: string,
  begndate = '2020-01-01',
  enddate: string | null = null,
): MappingRecord {
  return {
    medins_list_codg: medins,
    medins_list_name: `院内 ${medins}`,
    med_list_codg: national,
    begndate,
    enddate,
    source: 'file',
    updated_at: 0,
  };
}

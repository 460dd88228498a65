/**
 * The mapping (目录对照) list for IT: every hospital code known (from mapping files and edits, and
 * from bills previewed without a mapping) with its state on a date. `unmapped` codes have no
 * mapping valid on the date and none that ended before it (never mapped, or mapped only from a
 * later date); `expired` codes had a mapping that ended before the date and have none valid on it.
 */
import { isItemValidOn } from '../../shared/fee-split';
import type { MappingRecord, MappingSnapshot } from '../store/ports/catalog';

/** State of a hospital code on a date. */
export type MappingState = 'mapped' | 'unmapped' | 'expired';

/** The `?state=` filter of `GET /api/v1/mappings`. */
export type MappingFilter = 'unmapped' | 'expired' | 'all';

/** One period of a mapping as listed. */
export interface MappingPeriod {
  readonly med_list_codg: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly source: 'file' | 'edit';
  /** Whether the local catalog holds the national code (any period); null when not checked. */
  readonly in_catalog: boolean | null;
}

/** One hospital code in the list. */
export interface MappingListEntry {
  readonly medins_list_codg: string;
  readonly medins_list_name: string;
  readonly state: MappingState;
  /** The national code valid on the date; for `expired`, the last one; else null. */
  readonly med_list_codg: string | null;
  readonly begndate: string | null;
  readonly enddate: string | null;
  /** Whether the local catalog holds `med_list_codg`; null when there is none or not checked. */
  readonly in_catalog: boolean | null;
  /** All periods, oldest first. */
  readonly periods: readonly MappingPeriod[];
  /** When the code was last seen on a bill without a mapping, epoch ms, or null. */
  readonly last_seen_at: number | null;
}

/**
 * Lists the hospital codes of `snapshot` in state `filter` on `date` (`yyyy-MM-dd`), sorted by
 * code. `hasCode` tells whether the local catalog holds a national code.
 */
export function listMappings(
  snapshot: MappingSnapshot,
  date: string,
  filter: MappingFilter,
  hasCode?: (med_list_codg: string) => boolean,
): MappingListEntry[] {
  const byCode = new Map<string, MappingRecord[]>();
  for (const m of snapshot.mappings) {
    const list = byCode.get(m.medins_list_codg);
    if (list === undefined) byCode.set(m.medins_list_codg, [m]);
    else list.push(m);
  }
  const seen = new Map(snapshot.hospital_items.map((h) => [h.medins_list_codg, h] as const));
  const codes = [...new Set([...byCode.keys(), ...seen.keys()])].sort();
  const out: MappingListEntry[] = [];
  for (const code of codes) {
    const rows = [...(byCode.get(code) ?? [])].sort((a, b) =>
      a.begndate < b.begndate ? -1 : a.begndate > b.begndate ? 1 : 0,
    );
    const entry = entryOf(code, rows, seen.get(code), date, hasCode);
    if (filter === 'all' || filter === entry.state) out.push(entry);
  }
  return out;
}

/** The state of one code's mappings (oldest first) on `date`, with the row that decides it. */
export function mappingStateOn(
  rows: readonly MappingRecord[],
  date: string,
): { state: MappingState; row: MappingRecord | null } {
  let valid: MappingRecord | null = null;
  let lastEnded: MappingRecord | null = null;
  for (const r of rows) {
    if (isItemValidOn(r, date) && (valid === null || r.begndate > valid.begndate)) valid = r;
    if (r.enddate !== null && r.enddate < date && (lastEnded === null || r.enddate > (lastEnded.enddate ?? '')))
      lastEnded = r;
  }
  if (valid !== null) return { state: 'mapped', row: valid };
  if (lastEnded !== null) return { state: 'expired', row: lastEnded };
  return { state: 'unmapped', row: null };
}

function entryOf(
  code: string,
  rows: readonly MappingRecord[],
  seen: { readonly medins_list_name: string; readonly last_seen_at: number } | undefined,
  date: string,
  hasCode: ((c: string) => boolean) | undefined,
): MappingListEntry {
  const { state, row } = mappingStateOn(rows, date);
  const inCatalog = (c: string): boolean | null => (hasCode === undefined ? null : hasCode(c));
  const latestName = [...rows].reverse().find((r) => r.medins_list_name !== '')?.medins_list_name;
  return {
    medins_list_codg: code,
    medins_list_name: row?.medins_list_name || latestName || seen?.medins_list_name || '',
    state,
    med_list_codg: row?.med_list_codg ?? null,
    begndate: row?.begndate ?? null,
    enddate: row?.enddate ?? null,
    in_catalog: row === null ? null : inCatalog(row.med_list_codg),
    periods: rows.map((r) => ({
      med_list_codg: r.med_list_codg,
      begndate: r.begndate,
      enddate: r.enddate,
      source: r.source,
      in_catalog: inCatalog(r.med_list_codg),
    })),
    last_seen_at: seen?.last_seen_at ?? null,
  };
}

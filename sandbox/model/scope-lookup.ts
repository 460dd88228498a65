/**
 * Catalog lookup for the per-line split (docs/sandbox-policy.md §3 step 2, D-10): among the catalogs
 * that cover the institution, the most specific first (own code, then city, then province), the
 * first entry valid on the fee date. Pure; the split itself is `shared/fee-split.ts`.
 */
import {
  isItemValidOn,
  splitFeeLine,
  type ChrgitmLv,
  type LineSplit,
  type ScopeItem,
  type SplitInput,
} from '../../shared/fee-split';
import { Money } from '../../shared/money';
import { regionCovers, regionSpecificity } from '../../shared/region';

/** One catalog entry as the ledger stores it (strings as in the scenario). */
export interface CatalogRow {
  /** The catalog's region. */
  readonly admdvs: string;
  readonly med_list_codg: string;
  readonly name: string;
  readonly med_chrgitm_type: string;
  readonly chrgitm_lv: ChrgitmLv;
  readonly selfpay_prop: string;
  readonly pric_uplmt_amt: string | null;
  readonly begndate: string;
  readonly enddate: string | null;
  /** Order within its catalog (scenario order, then admin upserts). */
  readonly seq: number;
}

/** The outcome of a lookup: an entry valid on the fee date, none at all, or only invalid ones. */
export type ScopeLookup =
  | { readonly status: 'found'; readonly row: CatalogRow; readonly item: ScopeItem }
  | { readonly status: 'missing' }
  | { readonly status: 'not_valid'; readonly row: CatalogRow };

/** The scope item of a catalog row, amounts as Decimal. */
export function toScopeItem(row: CatalogRow): ScopeItem {
  return {
    med_list_codg: row.med_list_codg,
    med_chrgitm_type: row.med_chrgitm_type,
    chrgitm_lv: row.chrgitm_lv,
    selfpay_prop: new Money(row.selfpay_prop),
    pric_uplmt_amt: row.pric_uplmt_amt === null ? null : new Money(row.pric_uplmt_amt),
    begndate: row.begndate,
    enddate: row.enddate,
  };
}

/**
 * Picks the entry for a line. `rows` are all entries with the line's `med_list_codg`, in any
 * region; those whose catalog does not cover `institutionAdmdvs` are ignored.
 */
export function lookupScopeItem(rows: readonly CatalogRow[], institutionAdmdvs: string, feeDate: string): ScopeLookup {
  const covering = rows
    .filter((r) => regionCovers(r.admdvs, institutionAdmdvs))
    .sort((a, b) => regionSpecificity(b.admdvs) - regionSpecificity(a.admdvs) || a.seq - b.seq);
  if (covering.length === 0) return { status: 'missing' };
  const valid = covering.find((r) => isItemValidOn(r, feeDate));
  if (valid === undefined) return { status: 'not_valid', row: covering[0] as CatalogRow };
  return { status: 'found', row: valid, item: toScopeItem(valid) };
}

/** The split of one line given its lookup (§3 steps 2–5); missing or invalid items are self-paid. */
export function splitWithLookup(line: SplitInput, lookup: ScopeLookup): LineSplit {
  return splitFeeLine(line, lookup.status === 'found' ? lookup.item : null);
}

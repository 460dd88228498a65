/**
 * Looking items up at a pharmacy counter (issue 14 item 8): a national code or a hospital code
 * (through the mapping) gives the item's name, class and price cap; a few characters of a name
 * give the matching items. Pure over the built {@link CatalogIndex}; bounded by `limit`.
 */
import type { CatalogIndex, CatalogEntry } from './catalog-index';
import type { CatalogItemView } from '../../shared/ipc/views';

/** What is searched: an exact code, or part of a name. */
export interface CatalogQuery {
  readonly code?: string | undefined;
  readonly name?: string | undefined;
}

/** Most items a name search answers. */
export const MAX_CATALOG_HITS = 20;

function view(e: CatalogEntry, hospitalCode: string | null): CatalogItemView {
  return {
    med_list_codg: e.med_list_codg,
    medins_list_codg: hospitalCode,
    name: e.name,
    chrgitm_lv: e.chrgitm_lv,
    pric_uplmt_amt: e.pric_uplmt_text,
  };
}

/** The items matching `q` on `date` (`yyyy-MM-dd`): a code gives at most one, a name up to `limit`. */
export function searchCatalog(
  index: CatalogIndex,
  q: CatalogQuery,
  date: string,
  limit = MAX_CATALOG_HITS,
): CatalogItemView[] {
  const code = q.code?.trim() ?? '';
  if (code !== '') {
    const direct = index.findItem(code, date);
    if (direct !== null) return [view(direct, null)];
    const national = index.mapCode(code, date);
    const mapped = national === null ? null : index.findItem(national, date);
    return mapped === null ? [] : [view(mapped, code)];
  }
  const name = q.name?.trim() ?? '';
  if (name === '') return [];
  const out: CatalogItemView[] = [];
  for (const e of index.validOn(date)) {
    if (!e.name.includes(name)) continue;
    out.push(view(e, null));
    if (out.length >= Math.min(limit, MAX_CATALOG_HITS)) break;
  }
  return out;
}

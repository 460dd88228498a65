/**
 * A dictionary of the national interface: code → Chinese name (docs/protocol.md §3). Codes outside a
 * dictionary are normal (regional values, docs/protocol.md §1.2a): they are shown raw, never refused.
 */

/** Code → Chinese name. */
export type Dict = Readonly<Record<string, string>>;

/**
 * The Chinese name of `code` in `dict`, or the raw code when the dictionary does not hold it;
 * `""` when there is no code at all.
 */
export function dictName(dict: Dict, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return Object.hasOwn(dict, code) ? (dict[code] ?? code) : code;
}

/** True when `dict` holds `code` (an own key, so `"constructor"` is never a code). */
export function inDict<D extends Dict>(dict: D, code: string | null | undefined): code is keyof D & string {
  return code !== null && code !== undefined && Object.hasOwn(dict, code);
}

/** A display label `"310 职工基本医疗保险"`, or the raw code when unknown. */
export function dictLabel(dict: Dict, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  return inDict(dict, code) ? `${code} ${dict[code] ?? ''}` : code;
}

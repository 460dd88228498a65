/**
 * Region codes (医保区划, admdvs) and the cross-region rule (docs/glossary.md "People and places",
 * docs/sandbox-policy.md §2). Real regions have pool pseudo-codes (`XXXX99`, `XX9900`); they belong
 * in region profiles of a later issue, and this module applies the plain 4-digit rule.
 */

/** Where the patient is insured relative to the institution. */
export type RegionKind = 'local' | 'intra_province' | 'cross_province';

export const REGION_KINDS: readonly RegionKind[] = ['local', 'intra_province', 'cross_province'];

/** Chinese names of the region kinds, for the UI and slips. */
export const REGION_KIND_NAMES: Readonly<Record<RegionKind, string>> = {
  local: '本地',
  intra_province: '省内异地',
  cross_province: '跨省异地',
};

/** True when `s` is a 6-digit region code. */
export function isAdmdvs(s: string): boolean {
  return /^\d{6}$/.test(s);
}

/**
 * True when region `area` covers region `code`: a code ending in `0000` covers its province,
 * one ending in `00` its city, any other only itself (docs/sandbox-policy.md §2).
 */
export function regionCovers(area: string, code: string): boolean {
  if (area.endsWith('0000')) return area.slice(0, 2) === code.slice(0, 2);
  if (area.endsWith('00')) return area.slice(0, 4) === code.slice(0, 4);
  return area === code;
}

/** Specificity of a covering area: 2 for a county, 1 for a city, 0 for a province. */
export function regionSpecificity(area: string): number {
  if (area.endsWith('0000')) return 0;
  if (area.endsWith('00')) return 1;
  return 2;
}

/**
 * Cross-region kind of an insured place against the institution's region: cross-province when
 * the first 2 digits differ, intra-province when the first 4 differ, else local.
 */
export function regionKind(insuplcAdmdvs: string, institutionAdmdvs: string): RegionKind {
  if (insuplcAdmdvs.slice(0, 2) !== institutionAdmdvs.slice(0, 2)) return 'cross_province';
  if (insuplcAdmdvs.slice(0, 4) !== institutionAdmdvs.slice(0, 4)) return 'intra_province';
  return 'local';
}

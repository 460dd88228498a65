/**
 * chrgitm_lv 收费项目等级 (docs/protocol.md §3, D-10): 甲 fully in scope, 乙 in scope after a self-pay
 * share, 丙 self-paid. Real replies send `"01"`/`"02"`/`"03"`, one enum `1`/`2`/`3`: both are
 * normalised to the two-digit form.
 */
import { dictName } from './dict';

export const CHRGITM_LV = {
  '01': '甲类',
  '02': '乙类',
  '03': '丙类（自费）',
} as const;

/** A 收费项目等级 code in its normal two-digit form. */
export type ChrgitmLvCode = keyof typeof CHRGITM_LV;

/**
 * The two-digit form of a chrgitm_lv code (`"1"` → `"01"`, `1` → `"01"`); other codes are
 * returned unchanged (trimmed), so regional values stay visible.
 */
export function normalizeChrgitmLv(code: string | number): string {
  const s = String(code).trim();
  return /^[123]$/.test(s) ? `0${s}` : s;
}

/** True when `code` (after normalising) is 甲, 乙 or 丙. */
export function isChrgitmLv(code: string): code is ChrgitmLvCode {
  return code === '01' || code === '02' || code === '03';
}

/** Chinese name of a chrgitm_lv code in either form, or the raw code. */
export function chrgitmLvName(code: string | null | undefined): string {
  return code === null || code === undefined ? '' : dictName(CHRGITM_LV, normalizeChrgitmLv(code));
}

/**
 * psn_insu_stas 人员参保状态 (docs/protocol.md §3 [?]: full list unconfirmed). Only `1` is 正常参保;
 * the sandbox refuses any other value with `[INSURANCE_INACTIVE]` (docs/sandbox-policy.md §2).
 */
export const PSN_INSU_STAS = {
  '1': '正常参保',
  // `4` is seen with a pause date (docs/protocol.md §1.2a); its official name is unconfirmed.
  '4': '暂停参保',
} as const;

/** A 人员参保状态 code of the table. */
export type PsnInsuStas = keyof typeof PSN_INSU_STAS;

/** True when the insurance row is in normal status. */
export function isInsuActive(stas: string | null | undefined): boolean {
  return stas === '1';
}

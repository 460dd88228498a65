/** dscg_way 离院方式 (docs/protocol.md §3; others exist and are shown raw). */
export const DSCG_WAY = {
  '1': '医嘱离院',
  '2': '医嘱转院',
  '5': '死亡',
} as const;

/** A 离院方式 code of the table. */
export type DscgWay = keyof typeof DSCG_WAY;

/** gend 性别 (docs/protocol.md §3). */
export const GEND = {
  '0': '未知',
  '1': '男',
  '2': '女',
  '9': '未说明',
} as const;

/** A 性别 code. */
export type Gend = keyof typeof GEND;

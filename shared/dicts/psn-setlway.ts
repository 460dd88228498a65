/** psn_setlway 个人结算方式 (docs/protocol.md §3); `0201`/`0202` are regional. */
export const PSN_SETLWAY = {
  '01': '按项目结算',
  '02': '按定额结算',
  '0201': '单病种',
  '0202': '日间手术',
} as const;

/** A 个人结算方式 code. */
export type PsnSetlway = keyof typeof PSN_SETLWAY;

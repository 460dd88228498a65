/** psn_setlway 个人结算方式 (docs/protocol.md §3); `0201`/`0202` are regional. */
export const PSN_SETLWAY = {
  '01': '按项目结算',
  '02': '按定额结算',
  '0201': '单病种',
  '0202': '日间手术',
} as const;

/**
 * The way a full self-pay settlement with upload is sent (D-21, issue 18 item 5): the patient pays
 * everything, the fees are still uploaded for online manual reimbursement. The sandbox reads `02`
 * so (sandbox/model/self-pay.ts); a region whose platform names another way sets it in its profile.
 */
export const SELF_PAY_SETLWAY = '02';

/** A 个人结算方式 code. */
export type PsnSetlway = keyof typeof PSN_SETLWAY;

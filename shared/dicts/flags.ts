/** Yes/no flags (`*_flag`, docs/protocol.md §3) and the eligibility flag of 2001. */

/** `acct_used_flag`, `mid_setl_flag`, `vali_flag` and other `*_flag`. */
export const YES_NO_FLAG = {
  '0': '否',
  '1': '是',
} as const;

/** 2001 `trt_enjymnt_flag` 待遇享受标志. */
export const TRT_ENJYMNT_FLAG = {
  '0': '不享受',
  '1': '享受',
} as const;

/** 经办人类别 (docs/protocol.md §1.1). */
export const OPTER_TYPE = {
  '1': '经办人',
  '2': '自助终端',
  '3': '移动终端',
} as const;

/**
 * 5203 `setl_type` as the sandbox answers it (docs/sandbox-policy.md §5); real platforms send other
 * codes (e.g. `2` on a cancel), shown raw.
 */
export const SANDBOX_SETL_TYPE = {
  settled: '已结算',
  cancelled: '已撤销',
  reversed: '已冲正',
} as const;

/** diag_type 诊断类别 (docs/protocol.md §3). */
export const DIAG_TYPE = {
  '1': '西医诊断',
  '2': '中医主病诊断',
  '3': '中医主证诊断',
} as const;

/** A 诊断类别 code. */
export type DiagType = keyof typeof DIAG_TYPE;

/** clr_type 清算类别 and clr_way 清算方式 (docs/protocol.md §3). */
export const CLR_TYPE = {
  '11': '门诊',
  '21': '住院',
  '41': '药店购药',
  '99': '其他',
} as const;

/** A 清算类别 code. */
export type ClrType = keyof typeof CLR_TYPE;

export const CLR_WAY = {
  '01': '按项目',
  '02': '单病种',
  '03': '按床日',
  '04': '按人头',
  '05': 'DRGs点数法',
  '99': '其他',
} as const;

/** A 清算方式 code. */
export type ClrWay = keyof typeof CLR_WAY;

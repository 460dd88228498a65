/** med_chrgitm_type 医疗收费项目类别 (docs/protocol.md §3): the national fee categories of D-16. */
export const MED_CHRGITM_TYPE = {
  '01': '床位费',
  '02': '诊察费',
  '03': '检查费',
  '04': '化验费',
  '05': '治疗费',
  '06': '手术费',
  '07': '护理费',
  '08': '卫生材料费',
  '09': '西药费',
  '10': '中药饮片费',
  '11': '中成药费',
  '12': '一般诊疗费',
  '13': '挂号费',
  '14': '其他费',
} as const;

/** A 医疗收费项目类别 code. */
export type MedChrgitmType = keyof typeof MED_CHRGITM_TYPE;

/** The category of lines without a catalog item, so categories add up to the bill (docs/his-api.md preview). */
export const MED_CHRGITM_TYPE_OTHER: MedChrgitmType = '14';

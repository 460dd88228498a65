/**
 * psn_cert_type 人员证件类型 (docs/protocol.md §3). Regional codes `990201` and `990102` are listed too.
 * Hunan/Jiangxi `patn_cert_type` is a different list and is not mixed in here.
 */
export const PSN_CERT_TYPE = {
  '01': '居民身份证（户口簿）',
  '02': '解放军军官证',
  '03': '武警警官证',
  '04': '香港特区护照/港澳居民来往内地通行证',
  '05': '澳门特区护照/港澳通行证',
  '06': '台湾居民来往大陆通行证',
  '07': '外国人永久居留证',
  '08': '外国人护照',
  '09': '残疾人证',
  '10': '军烈属证明',
  '11': '外国人就业证',
  '12': '外国专家证',
  '13': '外国人常驻记者证',
  '14': '台港澳人员就业证',
  '15': '回国（来华）定居专家证',
  '16': '中国护照',
  '17': '港澳台居民居住证',
  '90': '社会保障卡',
  '99': '其他身份证件',
  '990201': '医学出生证明',
  '990102': '扶贫人口编码',
} as const;

/** A 人员证件类型 code of the national list. */
export type PsnCertType = keyof typeof PSN_CERT_TYPE;

/** The certificate type whose number is checked with GB 11643 (reliability V1: only resident IDs). */
export const PSN_CERT_TYPE_RESIDENT_ID: PsnCertType = '01';

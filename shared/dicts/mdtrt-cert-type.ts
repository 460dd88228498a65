/** mdtrt_cert_type 就诊凭证类型 (docs/protocol.md §3, D-1). */
export const MDTRT_CERT_TYPE = {
  '01': '医保电子凭证',
  '02': '居民身份证',
  '03': '社会保障卡',
} as const;

/** A 就诊凭证类型 code: `01` e-voucher (`mdtrt_cert_no` = ecToken), `02` ID number, `03` card (`card_sn` required). */
export type MdtrtCertType = keyof typeof MDTRT_CERT_TYPE;

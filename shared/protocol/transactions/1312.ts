/**
 * 1312 医保目录信息查询 (docs/protocol.md §2.7): the payment-scope catalog (D-10), paged and
 * incremental by `updt_time`.
 */
import type { PagedQueryInput } from './common';
import { pagedOutput } from './common';
import { codeString, dateText, idString, textString } from '../wire-values';
import { normalizeChrgitmLv } from '../../dicts/chrgitm-lv';
import { z } from '../zod';

/** Input of 1312: paging plus optional filters. */
export interface Input1312 {
  readonly data: PagedQueryInput & {
    readonly hilist_code?: string;
    readonly insu_admdvs?: string;
    readonly begndate?: string;
    readonly hilist_name?: string;
    readonly wubi?: string;
    readonly pinyin?: string;
    readonly med_chrgitm_type?: string;
    readonly chrgitm_lv?: string;
    readonly lmt_used_flag?: string;
    readonly list_type?: string;
    readonly med_use_flag?: string;
    readonly matn_used_flag?: string;
    readonly hilist_use_type?: string;
    readonly lmt_cpnd_type?: string;
    readonly vali_flag?: string;
  };
}

/** Request fields of 1312 sent as JSON number literals (`page_num`/`page_size` are JS numbers already). */
export const NUMERIC_REQUEST_FIELDS_1312 = [] as const;

/** One catalog row of 1312. */
export const HilistRowSchema = z.object({
  /** 医保目录编码 (= `med_list_codg` of fee lines). */
  hilist_code: idString,
  hilist_name: textString,
  /** 参保机构医保区划: the region the row applies to. */
  insu_admdvs: codeString,
  begndate: dateText,
  enddate: dateText,
  med_chrgitm_type: codeString,
  /** Normalised `"01"`/`"02"`/`"03"`. */
  chrgitm_lv: codeString.transform((v) => (v === null ? null : normalizeChrgitmLv(v))),
  lmt_used_flag: codeString,
  list_type: codeString,
  med_use_flag: codeString,
  matn_used_flag: codeString,
  hilist_use_type: codeString,
  lmt_cpnd_type: codeString,
  wubi: textString,
  pinyin: textString,
  memo: textString,
  /** `1` valid, `0` withdrawn. */
  vali_flag: codeString,
  /** 唯一记录号. */
  rid: textString,
  updt_time: dateText,
  poolarea_no: codeString,
});

/** One 1312 row. */
export type HilistRow = z.output<typeof HilistRowSchema>;

/** Output of 1312. */
export const Output1312Schema = pagedOutput(HilistRowSchema);

/** Output of 1312. */
export type Output1312 = z.output<typeof Output1312Schema>;

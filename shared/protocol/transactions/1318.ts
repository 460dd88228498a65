/** 1318 医保目录限价信息查询 (docs/protocol.md §2.7): price caps of catalog items (D-10, D-15 step 3). */
import type { PagedQueryInput } from './common';
import { pagedOutput } from './common';
import { codeString, dateText, idString, priceText, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 1318: paging plus optional filters. */
export interface Input1318 {
  readonly data: PagedQueryInput & {
    readonly hilist_code?: string;
    readonly hilist_lmtpric_type?: string;
    readonly overlmt_dspo_way?: string;
    readonly insu_admdvs?: string;
    readonly begndate?: string;
    readonly enddate?: string;
    readonly vali_flag?: string;
    readonly rid?: string;
    readonly tabname?: string;
    readonly poolarea_no?: string;
  };
}

/** Request fields of 1318 sent as JSON number literals (none are decimal strings). */
export const NUMERIC_REQUEST_FIELDS_1318 = [] as const;

/** One price-cap row of 1318. */
export const PriceCapRowSchema = z.object({
  hilist_code: idString,
  /** 医保目录限价类型. */
  hilist_lmtpric_type: codeString,
  /** 医保目录超限处理方式. */
  overlmt_dspo_way: codeString,
  insu_admdvs: codeString,
  begndate: dateText,
  enddate: dateText,
  /** 医保目录定价上限金额, ≤ 6 dp (`"999999.000000"` in samples means no cap). */
  hilist_pric_uplmt_amt: priceText,
  vali_flag: codeString,
  rid: textString,
  updt_time: dateText,
  poolarea_no: codeString,
});

/** One 1318 row. */
export type PriceCapRow = z.output<typeof PriceCapRowSchema>;

/** Output of 1318. */
export const Output1318Schema = pagedOutput(PriceCapRowSchema);

/** Output of 1318. */
export type Output1318 = z.output<typeof Output1318Schema>;

/**
 * Pieces shared by several trades' contracts: the reader of trades without an output node, the
 * paged-query wrapper (docs/protocol.md §2.7), and the maternity fields `<matn>` of §2.4.
 */
import { intValue, listOf } from '../wire-values';
import { z } from '../zod';

/**
 * Output of a trade with no business output node (2202, 2203, 2205, 2302, 2402, 2404, 2405,
 * 2601, 9002): whatever arrives (`null`, `{}`, an echo) is accepted and read as `null`.
 */
export const NoOutputSchema = z.unknown().transform((): null => null);

/** The output of a trade without an output node. */
export type NoOutput = z.output<typeof NoOutputSchema>;

/**
 * The paged-query output `{pageNum, pageSize, size, startRow, recordCounts, pages, firstPage,
 * lastPage, data[]}` (docs/protocol.md §2.7); counters are numbers or null, rows use `row`.
 */
export function pagedOutput<T extends z.ZodType>(row: T) {
  return z.object({
    pageNum: intValue,
    pageSize: intValue,
    size: intValue,
    startRow: intValue,
    recordCounts: intValue,
    pages: intValue,
    firstPage: intValue,
    lastPage: intValue,
    data: listOf(row),
  });
}

/** Input of a paged catalog query: the paging fields (whole numbers) and the `updt_time` lower bound. */
export interface PagedQueryInput {
  /** Return rows updated at or after this time, `yyyy-MM-dd HH:mm:ss` (incremental sync). */
  readonly updt_time: string;
  /** Page number, from 1. */
  readonly page_num: number;
  /** Rows per page. */
  readonly page_size: number;
  /** 查询时间点, `yyyy-MM-dd`. */
  readonly query_date?: string;
}

/** Maternity and birth-control fields `<matn>` of 2401/2402 (docs/protocol.md §2.4), all optional. */
export interface MaternityFields {
  /** 生育类别. */
  readonly matn_type?: string;
  /** 计划生育手术类别. */
  readonly birctrl_type?: string;
  /** 晚育标志. */
  readonly latechb_flag?: string;
  /** 孕周数. */
  readonly geso_val?: number;
  /** 胎次. */
  readonly fetts?: number;
  /** 胎儿数. */
  readonly fetus_cnt?: number;
  /** 早产标志. */
  readonly pret_flag?: string;
  /** 计划生育手术或生育日期, `yyyy-MM-dd`. */
  readonly birctrl_matn_date?: string;
}

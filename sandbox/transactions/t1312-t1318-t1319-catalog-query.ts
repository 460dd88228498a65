/**
 * Paged catalogue queries (docs/protocol.md §2.7) over the catalogs that cover the calling
 * institution: 1312 医保目录信息查询, 1318 限价信息, 1319 先自付比例信息. Rows with
 * `updt_time` ≥ the one asked, ordered by updt_time then rid.
 */
import { regionCovers } from '../../shared/region';
import { catalogRowsSince, type StoredCatalogRow } from '../ledger/catalog-repo';
import { isItemValidOn } from '../../shared/fee-split';
import type { CallContext, Handler } from './context';
import type { Reader } from './input-reader';
import { badInput } from './refusal';
import { price6, ratio4 } from './wire';

const MAX_PAGE_SIZE = 1000;

function positiveInt(r: Reader, key: string, fallback: number, max: number): number {
  const text = r.optStr(key, 10);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw badInput(`${r.path}.${key}：应为 1 到 ${max} 的整数`);
  return Number(text);
}

type RowMapper = (row: StoredCatalogRow, ctx: CallContext) => Record<string, unknown>;

function paged(filter: (row: StoredCatalogRow) => boolean, map: RowMapper): Handler {
  return (ctx, input) => {
    const d = input.obj('data');
    const since = d.optDateTime('updt_time') ?? '0000-01-01 00:00:00';
    const pageNum = positiveInt(d, 'page_num', 1, 1_000_000);
    const pageSize = positiveInt(d, 'page_size', 100, MAX_PAGE_SIZE);
    const code = d.optStr('hilist_code', 50);
    const rows = catalogRowsSince(ctx.db, since).filter(
      (r) => regionCovers(r.admdvs, ctx.institution.admdvs) && filter(r) && (code === null || r.med_list_codg === code),
    );
    const total = rows.length;
    const start = (pageNum - 1) * pageSize;
    const page = rows.slice(start, start + pageSize);
    const pages = Math.ceil(total / pageSize);
    return {
      output: {
        pageNum,
        pageSize,
        size: page.length,
        startRow: page.length === 0 ? 0 : start + 1,
        recordCounts: total,
        pages,
        firstPage: 1,
        lastPage: Math.max(pages, 1),
        data: page.map((r) => map(r, ctx)),
      },
    };
  };
}

const valiFlag = (r: StoredCatalogRow, ctx: CallContext): string => (isItemValidOn(r, ctx.businessDate) ? '1' : '0');

/** 1312: catalogue items. */
export const catalogQuery1312: Handler = paged(
  () => true,
  (r, ctx) => ({
    hilist_code: r.med_list_codg,
    hilist_name: r.name,
    insu_admdvs: r.admdvs,
    begndate: r.begndate,
    enddate: r.enddate,
    med_chrgitm_type: r.med_chrgitm_type,
    chrgitm_lv: r.chrgitm_lv,
    vali_flag: valiFlag(r, ctx),
    rid: r.rid,
    updt_time: r.updt_time,
  }),
);

/** 1318: price caps (items with a cap). */
export const catalogQuery1318: Handler = paged(
  (r) => r.pric_uplmt_amt !== null,
  (r, ctx) => ({
    hilist_code: r.med_list_codg,
    hilist_lmtpric_type: '1',
    insu_admdvs: r.admdvs,
    begndate: r.begndate,
    enddate: r.enddate,
    hilist_pric_uplmt_amt: price6(r.pric_uplmt_amt ?? '0'),
    vali_flag: valiFlag(r, ctx),
    rid: r.rid,
    updt_time: r.updt_time,
  }),
);

/** 1319: self-pay shares (乙 items). */
export const catalogQuery1319: Handler = paged(
  (r) => r.chrgitm_lv === '02',
  (r, ctx) => ({
    hilist_code: r.med_list_codg,
    selfpay_prop_type: '1',
    insu_admdvs: r.admdvs,
    selfpay_prop: ratio4(r.selfpay_prop),
    begndate: r.begndate,
    enddate: r.enddate,
    vali_flag: valiFlag(r, ctx),
    rid: r.rid,
    updt_time: r.updt_time,
  }),
);

/**
 * Reading the paged catalog queries' replies (docs/protocol.md §2.7): the page envelope
 * `{pageNum, pageSize, size, startRow, recordCounts, pages, firstPage, lastPage, data[]}` and the
 * rows of 1312 (items: `hilist_code, hilist_name, insu_admdvs, begndate, enddate,
 * med_chrgitm_type, chrgitm_lv, vali_flag, updt_time …`), 1318 (price caps) and 1319 (self-pay
 * shares). Replies are parsed with lossless-json, so numbers arrive as lossless numbers and are
 * read from their literal text. Field names vary between platforms; the readers accept the
 * national name first and the scenario name (`med_list_codg`, `pric_uplmt_amt` …) as a fallback.
 */
import { numericText, parsePrice, parseRatio } from '../../shared/money';
import { datePart, isIsoDate } from '../../shared/dates';
import { isChrgitmLv, normalizeChrgitmLv } from '../../shared/dicts/chrgitm-lv';
import { isItemValidOn } from '../../shared/fee-split';
import type { CatalogStage, CatalogSyncRow } from '../store/ports/catalog';

/** The paging figures and rows of one reply. */
export interface PagedReply {
  readonly pageNum: number;
  readonly pages: number;
  readonly recordCounts: number;
  readonly data: readonly unknown[];
}

/** A row read from a reply, with its `updt_time` for the incremental cursor. */
export type ReadRow =
  { readonly ok: true; readonly row: CatalogSyncRow; readonly updt_time: string | null } | { readonly ok: false };

/** The `updt_time` of a first (full) sync: before any catalog row. */
export const FULL_SYNC_SINCE = '1900-01-01 00:00:00';

/**
 * Reads the page envelope from a SUCCESS `output`, which may be the envelope itself or hold it
 * under `data` or `output`. Returns null when it is not a page.
 */
export function readPagedReply(output: unknown): PagedReply | null {
  for (const candidate of [output, field(output, 'data'), field(output, 'output')]) {
    const data = field(candidate, 'data');
    if (!Array.isArray(data)) continue;
    const recordCounts = intOf(field(candidate, 'recordCounts')) ?? intOf(field(candidate, 'total')) ?? data.length;
    const pageNum = intOf(field(candidate, 'pageNum')) ?? 1;
    const pageSize = intOf(field(candidate, 'pageSize')) ?? data.length;
    const pages = intOf(field(candidate, 'pages')) ?? (pageSize > 0 ? Math.ceil(recordCounts / pageSize) : 1);
    return { pageNum, pages, recordCounts, data };
  }
  return null;
}

/**
 * Reads one row of `stage`; `{ok: false}` when it cannot be used (it is then skipped).
 *
 * `vali_flag` 0 removes the row only when its own period covers `today`: platforms (and the
 * sandbox) also send 0 for a row whose period has simply ended, and such a row must stay, since
 * fees dated inside its period still use it (docs/his-api.md: expired items are held too).
 */
export function readSyncRow(stage: CatalogStage, raw: unknown, today: string): ReadRow {
  const code = text(raw, 'hilist_code') ?? text(raw, 'med_list_codg');
  const begndate = dateOf(text(raw, 'begndate'));
  if (code === null || begndate === null) return { ok: false };
  const endText = text(raw, 'enddate');
  const enddate = endText === null ? null : dateOf(endText);
  if (endText !== null && (enddate === null || enddate < begndate)) return { ok: false };
  const updt_time = text(raw, 'updt_time');
  const withdrawn = text(raw, 'vali_flag') === '0' && isItemValidOn({ begndate, enddate }, today);
  const valid = !withdrawn;
  const key = {
    med_list_codg: code,
    insu_admdvs: text(raw, 'insu_admdvs') ?? text(raw, 'admdvs') ?? '',
    begndate,
    enddate,
    updt_time,
  };
  switch (stage) {
    case '1312': {
      const lv = normalizeChrgitmLv(text(raw, 'chrgitm_lv') ?? '');
      const typeText = text(raw, 'med_chrgitm_type') ?? '';
      const type = /^\d$/.test(typeText) ? `0${typeText}` : typeText;
      if (!isChrgitmLv(lv))
        return valid
          ? { ok: false }
          : {
              ok: true,
              row: { stage, valid, row: { ...key, name: '', med_chrgitm_type: type, chrgitm_lv: '03' } },
              updt_time,
            };
      const name = text(raw, 'hilist_name') ?? text(raw, 'name') ?? '';
      return {
        ok: true,
        row: { stage, valid, row: { ...key, name, med_chrgitm_type: type, chrgitm_lv: lv } },
        updt_time,
      };
    }
    case '1318': {
      const capText = text(raw, 'hilist_pric_uplmt_amt') ?? text(raw, 'pric_uplmt_amt') ?? text(raw, 'hilist_lmtpric');
      let e6: number | null = null;
      if (capText !== null) {
        try {
          const cap = parsePrice(capText);
          if (cap.gt(9_000_000_000)) return { ok: false };
          e6 = cap.eq(999999) ? null : cap.times(1_000_000).toNumber();
        } catch {
          return { ok: false };
        }
      }
      return { ok: true, row: { stage, valid, row: { ...key, pric_uplmt_e6: e6 } }, updt_time };
    }
    case '1319': {
      const shareText = text(raw, 'selfpay_prop');
      let e4 = 0;
      if (shareText !== null) {
        try {
          e4 = parseRatio(shareText).times(10_000).toNumber();
        } catch {
          return { ok: false };
        }
      }
      return { ok: true, row: { stage, valid, row: { ...key, selfpay_prop_e4: e4 } }, updt_time };
    }
    default: {
      const never: never = stage;
      throw new Error(`unexpected stage ${String(never)}`);
    }
  }
}

// ── internals ──

function field(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
}

/** A field as trimmed text (strings, numbers, lossless numbers), or null when absent or empty. */
function text(o: unknown, key: string): string | null {
  const v = field(o, key);
  const t = typeof v === 'string' ? v.trim() : numericText(v);
  return t === null || t === '' ? null : t;
}

function intOf(v: unknown): number | null {
  const t = numericText(v);
  if (t === null || !/^\d{1,9}$/.test(t)) return null;
  return Number(t);
}

/** `yyyy-MM-dd` of a date or date-time text, or null. */
function dateOf(t: string | null): string | null {
  if (t === null) return null;
  const d = datePart(t);
  return isIsoDate(d) ? d : null;
}

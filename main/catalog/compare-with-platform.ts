/**
 * Preview against the platform (local-payment-scope issue item 4): after upload (2204/2301), each
 * line's preview is compared with the split the platform answered, and every difference carries a
 * reason with a code, so that IT and the insurance office see why the two disagree (D-10, D-15).
 *
 * The platform echoes per line `chrgitm_lv`, `med_chrgitm_type`, `selfpay_prop`, `pric_uplmt_amt`
 * (`"999999"` when there is no cap) and the four parts (docs/sandbox-policy.md §3). The attributes are
 * compared first; an amount difference is then explained by the first cause that applies: no
 * mapping, the item missing locally, the item missing at the platform, attributes that differ
 * (the local catalog is stale), or, when all attributes agree, "unexplained".
 */
import type { Decimal } from 'decimal.js';
import { Money, formatFixed, formatMoney, numericText } from '../../shared/money';
import { chrgitmLvName, normalizeChrgitmLv } from '../../shared/dicts/chrgitm-lv';
import { dictName } from '../../shared/dicts/dict';
import { MED_CHRGITM_TYPE } from '../../shared/dicts/med-chrgitm-type';
import type { PreviewLine } from './preview-bill';
import { ratioE4Text } from './catalog-index';

/** Why a preview line differs from the platform's. */
export type DifferenceCode =
  | 'STALE_CATALOG'
  | 'MISSING_MAPPING'
  | 'NOT_IN_LOCAL_CATALOG'
  | 'NOT_IN_PLATFORM_CATALOG'
  | 'CLASS_DIFFERS'
  | 'CATEGORY_DIFFERS'
  | 'CAP_DIFFERS'
  | 'SHARE_DIFFERS'
  | 'AMOUNT_DIFFERS'
  | 'LINE_MISSING'
  | 'UNEXPLAINED';

/** One difference of one line. `reason` is Chinese and starts with the code in brackets. */
export interface PreviewDifference {
  /** The field that differs (`overlmt_amt`, `chrgitm_lv`, … or `feedetl_sn` for a missing line). */
  readonly field: string;
  /** The preview's value as wire text, or null. */
  readonly preview: string | null;
  /** The platform's value as wire text, or null. */
  readonly platform: string | null;
  readonly code: DifferenceCode;
  /** `[CODE] 中文说明`. */
  readonly reason: string;
}

/**
 * One line of the platform's 2204/2301 answer (or a LineSplitView): numbers may be strings, JSON
 * numbers or lossless numbers. A key that is absent is not compared.
 */
export interface PlatformLineSplit {
  readonly feedetl_sn?: unknown;
  readonly det_item_fee_sumamt?: unknown;
  readonly fulamt_ownpay_amt?: unknown;
  readonly overlmt_amt?: unknown;
  readonly preselfpay_amt?: unknown;
  readonly inscp_scp_amt?: unknown;
  readonly chrgitm_lv?: unknown;
  readonly med_chrgitm_type?: unknown;
  readonly selfpay_prop?: unknown;
  readonly pric_uplmt_amt?: unknown;
}

/** The four parts of D-15, in the order they are compared. */
const PARTS = ['fulamt_ownpay_amt', 'overlmt_amt', 'preselfpay_amt', 'inscp_scp_amt'] as const;

/** The platform's "no cap" value (docs/sandbox-policy.md §3). */
const NO_CAP = new Money(999999);

/** Differences of one line; empty when the platform agrees with the preview. Pure. */
export function compareWithPlatform(preview: PreviewLine, platform: PlatformLineSplit): PreviewDifference[] {
  const diffs: PreviewDifference[] = [];
  const pClass = textOf(platform.chrgitm_lv);
  const platformClass = pClass === null ? null : normalizeChrgitmLv(pClass);
  const localHas = preview.chrgitm_lv !== null;
  const platformHas = platformClass !== null;

  // ── attributes of the catalog entry (D-10) ──
  const attrDiffs: string[] = [];
  if (localHas && platformHas) {
    if (preview.chrgitm_lv !== platformClass) {
      attrDiffs.push('收费项目等级');
      diffs.push(
        diff(
          'chrgitm_lv',
          preview.chrgitm_lv,
          platformClass,
          'CLASS_DIFFERS',
          `收费项目等级不同：本地目录为${chrgitmLvName(preview.chrgitm_lv)}，平台为${chrgitmLvName(platformClass)}；本地目录可能较旧，请同步目录。`,
        ),
      );
    }
    const platformType = textOf(platform.med_chrgitm_type);
    if (platformType !== null && preview.med_chrgitm_type !== null && platformType !== preview.med_chrgitm_type) {
      attrDiffs.push('收费项目类别');
      diffs.push(
        diff(
          'med_chrgitm_type',
          preview.med_chrgitm_type,
          platformType,
          'CATEGORY_DIFFERS',
          `收费项目类别不同：本地目录为${dictName(MED_CHRGITM_TYPE, preview.med_chrgitm_type)}，平台为${dictName(MED_CHRGITM_TYPE, platformType)}；请同步目录。`,
        ),
      );
    }
    if (platform.pric_uplmt_amt !== undefined) {
      const platformCap = capOf(platform.pric_uplmt_amt);
      const localCap = preview.pric_uplmt_amt === null ? null : new Money(preview.pric_uplmt_amt);
      if (platformCap !== 'unreadable' && !sameOptional(localCap, platformCap)) {
        attrDiffs.push('限价');
        diffs.push(
          diff(
            'pric_uplmt_amt',
            preview.pric_uplmt_amt,
            platformCap === null ? null : formatFixed(platformCap, 6),
            'CAP_DIFFERS',
            `限价不同：本地目录为${capLabel(localCap)}，平台为${capLabel(platformCap)}；请同步目录。`,
          ),
        );
      }
    }
    const platformShare = decimalOf(platform.selfpay_prop);
    if (
      preview.chrgitm_lv === '02' &&
      platformClass === '02' &&
      platformShare !== null &&
      preview.selfpay_prop !== null &&
      !platformShare.eq(preview.selfpay_prop)
    ) {
      attrDiffs.push('乙类先行自付比例');
      const shown = ratioText(platformShare);
      diffs.push(
        diff(
          'selfpay_prop',
          preview.selfpay_prop,
          shown,
          'SHARE_DIFFERS',
          `乙类先行自付比例不同：本地目录为 ${preview.selfpay_prop}，平台为 ${shown}；请同步目录。`,
        ),
      );
    }
  } else if (!localHas && platformHas && !preview.attention.includes('unmapped')) {
    diffs.push(
      diff(
        'chrgitm_lv',
        null,
        platformClass,
        'NOT_IN_LOCAL_CATALOG',
        `本地目录中没有该项目（或不在有效期内），平台按${chrgitmLvName(platformClass)}项目计算；请同步目录。`,
      ),
    );
  }

  // ── the line amount as recorded by the platform ──
  const platformAmount = decimalOf(platform.det_item_fee_sumamt);
  if (platformAmount !== null && !platformAmount.eq(preview.det_item_fee_sumamt)) {
    diffs.push(
      diff(
        'det_item_fee_sumamt',
        preview.det_item_fee_sumamt,
        formatMoney(platformAmount),
        'AMOUNT_DIFFERS',
        '平台记录的明细金额与上传的不一致；请核对上传的单价、数量和金额。',
      ),
    );
  }

  // ── the four parts (D-15) ──
  const cause = causeOf(preview, localHas, platformHas, attrDiffs);
  for (const part of PARTS) {
    const p = decimalOf(platform[part]);
    if (p === null || p.eq(preview[part])) continue;
    diffs.push(diff(part, preview[part], formatMoney(p), cause.code, cause.text));
  }
  return diffs;
}

/**
 * Compares a whole bill by `feedetl_sn`: each preview line with the platform's line of the same
 * number; a line present on one side only gives one `LINE_MISSING` difference. Returns the
 * differences per `feedetl_sn` (lines without differences are left out).
 */
export function compareBillWithPlatform(
  preview: readonly PreviewLine[],
  platform: readonly PlatformLineSplit[],
): Map<string, PreviewDifference[]> {
  const byId = new Map<string, PlatformLineSplit>();
  for (const p of platform) {
    const id = textOf(p.feedetl_sn);
    if (id !== null) byId.set(id, p);
  }
  const out = new Map<string, PreviewDifference[]>();
  for (const line of preview) {
    const p = byId.get(line.feedetl_sn);
    byId.delete(line.feedetl_sn);
    const d =
      p === undefined
        ? [diff('feedetl_sn', line.feedetl_sn, null, 'LINE_MISSING', '平台结果中没有这条明细；请核对上传是否完整。')]
        : compareWithPlatform(line, p);
    if (d.length > 0) out.set(line.feedetl_sn, d);
  }
  for (const id of byId.keys()) {
    out.set(id, [
      diff('feedetl_sn', null, id, 'LINE_MISSING', '平台结果中有这条明细，本地预览中没有；请核对上传数据。'),
    ]);
  }
  return out;
}

// ── internals ──

function causeOf(
  preview: PreviewLine,
  localHas: boolean,
  platformHas: boolean,
  attrDiffs: readonly string[],
): { code: DifferenceCode; text: string } {
  if (preview.attention.includes('unmapped')) {
    return {
      code: 'MISSING_MAPPING',
      text: '该院内项目没有有效的目录对照，本地按全自费预估，平台按其对照计算；请信息科补充目录对照。',
    };
  }
  if (!localHas && platformHas) {
    return {
      code: 'NOT_IN_LOCAL_CATALOG',
      text: '本地目录中没有该项目（或不在有效期内），平台目录中有；本地目录较旧，请同步目录。',
    };
  }
  if (localHas && !platformHas) {
    return {
      code: 'NOT_IN_PLATFORM_CATALOG',
      text: '平台未按目录内项目计算（平台目录中没有该项目或已失效）；本地目录与平台不一致，请同步目录。',
    };
  }
  if (attrDiffs.length > 0) {
    return {
      code: 'STALE_CATALOG',
      text: `本地目录版本较旧，与平台目录不一致（${attrDiffs.join('、')}不同），分割金额因此不同；请同步目录后再预览。`,
    };
  }
  return { code: 'UNEXPLAINED', text: '平台分割与本地预览不一致，但目录属性相同，原因不明；请把该明细交医保办核对。' };
}

function diff(
  field: string,
  preview: string | null,
  platform: string | null,
  code: DifferenceCode,
  text: string,
): PreviewDifference {
  return { field, preview, platform, code, reason: `[${code}] ${text}` };
}

/** Text of a code-like value (string or number), or null when not provided. */
function textOf(v: unknown): string | null {
  const t = typeof v === 'string' ? v.trim() : numericText(v);
  return t === null || t === '' ? null : t;
}

/** A decimal value in any wire form, or null when not provided or unreadable. */
function decimalOf(v: unknown): Decimal | null {
  const t = numericText(v);
  if (t === null || t === '') return null;
  try {
    return new Money(t);
  } catch {
    return null;
  }
}

/** A platform cap: null for "no cap" (empty value or exactly 999999), `unreadable` when not a number. */
function capOf(v: unknown): Decimal | null | 'unreadable' {
  if (v === null || (typeof v === 'string' && v.trim() === '')) return null;
  const d = decimalOf(v);
  if (d === null) return 'unreadable';
  return d.eq(NO_CAP) ? null : d;
}

function sameOptional(a: Decimal | null, b: Decimal | null): boolean {
  return a === null || b === null ? a === b : a.eq(b);
}

/** A ratio shown as the preview shows it (2 to 4 decimals), or as given when it has more. */
function ratioText(d: Decimal): string {
  return d.decimalPlaces() <= 4 && d.gte(0) && d.lte(1) ? ratioE4Text(d.times(10_000).toNumber()) : d.toString();
}

function capLabel(cap: Decimal | null): string {
  return cap === null ? '无限价' : formatFixed(cap, 6);
}

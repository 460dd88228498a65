/**
 * Formatting instants as China time (UTC+8, no daylight saving), whatever the machine's time
 * zone: the national interface's times are local China time (docs/protocol.md §4). Pure: the caller
 * passes epoch milliseconds (the clock is injected elsewhere).
 */

/** China's fixed offset from UTC, in milliseconds. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

function parts(epochMs: number): { y: string; mo: string; d: string; h: string; mi: string; s: string; ms: string } {
  if (!Number.isFinite(epochMs)) throw new RangeError('epoch milliseconds must be finite');
  const t = new Date(Math.trunc(epochMs) + CHINA_OFFSET_MS);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return {
    y: String(t.getUTCFullYear()).padStart(4, '0'),
    mo: p2(t.getUTCMonth() + 1),
    d: p2(t.getUTCDate()),
    h: p2(t.getUTCHours()),
    mi: p2(t.getUTCMinutes()),
    s: p2(t.getUTCSeconds()),
    ms: String(t.getUTCMilliseconds()).padStart(3, '0'),
  };
}

/** 日期时间型 `yyyy-MM-dd HH:mm:ss` (`inf_time`, `begntime`, `fee_ocur_time` …). */
export function chinaDateTime(epochMs: number): string {
  const p = parts(epochMs);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

/** 日期型 `yyyy-MM-dd` (business date, "today" for ID and registration checks). */
export function chinaDate(epochMs: number): string {
  const p = parts(epochMs);
  return `${p.y}-${p.mo}-${p.d}`;
}

/** Id stamp `yyyyMMddHHmmss` (14 digits, the middle of a msgid). */
export function chinaStamp14(epochMs: number): string {
  const p = parts(epochMs);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

/** Response stamp `yyyyMMddHHmmssSSS` (17 digits, `refmsg_time` / `respond_time`). */
export function chinaStamp17(epochMs: number): string {
  const p = parts(epochMs);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}${p.ms}`;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * Epoch milliseconds of a China-time `yyyy-MM-dd` (midnight) or `yyyy-MM-dd HH:mm:ss`; null when
 * the text is not such a time or names no real instant (month 13, 25:00 …).
 */
export function parseChinaDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const t = Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS;
  // Reject rolled-over values: formatting back must give the same fields.
  const back = parts(t);
  if (
    Number(back.y) !== y ||
    Number(back.mo) !== mo ||
    Number(back.d) !== d ||
    Number(back.h) !== h ||
    Number(back.mi) !== mi ||
    Number(back.s) !== s
  ) {
    return null;
  }
  return t;
}

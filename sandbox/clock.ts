/**
 * The sandbox's clock. Every time the sandbox shows is China time (UTC+8, docs/protocol.md §4),
 * computed with a fixed offset so the machine's time zone never matters. "Today" is the
 * business date: the admin override if set, else the scenario's `business_date`, else the real
 * UTC+8 date. Times of day always come from the real clock.
 */
import { isIsoDate } from '../shared/dates';
import { CHINA_OFFSET_MS, chinaDate } from '../shared/china-time';

/** One instant as the sandbox shows it: business date plus the real China time of day. */
export interface Stamp {
  /** `yyyy-MM-dd`: the business date. */
  readonly date: string;
  /** `HH:mm:ss` China time. */
  readonly time: string;
  /** Milliseconds 0–999. */
  readonly millis: number;
}

/** `yyyy-MM-dd HH:mm:ss` (日期时间型). */
export function formatDateTime(s: Stamp): string {
  return `${s.date} ${s.time}`;
}

/** `yyyyMMddHHmmss` (id stamps). */
export function formatStamp14(s: Stamp): string {
  return `${s.date.replace(/-/g, '')}${s.time.replace(/:/g, '')}`;
}

/** `yyyyMMddHHmmssSSS` (response stamps). */
export function formatStamp17(s: Stamp): string {
  return `${formatStamp14(s)}${String(s.millis).padStart(3, '0')}`;
}

/** The sandbox clock: a fixed scenario date and a movable admin override. */
export class SandboxClock {
  private override: string | null;

  constructor(
    private readonly scenarioDate: string | null,
    override: string | null = null,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.override = override;
  }

  /** Sets (or with null clears) the admin override; throws on a date that is not real. */
  setOverride(date: string | null): void {
    if (date !== null && !isIsoDate(date)) throw new Error(`not a real date: ${date}`);
    this.override = date;
  }

  /** The admin override, or null. */
  getOverride(): string | null {
    return this.override;
  }

  /** The business date, `yyyy-MM-dd`. */
  businessDate(): string {
    return this.override ?? this.scenarioDate ?? chinaDate(this.nowMs());
  }

  /** Now: the business date with the real China time of day. */
  now(): Stamp {
    const iso = new Date(this.nowMs() + CHINA_OFFSET_MS).toISOString();
    return { date: this.businessDate(), time: iso.slice(11, 19), millis: Number(iso.slice(20, 23)) };
  }
}

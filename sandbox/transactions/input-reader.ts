/**
 * Reads one input node of a request strictly, naming the field on every problem
 * (`[BAD_INPUT] data.medfee_sumamt：…`). Numbers arrive as lossless-json LosslessNumbers, so
 * amounts are read from their literal text (docs/protocol.md §1.2a); strings may also arrive as
 * numbers (a 19-digit feedetl_sn) and are read as their literal text.
 */
import type { Decimal } from 'decimal.js';
import { isIsoDate } from '../../shared/dates';
import { MoneyParseError, numericText, parseMoney, parsePrice, parseQuantity } from '../../shared/money';
import { badInput } from './refusal';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  (v as { isLosslessNumber?: unknown }).isLosslessNumber !== true;

/** A strict reader over one JSON object node. */
export class Reader {
  private constructor(
    private readonly node: Record<string, unknown>,
    /** Path of this node (`data`, `feedetail[2]`). */
    readonly path: string,
  ) {}

  /** A reader over `value`, which must be an object. */
  static of(value: unknown, path: string): Reader {
    if (!isObject(value)) throw badInput(`${path}：缺失或不是对象`);
    return new Reader(value, path);
  }

  private at(key: string): string {
    return `${this.path}.${key}`;
  }

  /** The raw value. */
  raw(key: string): unknown {
    return this.node[key];
  }

  /** True when the field is present and not null or "". */
  has(key: string): boolean {
    const v = this.node[key];
    return v !== undefined && v !== null && v !== '';
  }

  /** A required string (a JSON number is read as its literal text). */
  str(key: string, maxLen = 200): string {
    const v = this.optStr(key, maxLen);
    if (v === null) throw badInput(`${this.at(key)}：必填项缺失`);
    return v;
  }

  /** An optional string; null when absent, null or "". */
  optStr(key: string, maxLen = 200): string | null {
    const v = this.node[key];
    if (v === undefined || v === null || v === '') return null;
    const s = typeof v === 'string' ? v.trim() : numericText(v);
    if (s === null) throw badInput(`${this.at(key)}：应为字符串`);
    if (s === '') return null;
    if (s.length > maxLen) throw badInput(`${this.at(key)}：长度超过 ${maxLen}`);
    return s;
  }

  /** A required code from a list. */
  code(key: string, allowed: readonly string[]): string {
    const v = this.str(key, 10);
    if (!allowed.includes(v)) throw badInput(`${this.at(key)}：不支持的代码 "${v}"`);
    return v;
  }

  /** An optional code from a list; `fallback` when absent. */
  optCode(key: string, allowed: readonly string[], fallback: string): string {
    if (!this.has(key)) return fallback;
    return this.code(key, allowed);
  }

  /** A required date-time `yyyy-MM-dd HH:mm:ss` (a bare date reads as its midnight). */
  dateTime(key: string): string {
    const v = this.str(key, 30);
    const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(v);
    if (!m || !isIsoDate(m[1] ?? '') || Number(m[2] ?? 0) > 23 || Number(m[3] ?? 0) > 59 || Number(m[4] ?? 0) > 59) {
      throw badInput(`${this.at(key)}：日期时间格式应为 yyyy-MM-dd HH:mm:ss`);
    }
    return `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`;
  }

  /** An optional date-time; null when absent. */
  optDateTime(key: string): string | null {
    return this.has(key) ? this.dateTime(key) : null;
  }

  private decimal(key: string, parse: () => Decimal): Decimal {
    if (!this.has(key)) throw badInput(`${this.at(key)}：必填项缺失`);
    try {
      return parse();
    } catch (e) {
      if (e instanceof MoneyParseError) throw badInput(`${this.at(key)}：数值格式错误`);
      throw e;
    }
  }

  /** A required amount, at most 2 decimals (string or JSON number). */
  money(key: string, allowNegative = false): Decimal {
    return this.decimal(key, () => parseMoney(this.node[key], this.at(key), allowNegative));
  }

  /** An optional amount; null when absent, null or "" ("not provided", docs/protocol.md §1.2a). */
  optMoney(key: string, allowNegative = false): Decimal | null {
    return this.has(key) ? this.money(key, allowNegative) : null;
  }

  /** A required unit price, at most 6 decimals, not negative. */
  price(key: string): Decimal {
    return this.decimal(key, () => parsePrice(this.node[key], this.at(key)));
  }

  /** A required quantity, at most 4 decimals. */
  quantity(key: string, allowNegative = false): Decimal {
    return this.decimal(key, () => parseQuantity(this.node[key], this.at(key), allowNegative));
  }

  /** A required child object. */
  obj(key: string): Reader {
    return Reader.of(this.node[key], this.at(key));
  }

  /** A required non-empty list of objects; a single object counts as a list of one. */
  list(key: string): Reader[] {
    const v = this.node[key];
    const items = Array.isArray(v) ? v : isObject(v) ? [v] : null;
    if (items === null || items.length === 0) throw badInput(`${this.at(key)}：缺失或为空`);
    return items.map((item, i) => Reader.of(item, `${this.at(key)}[${i}]`));
  }

  /** An optional list of objects; empty when absent. */
  optList(key: string): Reader[] {
    const v = this.node[key];
    if (!this.has(key) || (Array.isArray(v) && v.length === 0)) return [];
    return this.list(key);
  }
}

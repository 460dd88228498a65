/**
 * Amounts for people and for machines (ui-contract: text `¥1,234.50`, `data-amount` `1234.50`).
 * Money from the bridge is a 2-dp string (or a JSON number literal, docs/his-api.md "Errors"); it is
 * never turned into a float.
 */
import { formatMoney, formatYuan } from '../../shared/money';

/** An amount prepared for display: `text` for people, `plain` for `data-amount` ('' when absent). */
export interface AmountDisplay {
  readonly text: string;
  readonly plain: string;
}

/** Formats a wire amount; null, '' or unreadable values show as a dash. */
export function displayAmount(value: string | number | null | undefined): AmountDisplay {
  if (value === null || value === undefined || value === '') return { text: '—', plain: '' };
  try {
    return { text: formatYuan(String(value)), plain: formatMoney(String(value)) };
  } catch {
    return { text: String(value), plain: '' };
  }
}

/** True when two wire amounts differ (both present and not equal as decimals). */
export function amountsDiffer(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  try {
    return formatMoney(a) !== formatMoney(b);
  } catch {
    return a !== b;
  }
}

/** The negative of a wire amount as a 2-dp string (`12.50` → `-12.50`); '' when unreadable. */
export function negate(value: string): string {
  try {
    const plain = formatMoney(value);
    if (/^-?0(\.0+)?$/.test(plain)) return plain.replace('-', '');
    return plain.startsWith('-') ? plain.slice(1) : `-${plain}`;
  } catch {
    return '';
  }
}

/**
 * A quantity or unit price for people: up to `maxDecimals` decimals (4 for quantities, 6 for
 * prices), without trailing zeros (`2.5000` → `2.5`, `12.000000` → `12`). Done on the text, never
 * through a float; text that is not a plain decimal is shown as it came.
 */
export function displayDecimal(value: string, maxDecimals: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign = '', int = '0', frac = ''] = m;
  const cut = frac.slice(0, maxDecimals).replace(/0+$/, '');
  const intPart = int.replace(/^0+(?=\d)/, '');
  return `${sign}${intPart}${cut ? `.${cut}` : ''}`;
}

/**
 * GB 11643-1999 公民身份号码 (docs/protocol.md §6, D-2, reliability V1): 6-digit address code,
 * birth date `YYYYMMDD`, 3-digit sequence (odd male, even female) and an ISO 7064 MOD 11-2
 * check character. Pure: the caller passes `today` (`yyyy-MM-dd`, China time).
 */
import { compareDates, isIsoDate } from '../dates';

/** Why a number failed the check. */
export type ResidentIdFailure =
  /** Neither 18 nor 15 characters. */
  | 'length'
  /** Not 17 digits + digit/X (or 15 digits). */
  | 'format'
  /** The first two digits are no province (docs/protocol.md §6 prefixes). */
  | 'province'
  /** The birth date is not a real date. */
  | 'birth_date'
  /** The birth date is after today. */
  | 'future_birth_date'
  /** The check character is wrong. */
  | 'check_digit';

/** Plain Chinese reasons, for the cashier (D-22). */
export const RESIDENT_ID_FAILURE_NAMES: Readonly<Record<ResidentIdFailure, string>> = {
  length: '身份证号码位数不对（应为18位）',
  format: '身份证号码含有无效字符',
  province: '身份证号码的地区码无效',
  birth_date: '身份证号码中的出生日期无效',
  future_birth_date: '身份证号码中的出生日期晚于今天',
  check_digit: '身份证号码校验位不对，可能输错了某一位',
};

/** A valid number, normalised, with what it encodes. */
export interface ResidentId {
  /** The 18-character number, `X` upper case (a 15-digit number is upgraded). */
  readonly id: string;
  /** Birth date `yyyy-MM-dd`. */
  readonly birthDate: string;
  /** 性别 code (shared/dicts/gend): `1` male (odd sequence), `2` female (even). */
  readonly gend: '1' | '2';
  /** The 6-digit address code. */
  readonly regionCode: string;
}

/** The outcome of `checkResidentId`. */
export type ResidentIdCheck =
  ({ readonly ok: true } & ResidentId) | { readonly ok: false; readonly reason: ResidentIdFailure };

/** Weights of positions 1–17: 2^(18−i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for r = Σ aᵢ·wᵢ mod 11 = 0 … 10. */
const CHECK_CHARS = '10X98765432';

/** Province prefixes (docs/protocol.md §6); 83 (Taiwan residence permits) is accepted as well [?]. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** The MOD 11-2 check character of a 17-digit body. Throws on a body that is not 17 digits. */
export function residentIdCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new RangeError('body must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (body17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** True when an 18-character string (17 digits + digit/X/x) carries the right check character. */
export function hasValidCheckChar(id18: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id18)) return false;
  return residentIdCheckChar(id18.slice(0, 17)) === id18.charAt(17).toUpperCase();
}

/**
 * Upgrades a legacy 15-digit number (address 6 + `YYMMDD` + sequence 3, no check) to 18:
 * `19` is inserted before the year and the check character appended. Null when `id15` is not
 * 15 digits.
 */
export function upgradeLegacyResidentId(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const body = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return body + residentIdCheckChar(body);
}

/**
 * Checks a resident ID number (D-2): 18 characters (or a legacy 15-digit number, upgraded),
 * a province prefix, a real birth date not after `today`, and the check character. Surrounding
 * whitespace is ignored; a lower-case `x` is accepted and normalised to `X`.
 */
export function checkResidentId(input: string, today: string): ResidentIdCheck {
  const raw = input.trim();
  let id: string;
  if (raw.length === 15) {
    const up = upgradeLegacyResidentId(raw);
    if (up === null) return { ok: false, reason: 'format' };
    id = up;
  } else if (raw.length === 18) {
    if (!/^\d{17}[\dXx]$/.test(raw)) return { ok: false, reason: 'format' };
    id = raw.toUpperCase();
  } else {
    return { ok: false, reason: 'length' };
  }
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, reason: 'province' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < '1800-01-01') return { ok: false, reason: 'birth_date' };
  if (compareDates(birthDate, today) > 0) return { ok: false, reason: 'future_birth_date' };
  if (!hasValidCheckChar(id)) return { ok: false, reason: 'check_digit' };
  const seq = Number(id.charAt(16));
  return { ok: true, id, birthDate, gend: seq % 2 === 1 ? '1' : '2', regionCode: id.slice(0, 6) };
}

/** True when `input` passes `checkResidentId`. */
export function isValidResidentId(input: string, today: string): boolean {
  return checkResidentId(input, today).ok;
}

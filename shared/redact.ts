/**
 * The one redactor of the product (docs/reliability.md S3): personal data — ID numbers, names, card
 * numbers, e-voucher tokens, phone numbers, addresses — never leaves the process unmasked in
 * logs, errors, exports or diagnostics. Everything that writes such text routes it through
 * `redactText` or `redactObject`.
 *
 * Three nets, applied together:
 * 1. values the process learned at run time (`rememberSensitive`: names, card numbers, tokens);
 * 2. every run of 18 characters (17 digits + digit/X) or 15 digits that stands alone — the
 *    shape of a resident ID number — whatever its surroundings;
 * 3. in JSON-looking text, the value of every sensitive key (`"psn_name":"…"`), and in objects,
 *    every value under a sensitive key (`redactObject`).
 *
 * Over-masking an 18-digit platform id is accepted; leaking an ID number is not.
 */

/** What kind of value is being masked; it picks the mask. */
export type SensitiveKind = 'id' | 'name' | 'card' | 'token' | 'phone' | 'text' | 'date' | 'hidden';

const STAR = '*';

/** An ID number (or any long number) with the first 4 and last 4 characters visible: `1101**********002X`. Short values are fully masked. */
export function maskIdNumber(value: string): string {
  const c = Array.from(value);
  if (c.length <= 8) return STAR.repeat(c.length);
  return c.slice(0, 4).join('') + STAR.repeat(c.length - 8) + c.slice(-4).join('');
}

/** A name: the first character, then one `*` per remaining character (`张三丰` → `张**`); a one-character name becomes `*`. */
export function maskName(value: string): string {
  const c = Array.from(value.trim());
  if (c.length <= 1) return STAR.repeat(c.length);
  return (c[0] ?? '') + STAR.repeat(c.length - 1);
}

/** A card number: the first and the last 2 characters visible (`A58570797` → `A******97`); short values fully masked. */
export function maskCardNo(value: string): string {
  const c = Array.from(value.trim());
  if (c.length < 6) return STAR.repeat(c.length);
  return (c[0] ?? '') + STAR.repeat(c.length - 3) + c.slice(-2).join('');
}

/** A token (e-voucher ecToken, 卡识别码, credentials): first 4 and last 4 around a fixed `****`, so its length does not show; short tokens become `****`. */
export function maskToken(value: string): string {
  const c = Array.from(value.trim());
  if (c.length < 12) return STAR.repeat(4);
  return `${c.slice(0, 4).join('')}${STAR.repeat(4)}${c.slice(-4).join('')}`;
}

/** A phone number: the first 3 and the last 4 digits visible when long enough (`138****1234`). */
export function maskPhone(value: string): string {
  const c = Array.from(value.trim());
  if (c.length < 10) return STAR.repeat(c.length);
  return c.slice(0, 3).join('') + STAR.repeat(c.length - 7) + c.slice(-4).join('');
}

/** Free text such as an address: the first character and a fixed `***`. */
export function maskText(value: string): string {
  const c = Array.from(value.trim());
  if (c.length <= 1) return STAR.repeat(c.length);
  return `${c[0] ?? ''}***`;
}

/**
 * A birth date: fully masked, keeping only its shape (`1956-03-02` → `****-**-**`). Digits 7–14 of
 * an ID number are the birth date, so a masked ID beside a plain birth date gives the number back.
 */
export function maskBirthDate(value: string): string {
  return Array.from(value.trim())
    .map((ch) => (/\d/.test(ch) ? STAR : ch))
    .join('');
}

/**
 * Whole years of age on `today` (`yyyy-MM-dd`) of someone born on `brdy` (`yyyy-MM-dd` or
 * `yyyyMMdd`); null when either is unreadable. Shown wherever the ID number is masked, in place
 * of the birth date.
 */
export function ageOn(brdy: string, today: string): number | null {
  const b = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(brdy.trim());
  const t = /^(\d{4})-(\d{2})-(\d{2})/.exec(today.trim());
  if (!b || !t) return null;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [ty, tm, td] = [Number(t[1]), Number(t[2]), Number(t[3])];
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age >= 0 && age < 150 ? age : null;
}

/** The mask of `value` for its kind. */
export function maskAs(kind: SensitiveKind, value: string): string {
  switch (kind) {
    case 'id':
      return maskIdNumber(value);
    case 'name':
      return maskName(value);
    case 'card':
      return maskCardNo(value);
    case 'token':
      return maskToken(value);
    case 'phone':
      return maskPhone(value);
    case 'text':
      return maskText(value);
    case 'date':
      return maskBirthDate(value);
    case 'hidden':
      return '***';
    default: {
      const never: never = kind;
      return maskText(String(never));
    }
  }
}

// ── Values learned at run time ──

/** Most values remembered; the oldest are forgotten first (a long-running window sees many patients). */
export const MAX_REMEMBERED_SENSITIVE = 5000;

/** value → its mask, in insertion (refresh) order. */
const remembered = new Map<string, string>();
let rememberedPattern: RegExp | null = null;

/**
 * Registers a value learned at run time (a patient's name from 1101, a card number, an
 * e-voucher token …) so that `redactText` masks it wherever it appears. Values shorter than 2
 * characters are ignored (they would mask ordinary text). Bounded: beyond
 * `MAX_REMEMBERED_SENSITIVE` the oldest value is forgotten.
 */
export function rememberSensitive(value: string | null | undefined, kind: SensitiveKind = 'text'): void {
  if (value === null || value === undefined) return;
  const v = value.trim();
  if (Array.from(v).length < 2) return;
  remembered.delete(v);
  remembered.set(v, maskAs(kind, v));
  while (remembered.size > MAX_REMEMBERED_SENSITIVE) {
    const oldest = remembered.keys().next();
    if (oldest.done === true) break;
    remembered.delete(oldest.value);
  }
  rememberedPattern = null;
}

/** Forgets every remembered value (tests; or a supervisor's "clear session"). */
export function forgetSensitive(): void {
  remembered.clear();
  rememberedPattern = null;
}

/** How many values are remembered. */
export function rememberedSensitiveCount(): number {
  return remembered.size;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function rememberedRegExp(): RegExp | null {
  if (remembered.size === 0) return null;
  if (rememberedPattern === null) {
    // Longest first, so a full name wins over a remembered part of it.
    const alts = [...remembered.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    rememberedPattern = new RegExp(alts.join('|'), 'g');
  }
  return rememberedPattern;
}

// ── Sensitive keys ──

/** Keys whose values are personal data, by kind (compared case-insensitively). */
const SENSITIVE_KEY_KINDS: Readonly<Record<string, SensitiveKind>> = {
  psn_name: 'name',
  patn_name: 'name',
  coner_name: 'name',
  agnter_name: 'name',
  username: 'name',
  user_name: 'name',
  certno: 'id',
  cert_no: 'id',
  idno: 'id',
  id_no: 'id',
  psn_cert_no: 'id',
  agnter_cert_no: 'id',
  ssn: 'id',
  mdtrt_cert_no: 'token',
  cardno: 'card',
  card_no: 'card',
  card_sn: 'token',
  ectoken: 'token',
  ec_token: 'token',
  ecqrcode: 'token',
  ecindexno: 'token',
  authno: 'token',
  cainfo: 'token',
  tel: 'phone',
  phone: 'phone',
  mobile: 'phone',
  agnter_tel: 'phone',
  addr: 'text',
  address: 'text',
  agnter_addr: 'text',
  email: 'text',
  brdy: 'date',
  birthday: 'date',
  birth_date: 'date',
};

/**
 * Keys masked on top of `SENSITIVE_KEY_KINDS` in what leaves the site for IT (the diagnostic
 * bundle): the person number links every record of a patient, and a balance is personal finance.
 * The journal and the store keep them, since reconciliation needs them.
 */
export const EXPORT_KEY_KINDS: Readonly<Record<string, SensitiveKind>> = {
  psn_no: 'hidden',
  balc: 'hidden',
  acct_balc: 'hidden',
  // On a personal-account line of setldetail the payable limit is the balance itself.
  crt_payb_lmt_amt: 'hidden',
};

/** A balance named in free text (`支付前余额 500.00`, `余额：12.30`). */
const BALANCE_IN_TEXT = /(余额\s*[:：]?\s*)-?\d[\d,]*(?:\.\d+)?/g;

/** The kind of a key's value when the key is sensitive, else null. */
export function sensitiveKindOfKey(key: string): SensitiveKind | null {
  const k = key.toLowerCase();
  return Object.hasOwn(SENSITIVE_KEY_KINDS, k) ? (SENSITIVE_KEY_KINDS[k] ?? null) : null;
}

const KEY_ALTERNATION = Object.keys(SENSITIVE_KEY_KINDS).map(escapeRegExp).join('|');
/** `"key": "value"` or `"key": 123` in JSON-looking text. */
const JSON_SENSITIVE_PAIR = new RegExp(
  `("(${KEY_ALTERNATION})"\\s*:\\s*)("((?:[^"\\\\]|\\\\.)*)"|-?\\d[\\d.eE+-]*)`,
  'gi',
);

/** A standalone resident-ID-shaped run: 17 digits + digit/X, or 15 digits, not inside a longer digit run. */
const ID_NUMBER_RUN = /(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)/g;

// ── Redaction ──

/** `"key": "value"` pairs of the export keys (see `EXPORT_KEY_KINDS`). */
const JSON_EXPORT_PAIR = new RegExp(
  `("(${Object.keys(EXPORT_KEY_KINDS).map(escapeRegExp).join('|')})"\\s*:\\s*)("((?:[^"\\\\]|\\\\.)*)"|-?\\d[\\d.eE+-]*)`,
  'gi',
);

/** Masks every sensitive value in a piece of text (see the module comment for the three nets). */
export function redactText(text: string): string {
  let s = text;
  s = s.replace(JSON_SENSITIVE_PAIR, (_m, head: string, key: string, whole: string, inner: string | undefined) => {
    const kind = sensitiveKindOfKey(key) ?? 'text';
    return `${head}"${maskAs(kind, inner ?? whole)}"`;
  });
  const re = rememberedRegExp();
  if (re !== null) s = s.replace(re, (m) => remembered.get(m) ?? maskText(m));
  s = s.replace(ID_NUMBER_RUN, (m) => maskIdNumber(m));
  return s;
}

const MAX_DEPTH = 25;

function isLosslessNumberLike(v: object): v is { isLosslessNumber: true; value: string } {
  const o = v as { isLosslessNumber?: unknown; value?: unknown };
  return o.isLosslessNumber === true && typeof o.value === 'string';
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v !== null && typeof v === 'object' && isLosslessNumberLike(v)) return v.value;
  return null;
}

/** A value worth masking wherever it appears: an identifier (psn_no), not an amount like `0.00`. */
function isIdentifierLike(v: string): boolean {
  return v.length >= 6 && !v.includes('.') && !/^\*+$/.test(v);
}

/** Options of one redaction pass. */
interface RedactPass {
  /** The kind of a key's value, or null when the key is not sensitive. */
  readonly kindOf: (key: string) => SensitiveKind | null;
  /** Values found under extra keys, to be masked wherever else they appear. */
  readonly found: Set<string> | null;
  /** Redacts a string value. */
  readonly text: (s: string) => string;
}

const DEFAULT_PASS: RedactPass = { kindOf: sensitiveKindOfKey, found: null, text: redactText };

function redactValue(
  v: unknown,
  kind: SensitiveKind | null,
  depth: number,
  seen: WeakSet<object>,
  pass: RedactPass = DEFAULT_PASS,
): unknown {
  if (kind !== null) {
    const t = scalarText(v);
    if (t !== null) {
      if (pass.found !== null && kind === 'hidden' && isIdentifierLike(t)) pass.found.add(t);
      return t === '' ? '' : maskAs(kind, t);
    }
  }
  if (typeof v === 'string') return pass.text(v);
  if (typeof v === 'bigint') return pass.text(v.toString());
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return v;
  if (typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (depth >= MAX_DEPTH) return '[MaxDepth]';
  const o = v as object;
  if (seen.has(o)) return '[Circular]';
  if (isLosslessNumberLike(o)) return redactText(o.value);
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
  seen.add(o);
  try {
    if (Array.isArray(o)) return o.map((x) => redactValue(x, null, depth + 1, seen, pass));
    if (o instanceof Error) {
      const e: Record<string, unknown> = { name: o.name, message: redactText(o.message) };
      for (const [k, x] of Object.entries(o)) e[k] = redactValue(x, pass.kindOf(k), depth + 1, seen, pass);
      if (o.cause !== undefined) e.cause = redactValue(o.cause, null, depth + 1, seen, pass);
      return e;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = redactValue(x, pass.kindOf(k), depth + 1, seen, pass);
    return out;
  } finally {
    seen.delete(o);
  }
}

/**
 * A deep copy of `value` fit for a log or an export: values under sensitive keys (`psn_name`,
 * `certno`, `mdtrt_cert_no`, `cardno`, `card_sn`, `idNo`, `userName`, `ecToken`, `ec_token`,
 * `coner_name`, `tel`, `addr`, `psn_cert_no` …) are masked by kind, every other string goes
 * through `redactText`. Errors become `{name, message, …}`; cycles read `[Circular]`; functions
 * are dropped. The input is not modified.
 */
export function redactObject<T>(value: T): unknown {
  return redactValue(value, null, 0, new WeakSet<object>());
}

/**
 * What leaves the site for IT (the diagnostic bundle), as JSON text: `redactObject`, plus the
 * export keys (`EXPORT_KEY_KINDS`: `psn_no`, `balc` …) masked both as object keys and inside
 * embedded JSON text (journal requests and responses), and every value found under them masked
 * wherever else it appears (a log line naming a psn_no). `space` as in `JSON.stringify`.
 */
export function redactForExport(value: unknown, space?: number): string {
  const found = new Set<string>();
  const pass: RedactPass = {
    kindOf: (key) =>
      sensitiveKindOfKey(key) ??
      (Object.hasOwn(EXPORT_KEY_KINDS, key.toLowerCase()) ? (EXPORT_KEY_KINDS[key.toLowerCase()] ?? null) : null),
    found,
    // Embedded JSON (journal requests and responses): mask the export keys' values, remembering psn_no-like ones.
    text: (t) =>
      redactText(t)
        .replace(BALANCE_IN_TEXT, '$1***')
        .replace(JSON_EXPORT_PAIR, (_m, head: string, _key: string, whole: string, inner: string | undefined) => {
          const v = (inner ?? whole).trim();
          if (isIdentifierLike(v)) found.add(v);
          return `${head}"***"`;
        }),
  };
  let text = JSON.stringify(redactValue(value, null, 0, new WeakSet<object>(), pass), null, space);
  const values = [...found].sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (values.length > 0) text = text.replace(new RegExp(values.join('|'), 'g'), '***');
  return text;
}

/**
 * What the cashier's identify field received (D-1, ui-contract `identify-input`): a resident ID
 * number (typed or read), a social security card number, a card reader's `|`-separated line,
 * or — anything else — the token of an e-voucher QR scan. Each maps to the 1101 credential
 * (`mdtrt_cert_type` + `mdtrt_cert_no` [+ `card_sn`]) of docs/protocol.md §3, §5, §6.
 *
 * Results carry personal data: callers register names and numbers with
 * `rememberSensitive` (shared/redact) before logging anything.
 */
import type { MdtrtCertType } from '../dicts/mdtrt-cert-type';
import { checkResidentId } from './gb11643';
import type { ResidentIdCheck } from './gb11643';

/** One record of a social security card reader (`iReadCardBas`), docs/protocol.md §6. */
export interface CardReaderRecord {
  /** 发卡地区行政区划代码 (first 6 of 卡识别码): only a hint of the insured place. */
  readonly admdvs: string;
  /** 社会保障号码 (= the ID number). */
  readonly ssn: string;
  /** 卡号, 9 characters (`A58570797`): `mdtrt_cert_no` for `03`. */
  readonly cardno: string;
  /** 卡识别码, 32 characters: `card_sn` for `03`. */
  readonly card_sn: string;
  /** 姓名 (may arrive misdecoded: never match a patient by name alone). */
  readonly psn_name: string;
  /** 卡复位信息. */
  readonly reset_info: string;
  /** 规范版本. */
  readonly spec_version: string;
  /** 发卡日期. */
  readonly issue_date: string;
  /** 卡有效期. */
  readonly valid_until: string;
  /** 终端机编号. */
  readonly terminal_no: string;
  /** 终端设备号. */
  readonly device_no: string;
  /** Regional extra fields after the eleventh. */
  readonly extras: readonly string[];
}

/** Why a card reader line could not be read. */
export type CardReaderFailure = 'too_few_fields' | 'missing_card_no' | 'missing_card_sn';

/** Outcome of `parseCardReaderOutput`. */
export type CardReaderParse =
  { readonly ok: true; readonly record: CardReaderRecord } | { readonly ok: false; readonly reason: CardReaderFailure };

/**
 * Parses the `|`-separated output of the card reader driver: 发卡地区 | 社会保障号码 | 卡号 |
 * 卡识别码 | 姓名 | 卡复位信息 | 规范版本 | 发卡日期 | 卡有效期 | 终端机编号 | 终端设备号 | extras.
 * Fields are trimmed; a trailing `|` is allowed; missing later fields read as `""`. The card
 * number and 卡识别码 are required (1101 needs both for `03`).
 */
export function parseCardReaderOutput(line: string): CardReaderParse {
  const f = line
    .replace(/[\r\n]+$/, '')
    .split('|')
    .map((s) => s.trim());
  if (f.length < 4) return { ok: false, reason: 'too_few_fields' };
  const at = (i: number): string => f[i] ?? '';
  if (at(2) === '') return { ok: false, reason: 'missing_card_no' };
  if (at(3) === '') return { ok: false, reason: 'missing_card_sn' };
  const extras = f.slice(11);
  while (extras.length > 0 && extras[extras.length - 1] === '') extras.pop();
  return {
    ok: true,
    record: {
      admdvs: at(0),
      ssn: at(1),
      cardno: at(2),
      card_sn: at(3),
      psn_name: at(4),
      reset_info: at(5),
      spec_version: at(6),
      issue_date: at(7),
      valid_until: at(8),
      terminal_no: at(9),
      device_no: at(10),
      extras,
    },
  };
}

/** What the identify field received. */
export type Credential =
  | { readonly kind: 'empty' }
  | {
      /** 18 or 15 characters shaped like a resident ID; `check` says whether it is valid (D-2). */
      readonly kind: 'id_number';
      readonly mdtrt_cert_type: Extract<MdtrtCertType, '02'>;
      /** The normalised 18-character number when valid, else the trimmed input. */
      readonly mdtrt_cert_no: string;
      readonly check: ResidentIdCheck;
    }
  | {
      /** A social security card: a typed 9-character card number, or a card reader line. */
      readonly kind: 'ssc_card';
      readonly mdtrt_cert_type: Extract<MdtrtCertType, '03'>;
      /** 卡号. */
      readonly mdtrt_cert_no: string;
      /** 卡识别码 from a reader line; null when the number was typed (1101 needs it: read the card). */
      readonly card_sn: string | null;
      readonly reader: CardReaderRecord | null;
    }
  | { readonly kind: 'card_read_error'; readonly reason: CardReaderFailure }
  | {
      /** Anything else: the decoded token of an e-voucher QR scan (`ecToken`). */
      readonly kind: 'ec_token';
      readonly mdtrt_cert_type: Extract<MdtrtCertType, '01'>;
      readonly mdtrt_cert_no: string;
    };

/** A social security card number: a letter and 8 digits (`X00000019`, `A58570797`). */
const CARD_NO = /^[A-Za-z]\d{8}$/;

/**
 * Classifies the identify field's content. `today` (`yyyy-MM-dd`, China time) is used to check
 * an ID number's birth date. Surrounding whitespace is ignored.
 */
export function classifyCredential(input: string, today: string): Credential {
  const s = input.trim();
  if (s === '') return { kind: 'empty' };
  if (s.includes('|')) {
    const r = parseCardReaderOutput(s);
    if (!r.ok) return { kind: 'card_read_error', reason: r.reason };
    return {
      kind: 'ssc_card',
      mdtrt_cert_type: '03',
      mdtrt_cert_no: r.record.cardno,
      card_sn: r.record.card_sn,
      reader: r.record,
    };
  }
  if (/^\d{17}[\dXx]$/.test(s) || /^\d{15}$/.test(s)) {
    const check = checkResidentId(s, today);
    return { kind: 'id_number', mdtrt_cert_type: '02', mdtrt_cert_no: check.ok ? check.id : s, check };
  }
  if (CARD_NO.test(s)) {
    return { kind: 'ssc_card', mdtrt_cert_type: '03', mdtrt_cert_no: s.toUpperCase(), card_sn: null, reader: null };
  }
  return { kind: 'ec_token', mdtrt_cert_type: '01', mdtrt_cert_no: s };
}

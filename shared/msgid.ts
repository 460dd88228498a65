/**
 * The message id of the national interface (docs/protocol.md §1.1, §4; docs/reliability.md §2): 30
 * characters = `fixmedins_code` (12) + China-time stamp `yyyyMMddHHmmss` (14) + a 4-digit
 * sequence from a persisted counter (a random suffix collides within a second). It is the
 * reversal key (`omsgid` of 2601) and the reconciliation key (3202), so it is kept for life.
 */
import { AppError } from './errors/app-error';

/** Length of a msgid. */
export const MSGID_LENGTH = 30;

/** Largest sequence number (4 digits). */
export const MAX_MSGID_SEQUENCE = 9999;

/** The parts of a msgid. */
export interface MsgidParts {
  /** 定点医药机构编号 (12 characters). */
  readonly fixmedins_code: string;
  /** `yyyyMMddHHmmss`, China time. */
  readonly stamp: string;
  /** 0 … 9999. */
  readonly seq: number;
}

const CODE = /^[A-Za-z0-9]{12}$/;
const STAMP = /^\d{14}$/;
const MSGID = /^([A-Za-z0-9]{12})(\d{14})(\d{4})$/;

/**
 * Builds a msgid. `chinaStamp14` comes from `shared/china-time` `chinaStamp14(now)`; `seq` is
 * the next value of the persisted counter, 0 … 9999. A bad argument is a programming error:
 * it throws `AppError('INTERNAL')` with the reason in `detail`.
 */
export function formatMsgid(fixmedinsCode: string, chinaStamp14: string, seq: number): string {
  if (!CODE.test(fixmedinsCode))
    throw new AppError('INTERNAL', { detail: { reason: 'msgid: fixmedins_code must be 12 letters/digits' } });
  if (!STAMP.test(chinaStamp14))
    throw new AppError('INTERNAL', { detail: { reason: 'msgid: stamp must be yyyyMMddHHmmss' } });
  if (!Number.isInteger(seq) || seq < 0 || seq > MAX_MSGID_SEQUENCE) {
    throw new AppError('INTERNAL', { detail: { reason: 'msgid: sequence must be 0…9999' } });
  }
  return `${fixmedinsCode}${chinaStamp14}${String(seq).padStart(4, '0')}`;
}

/** True when `s` has the msgid shape (12 letters/digits + 14 digits + 4 digits). */
export function isMsgid(s: string): boolean {
  return MSGID.test(s);
}

/** The parts of a msgid, or null when `s` is not one. */
export function parseMsgid(s: string): MsgidParts | null {
  const m = MSGID.exec(s);
  if (!m) return null;
  return { fixmedins_code: m[1] ?? '', stamp: m[2] ?? '', seq: Number(m[3]) };
}

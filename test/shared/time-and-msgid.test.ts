// China time (UTC+8, independent of the machine's zone) and the msgid format (docs/protocol.md §1.1, §4).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime, chinaStamp14, chinaStamp17, parseChinaDateTime } from '../../shared/china-time';
import { MSGID_LENGTH, formatMsgid, isMsgid, parseMsgid } from '../../shared/msgid';
import { AppError } from '../../shared/errors/app-error';

const EPOCH = 1_700_000_000_123; // 2023-11-14T22:13:20.123Z

describe('china time', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('formats a fixed epoch as UTC+8', () => {
    expect(chinaDateTime(EPOCH)).toBe('2023-11-15 06:13:20');
    expect(chinaDate(EPOCH)).toBe('2023-11-15');
    expect(chinaStamp14(EPOCH)).toBe('20231115061320');
    expect(chinaStamp17(EPOCH)).toBe('20231115061320123');
    expect(chinaDateTime(0)).toBe('1970-01-01 08:00:00');
    expect(chinaDateTime(Date.UTC(2026, 11, 31, 16, 0, 0))).toBe('2027-01-01 00:00:00');
    expect(chinaStamp17(Date.UTC(2026, 11, 31, 15, 59, 59, 7))).toBe('20261231235959007');
  });

  it('does not depend on the machine time zone', () => {
    process.env.TZ = 'America/New_York';
    expect(chinaDateTime(EPOCH)).toBe('2023-11-15 06:13:20');
    process.env.TZ = 'Asia/Kolkata';
    expect(chinaStamp14(EPOCH)).toBe('20231115061320');
  });

  it('parses China time back to the instant, and refuses impossible times', () => {
    expect(parseChinaDateTime('2023-11-15 06:13:20')).toBe(1_700_000_000_000);
    expect(parseChinaDateTime('1970-01-01')).toBe(-8 * 3_600_000);
    expect(parseChinaDateTime('2026-02-30 00:00:00')).toBeNull();
    expect(parseChinaDateTime('2026-01-01 24:00:00')).toBeNull();
    expect(parseChinaDateTime('20260101')).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (sec) => {
        expect(parseChinaDateTime(chinaDateTime(sec * 1000))).toBe(sec * 1000);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('msgid', () => {
  it('is fixmedins_code (12) + stamp (14) + sequence (4)', () => {
    const id = formatMsgid('H41020200011', chinaStamp14(EPOCH), 7);
    expect(id).toBe('H41020200011202311150613200007');
    expect(id).toHaveLength(MSGID_LENGTH);
    expect(isMsgid(id)).toBe(true);
    expect(parseMsgid(id)).toEqual({ fixmedins_code: 'H41020200011', stamp: '20231115061320', seq: 7 });
    expect(formatMsgid('P45010301036', '20261120103000', 9999)).toBe('P45010301036202611201030009999');
  });

  it('refuses bad parts with a typed error', () => {
    expect(() => formatMsgid('H4102020001', '20231115061320', 1)).toThrow(AppError);
    expect(() => formatMsgid('H41020200011', '2023111506132', 1)).toThrow(AppError);
    expect(() => formatMsgid('H41020200011', '20231115061320', 10_000)).toThrow(AppError);
    expect(() => formatMsgid('H41020200011', '20231115061320', -1)).toThrow(AppError);
    expect(() => formatMsgid('H41020200011', '20231115061320', 1.5)).toThrow(AppError);
  });

  it('recognises only the msgid shape', () => {
    expect(isMsgid('H4102020001120231115061320000')).toBe(false); // 29
    expect(isMsgid('410000202309201823500002516630')).toBe(true); // an inf_refmsgid has the same shape
    expect(parseMsgid('H41020200011-02311150613200007')).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4_102_444_800 }), (seq, sec) => {
        const id = formatMsgid('H41020200011', chinaStamp14(sec * 1000), seq);
        expect(parseMsgid(id)).toEqual({ fixmedins_code: 'H41020200011', stamp: chinaStamp14(sec * 1000), seq });
      }),
      { numRuns: 500 },
    );
  });
});

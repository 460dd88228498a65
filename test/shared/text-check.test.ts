/**
 * The shared text check (hardening issue item 6) as properties: text made of ordinary characters
 * (any language, paired surrogates included) passes; inserting one control character, bidi
 * control or lone surrogate anywhere fails with that reason; and the request schemas use it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSafeText, unsafeTextReason } from '../../shared/text-check';
import { FeeLineRequest } from '../../shared/api/requests';

const safeChar = fc
  .oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0xa0, max: 0x2029 }),
    fc.integer({ min: 0x202f, max: 0x2065 }),
    fc.integer({ min: 0x206a, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xffff }),
    fc.integer({ min: 0x10000, max: 0x10ffff }),
  )
  .map((cp) => String.fromCodePoint(cp));
const safeText = fc.array(safeChar, { maxLength: 40 }).map((a) => a.join(''));
const char = (c: number) => String.fromCharCode(c);
const bad: [fc.Arbitrary<string>, string][] = [
  [fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map(char), 'control character'],
  [
    fc.oneof(fc.integer({ min: 0x202a, max: 0x202e }), fc.integer({ min: 0x2066, max: 0x2069 })).map(char),
    'bidi control',
  ],
  [fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), 'lone surrogate'],
];

describe('unsafeTextReason', () => {
  it('passes ordinary text of any script, astral characters included', () => {
    fc.assert(fc.property(safeText, (s) => isSafeText(s)));
  });

  it('finds one bad character anywhere and names its kind', () => {
    for (const [arb, reason] of bad) {
      // `b` starts with a safe character that is never a low surrogate, so a high one stays alone.
      fc.assert(
        fc.property(safeText, arb, safeText, (a, x, b) => {
          expect(unsafeTextReason(`${a}${x}.${b}`)).toBe(reason);
        }),
      );
    }
  });

  it('the fee line schema refuses a name with a bidi override and says so without the value', () => {
    const line = {
      feedetl_sn: '1',
      medins_list_codg: 'CT64',
      cnt: '1',
      pric: '1',
      det_item_fee_sumamt: '1.00',
      fee_ocur_time: '2026-11-20 09:10:00',
    };
    const r = FeeLineRequest.safeParse({ ...line, name: 'CT\u202e扫平' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).not.toContain('扫平');
  });
});

/**
 * Fee-upload batching (issue 13 item 5): every batch keeps `input` within 40,000 characters and the
 * line cap whatever the lines' lengths, keeps the lines' order, and is as full as the caps allow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeeLineTooLarge, INPUT_CHAR_LIMIT, feeUploadBatches, inputChars } from '../../main/domain/fee-upload-batches';

const text = (n: number): string => 'x'.repeat(n);

describe('feeUploadBatches', () => {
  it('cuts by the line cap: 120 short lines at 50 per call → 50, 50, 20', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `{"feedetl_sn":"${i}"}`);
    expect(feeUploadBatches(lines, (l) => l.length, { maxLines: 50 }).map((b) => b.length)).toEqual([50, 50, 20]);
  });

  it('cuts by characters: lines of 9,999 characters go 3 to a call (16 + 3 × 9,999 + 2 = 30,015; a 4th would be 40,015)', () => {
    const lines = Array.from({ length: 7 }, () => text(9_999));
    const batches = feeUploadBatches(lines, (l) => l.length, { maxLines: 1000 });
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(inputChars(batches[0]!)).toBe(30_015);
  });

  it('fills a call to exactly 40,000 characters and not one more', () => {
    // wrapper 16 + 2 lines + 1 comma = 40,000 → lines of 19,991 and 19,992.
    const exact = [text(19_991), text(19_992)];
    expect(feeUploadBatches(exact, (l) => l.length, { maxLines: 10 })).toHaveLength(1);
    const over = [text(19_991), text(19_993)];
    expect(feeUploadBatches(over, (l) => l.length, { maxLines: 10 })).toHaveLength(2);
  });

  it('refuses a line that fits in no call, naming its index', () => {
    expect(() => feeUploadBatches(['a', text(INPUT_CHAR_LIMIT)], (l) => l.length, { maxLines: 5 })).toThrow(
      FeeLineTooLarge,
    );
    try {
      feeUploadBatches(['a', text(INPUT_CHAR_LIMIT)], (l) => l.length, { maxLines: 5 });
    } catch (e) {
      expect((e as FeeLineTooLarge).index).toBe(1);
    }
  });

  it('property: order kept, every batch within both caps, and no batch could have taken the next line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 12_000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (sizes, maxLines) => {
          const lines = sizes.map((n, i) => ({ i, t: text(n) }));
          const batches = feeUploadBatches(lines, (l) => l.t.length, { maxLines });
          expect(batches.flat().map((l) => l.i)).toEqual(lines.map((l) => l.i));
          batches.forEach((b, k) => {
            expect(b.length).toBeGreaterThan(0);
            expect(b.length).toBeLessThanOrEqual(maxLines);
            expect(inputChars(b.map((l) => l.t))).toBeLessThanOrEqual(INPUT_CHAR_LIMIT);
            const next = batches[k + 1]?.[0];
            if (next !== undefined && b.length < maxLines) {
              expect(inputChars([...b, next].map((l) => l.t))).toBeGreaterThan(INPUT_CHAR_LIMIT);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: the measured size is the JSON text of the input', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ feedetl_sn: fc.string(), name: fc.string() }), { maxLength: 30 }), (rows) => {
        expect(inputChars(rows.map((r) => JSON.stringify(r)))).toBe(JSON.stringify({ feedetail: rows }).length);
      }),
    );
  });
});

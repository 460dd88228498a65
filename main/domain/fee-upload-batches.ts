/**
 * Cutting a fee upload (2204 / 2301) into calls the platform accepts (issue 13 item 5). The national
 * envelope allows at most 40,000 characters of `input` as JSON text; a platform refuses a longer
 * one, and a gateway may cut the connection on a large body, leaving the outcome unknown. A batch is
 * closed when one more line would pass either the line cap or the character limit, measured on
 * each line's own serialised text, so no batch can pass the limit whatever the lines' lengths.
 */

/** The national limit on `input`, characters of its JSON text (protocol: 40,000). */
export const INPUT_CHAR_LIMIT = 40_000;

/** Lines per fee-upload call unless configured (`upstream.fee_upload_batch_lines`). */
export const DEFAULT_FEE_UPLOAD_BATCH_LINES = 50;

/** Bounds of the configurable line cap. */
export const FEE_UPLOAD_BATCH_LINES_MIN = 1;
export const FEE_UPLOAD_BATCH_LINES_MAX = 1_000;

/** `{"feedetail":[` and `]}`: the text of `input` around the lines. */
const WRAPPER_CHARS = '{"feedetail":[]}'.length;

/** Options of {@link feeUploadBatches}. */
export interface FeeBatchOptions {
  /** Most lines per call (≥ 1). */
  readonly maxLines: number;
  /** Most characters of `input` per call (default {@link INPUT_CHAR_LIMIT}). */
  readonly maxChars?: number;
}

/** Thrown when one line alone cannot fit in a call (its text passes the limit with the wrapper). */
export class FeeLineTooLarge extends Error {
  constructor(readonly index: number) {
    super(`fee line ${index} alone exceeds the input limit`);
    this.name = 'FeeLineTooLarge';
  }
}

/**
 * The lines in order, cut into batches. `sizeOf(line)` is the length of the line's JSON text
 * exactly as it goes into `input.feedetail` (an upper bound is fine: the cut is then only earlier).
 * Throws {@link FeeLineTooLarge} for a line that fits in no batch.
 */
export function feeUploadBatches<T>(lines: readonly T[], sizeOf: (line: T) => number, opts: FeeBatchOptions): T[][] {
  const maxLines = Math.max(1, Math.trunc(opts.maxLines));
  const maxChars = opts.maxChars ?? INPUT_CHAR_LIMIT;
  const out: T[][] = [];
  let current: T[] = [];
  let chars = WRAPPER_CHARS;
  lines.forEach((line, i) => {
    const size = sizeOf(line);
    if (WRAPPER_CHARS + size > maxChars) throw new FeeLineTooLarge(i);
    // A comma separates a line from the one before it.
    const added = current.length === 0 ? size : size + 1;
    if (current.length >= maxLines || chars + added > maxChars) {
      out.push(current);
      current = [];
      chars = WRAPPER_CHARS;
    }
    chars += current.length === 0 ? size : size + 1;
    current.push(line);
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** The length of `{"feedetail":[…]}` for these line texts (what {@link feeUploadBatches} bounds). */
export function inputChars(lineTexts: readonly string[]): number {
  return WRAPPER_CHARS + lineTexts.reduce((a, t) => a + t.length, 0) + Math.max(0, lineTexts.length - 1);
}

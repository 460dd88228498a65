/**
 * Refusals (docs/sandbox-policy.md §2): infcode −1 and an `err_msg` that begins with the code in
 * brackets, then plain Chinese. Handlers throw a Refusal; the call pipeline turns it into the
 * answer and rolls back everything the handler wrote.
 */

/** Every code the sandbox puts in brackets. INTERNAL marks a sandbox bug, never a business rule. */
export type RefusalCode =
  | 'NO_REGISTRATION'
  | 'SUSPENDED'
  | 'INSURANCE_INACTIVE'
  | 'CHRONIC_NOT_COVERED'
  | 'ALREADY_SETTLED'
  | 'NOT_FOUND'
  | 'FILE_INVALID'
  | 'ALREADY_CANCELLED'
  | 'ALREADY_REVERSED'
  | 'DUPLICATE_MSGID'
  | 'AMOUNT_MISMATCH'
  | 'BAD_INPUT'
  | 'SIGN_NO_INVALID'
  | 'INSTITUTION_UNKNOWN'
  | 'INPUT_TOO_LARGE'
  | 'INSTITUTION_KIND'
  | 'INTERNAL';

/** A refused call; `message` is the whole `err_msg` (`[CODE] 说明`). */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly detail: string,
  ) {
    super(`[${code}] ${detail}`);
    this.name = 'Refusal';
  }
}

/** Shorthand for `new Refusal('BAD_INPUT', …)`. */
export function badInput(detail: string): Refusal {
  return new Refusal('BAD_INPUT', detail);
}

/**
 * The one check of free text that crosses a boundary (HIS API, bridge, config): refuses what a
 * cashier cannot see or what reorders what they see. Control characters (C0, DEL, C1),
 * bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) and lone UTF-16 surrogates (a JSON
 * `"\ud800"` escape) are refused; invalid UTF-8 is refused where bytes are decoded (parse-body).
 * A slip or a platform record that silently differs from what the screen showed is the risk.
 */

/** Why a text is refused, in plain English for the field's issue; never quotes the text. */
export type UnsafeTextReason = 'control character' | 'bidi control' | 'lone surrogate';

/** The first reason `s` is unsafe, or null when it is fine. Linear in the length, no allocation. */
export function unsafeTextReason(s: string): UnsafeTextReason | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return 'control character';
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return 'bidi control';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'lone surrogate';
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'lone surrogate';
  }
  return null;
}

/** True when `s` has none of the refused characters. */
export function isSafeText(s: string): boolean {
  return unsafeTextReason(s) === null;
}

/** The issue message of a refused text field (names the kind of character, never the value). */
export const UNSAFE_TEXT_MESSAGE = 'contains a control, bidi or invalid character';

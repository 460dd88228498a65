/** Difference notes between the adapter's preview and the platform's split, for the cashier. */

/**
 * The difference notes of a line as the cashier reads them: each reason once (the platform's split
 * differs in several fields for one reason), without the bracketed code, which stays for IT in the
 * cell's tooltip.
 */
export function differenceNotes(
  diffs: readonly { readonly reason: string }[],
): { readonly code: string; readonly text: string }[] {
  const out: { code: string; text: string }[] = [];
  for (const d of diffs) {
    const m = /^\s*\[([A-Z0-9_]+)\]\s*(.*)$/s.exec(d.reason);
    const code = m?.[1] ?? '';
    const text = (m?.[2] ?? d.reason).trim();
    if (!out.some((o) => o.text === text)) out.push({ code, text });
  }
  return out;
}

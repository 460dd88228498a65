/**
 * The exact request text (docs/reliability.md §1 "Amounts", docs/protocol.md §4 "Precision"): the envelope
 * is serialised with lossless-json, and every field the trade declares numeric
 * (`NUMERIC_REQUEST_FIELDS` of shared/protocol) is written as a JSON number literal taken
 * character for character from its decimal string, never through a binary float
 * (`"1234.50"` → `1234.50`).
 */
import { LosslessNumber, stringify } from 'lossless-json';

/** Thrown when a numeric field holds something that is not a JSON number literal. */
export class WireBodyError extends Error {
  constructor(readonly path: string) {
    super(`${path}: not a decimal number literal`);
    this.name = 'WireBodyError';
  }
}

/** JSON number grammar, no exponent: what a decimal string must look like to go out as a number. */
const DECIMAL_LITERAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * The envelope with numeric fields (at any depth, including inside lists) turned into
 * LosslessNumbers. `""` and `null` stay as they are ("not provided"); JS numbers stay numbers.
 * Throws {@link WireBodyError} on a numeric field that is a non-numeric string.
 */
export function withNumberLiterals(value: unknown, numericFields: ReadonlySet<string>, path = '$'): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withNumberLiterals(v, numericFields, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return value;
  if ((value as { isLosslessNumber?: unknown }).isLosslessNumber === true) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (numericFields.has(k) && typeof v === 'string' && v.trim() !== '') {
      const text = v.trim();
      if (!DECIMAL_LITERAL.test(text)) throw new WireBodyError(`${path}.${k}`);
      out[k] = new LosslessNumber(text);
    } else {
      out[k] = withNumberLiterals(v, numericFields, `${path}.${k}`);
    }
  }
  return out;
}

/** The JSON text of `envelope` with the numeric fields as number literals. */
export function toWireBody(envelope: Readonly<Record<string, unknown>>, numericFields: ReadonlySet<string>): string {
  const text = stringify(withNumberLiterals(envelope, numericFields));
  if (text === undefined) throw new WireBodyError('$');
  return text;
}

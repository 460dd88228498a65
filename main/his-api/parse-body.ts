/**
 * Reading request bodies: JSON parsed with lossless-json so amounts keep their exact literal, after
 * bounds that hold for every route (hardening issue items 1 and 6): valid UTF-8 only, nesting
 * depth, array length and total value count bounded, and no string (key or value) carrying a
 * control, bidi or lone-surrogate character. Errors name where, never quote what was sent.
 */
import { parse } from 'lossless-json';
import type { ZodType } from 'zod';
import { AppError } from '../../shared/errors/app-error';
import { unsafeTextReason } from '../../shared/text-check';
import { badRequestFromIssues } from './api-error';

/** Bounds of one JSON body. */
export interface JsonBounds {
  /** Deepest nesting of objects/arrays (a bill is 3 deep: body → lines → line). */
  readonly maxDepth: number;
  /** Longest array (a bill of 20,000 lines fits). */
  readonly maxArrayItems: number;
  /** Most values (objects, arrays, scalars) in the whole body. */
  readonly maxValues: number;
}

/** The bounds every route gets: generous for a 20,000-line bill, far below what hurts. */
export const DEFAULT_JSON_BOUNDS: JsonBounds = { maxDepth: 16, maxArrayItems: 20_000, maxValues: 500_000 };

const bad = (message: string, field?: string) => new AppError('BAD_REQUEST', { message, ...(field !== undefined ? { detail: { field } } : {}) });

/** Parses JSON text losslessly; an empty body reads as `{}`. Throws BAD_REQUEST on bad JSON or bounds. */
export function parseJsonBody(bytes: Uint8Array, bounds: JsonBounds = DEFAULT_JSON_BOUNDS): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).trim();
  } catch {
    throw bad('请求体不是合法的 UTF-8 文本。', 'body');
  }
  if (text === '') return {};
  // Depth is checked on the text first: a deep `[[[[…` must never reach the recursive parser.
  if (jsonDepth(text) > bounds.maxDepth) throw bad(`请求体嵌套过深（最多 ${bounds.maxDepth} 层）。`, 'body');
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    throw bad('请求体不是合法的 JSON。', 'body');
  }
  checkValues(value, bounds);
  return value;
}

/** The deepest nesting of `[`/`{` outside strings (a linear scan, no allocation). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Walks the parsed value iteratively: array lengths, value count, safe strings (keys too). */
function checkValues(root: unknown, bounds: JsonBounds): void {
  const stack: { v: unknown; path: string }[] = [{ v: root, path: '' }];
  let count = 0;
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (++count > bounds.maxValues) throw bad(`请求体的数据项过多（最多 ${bounds.maxValues} 个）。`, 'body');
    if (typeof v === 'string') {
      if (unsafeTextReason(v) !== null) throw bad(`请求字段 ${path || '(根)'} 含有控制字符、双向排版控制符或无效字符。`, path || 'body');
    } else if (Array.isArray(v)) {
      if (v.length > bounds.maxArrayItems) throw bad(`请求字段 ${path || '(根)'} 的条目过多（最多 ${bounds.maxArrayItems} 条）。`, path || 'body');
      v.forEach((item, i) => stack.push({ v: item, path: path ? `${path}.${i}` : String(i) }));
    } else if (v !== null && typeof v === 'object' && !isLosslessNumber(v)) {
      for (const [k, item] of Object.entries(v)) {
        // A key is caller text too; a bad one is named by its parent, never quoted.
        if (unsafeTextReason(k) !== null || k.length > 100) throw bad(`请求字段 ${path || '(根)'} 含有无效的字段名。`, path || 'body');
        stack.push({ v: item, path: path ? `${path}.${k}` : k });
      }
    }
  }
}

function isLosslessNumber(v: object): boolean {
  return (v as { isLosslessNumber?: unknown }).isLosslessNumber === true;
}

/** Validates a parsed body with a schema; throws BAD_REQUEST naming the bad field. */
export function validate<T>(schema: ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw badRequestFromIssues(r.error.issues);
  return r.data;
}

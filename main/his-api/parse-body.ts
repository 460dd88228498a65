/** Reading request bodies: JSON parsed with lossless-json so amounts keep their exact literal. */
import { parse } from 'lossless-json';
import type { ZodType } from 'zod';
import { AppError } from '../../shared/errors/app-error';
import { badRequestFromIssues } from './api-error';

/** Parses JSON text losslessly; an empty body reads as `{}`. Throws BAD_REQUEST on bad JSON. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim();
  if (text === '') return {};
  try {
    return parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', { message: '请求体不是合法的 JSON。' });
  }
}

/** Validates a parsed body with a schema; throws BAD_REQUEST naming the bad field. */
export function validate<T>(schema: ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw badRequestFromIssues(r.error.issues);
  return r.data;
}

/**
 * Reading the operator a HIS API request names (docs/his-api.md "Operators"): body `opter` first, then
 * the `X-Opter` header (GET, file uploads); a numeric code sent as a JSON number keeps its digits;
 * anything else in `opter` is a 400 naming the field, never echoing the value.
 */
import { describe, expect, it } from 'vitest';
import { namedOpter } from '../../main/app/operator-gate';
import { parseJsonBody } from '../../main/his-api/parse-body';
import type { ApiRequest } from '../../main/his-api/route';

const req = (body: string | undefined, headers: Record<string, string> = {}): ApiRequest => ({
  method: body === undefined ? 'GET' : 'POST',
  path: '/x',
  params: {},
  query: new URLSearchParams(),
  body: body === undefined ? undefined : parseJsonBody(Buffer.from(body)),
  rawBody: Buffer.alloc(0),
  headers,
});

describe('namedOpter', () => {
  it('reads the body, then the header; blank is none', () => {
    expect(namedOpter(req('{"opter":" C01 ","opter_name":"甲"}'))).toBe('C01');
    expect(namedOpter(req(undefined, { 'x-opter': 'S01' }))).toBe('S01');
    expect(namedOpter(req('{"opter":""}', { 'x-opter': 'I01' }))).toBe('I01');
    expect(namedOpter(req('{}'))).toBeNull();
    expect(namedOpter(req(undefined, { 'x-opter': '  ' }))).toBeNull();
  });

  it('keeps the digits of a numeric code, refuses other types naming the field', () => {
    expect(namedOpter(req('{"opter":12345678901234567890}'))).toBe('12345678901234567890');
    try {
      namedOpter(req('{"opter":{"evil":"430102196908080713"}}'));
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'BAD_REQUEST', detail: { field: 'opter' } });
      expect(JSON.stringify(e)).not.toContain('430102196908080713');
      expect((e as Error).message).not.toContain('430102196908080713');
    }
  });
});

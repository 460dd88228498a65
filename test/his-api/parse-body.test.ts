/**
 * Request JSON parsing (hardening issue items 1 and 6) as properties: V8's parser with source
 * numbers gives exactly what lossless-json gives; `jsonDepth` is the real nesting, whatever the
 * strings hold; bounds refuse with the field named. Weak tokens are refused by the config schema.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { parse, stringify } from 'lossless-json';
import { DEFAULT_JSON_BOUNDS, jsonDepth, parseJsonBody, parseLossless } from '../../main/his-api/parse-body';
import { weakTokenReason } from '../../shared/token-strength';
import { ConfigSchema } from '../../main/config/config-schema';

/** Nesting of a parsed value (0 for a scalar). */
const depthOf = (v: unknown): number => {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  return v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
};

/** Numbers written with more digits than a double keeps, so a lossy parser would differ. */
const exactNumber = fc
  .tuple(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: 0, max: 6 }))
  .map(
    ([i, scale]) => `${i < 0n ? '-' : ''}${(i < 0n ? -i : i).toString()}${scale ? `.${'0'.repeat(scale - 1)}5` : ''}`,
  );

describe('parseLossless', () => {
  it('equals lossless-json on any JSON text, long numbers included', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 5 }), (text) => {
        expect(stringify(parseLossless(text))).toBe(stringify(parse(text)));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(exactNumber, { maxLength: 8 }), (nums) => {
        const text = `{"a":[${nums.join(',')}]}`;
        expect(stringify(parseLossless(text))).toBe(stringify(parse(text)));
      }),
    );
  });
});

describe('jsonDepth', () => {
  it('is the nesting of the parsed value, brackets inside strings ignored', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        expect(jsonDepth(JSON.stringify(v))).toBe(depthOf(v));
      }),
      { numRuns: 300 },
    );
    expect(jsonDepth('{"a":"[[[{{\\"]]"}')).toBe(1);
  });

  it('a body deeper than the bound is refused before parsing', () => {
    const deep = `${'{"a":'.repeat(DEFAULT_JSON_BOUNDS.maxDepth + 1)}1${'}'.repeat(DEFAULT_JSON_BOUNDS.maxDepth + 1)}`;
    expect(() => parseJsonBody(Buffer.from(deep))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    const ok = `${'{"a":'.repeat(DEFAULT_JSON_BOUNDS.maxDepth)}1${'}'.repeat(DEFAULT_JSON_BOUNDS.maxDepth)}`;
    expect(() => parseJsonBody(Buffer.from(ok))).not.toThrow();
  });
});

describe('weak tokens', () => {
  it('refuses the README example, repeats, whitespace, short and low-variety tokens; accepts random ones', () => {
    const weak = [
      'at-least-16-characters-secret',
      'x'.repeat(40),
      'abcdefgh ijklmnop',
      'abcdefgh\tijklmnop',
      'short',
      'abcabcabcabcabcabc',
    ];
    for (const t of weak) expect(weakTokenReason(t), t).not.toBeNull();
    // What the runtime and `openssl rand -base64 24` make.
    for (let i = 0; i < 200; i++) expect(weakTokenReason(randomBytes(24).toString('base64url'))).toBeNull();
  });

  it('the config schema reports a weak his_api.token by its path', () => {
    const r = ConfigSchema.safeParse({
      institution: { fixmedins_code: 'H41020200011', fixmedins_name: '示范医院', mdtrtarea_admvs: '410202' },
      upstream: { url: 'http://10.1.2.3:8080' },
      operator: { opter: '1', opter_name: '甲' },
      his_api: { port: 8700, token: 'at-least-16-characters-secret' },
      data_dir: './data',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['his_api.token']);
  });
});

/**
 * R4: every shape of a call maps to exactly one outcome (docs/reliability.md §1). Table-driven: the
 * outcome column is written by hand from the table of §1, not computed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bracketCodeOf,
  classifyOutcome,
  LOCAL_AXIOS_CODES,
  NO_CONNECTION_CODES,
} from '../../main/upstream/classify-outcome';
import type { ClassifyInput } from '../../main/upstream/classify-outcome';
import type { CallOutcome } from '../../main/upstream/ports';

const env = (o: Record<string, unknown>): string => JSON.stringify(o);
const r200 = (text: string): ClassifyInput => ({ kind: 'reply', httpStatus: 200, text });
const status = (s: number, text = ''): ClassifyInput => ({ kind: 'reply', httpStatus: s, text });
const net = (code: string, httpStatus?: number): ClassifyInput =>
  httpStatus === undefined ? { kind: 'transport', code } : { kind: 'transport', code, httpStatus };

type Case = readonly [name: string, input: ClassifyInput, outcome: CallOutcome, errCode?: string];

const CASES: readonly Case[] = [
  // local errors before sending
  ['local validation error', { kind: 'local', code: 'BAD_REQUEST_INPUT' }, 'NOT_SENT'],
  ['local signing error', { kind: 'local', code: 'SIGNING_FAILED' }, 'NOT_SENT'],
  ['axios invalid url', net('ERR_INVALID_URL'), 'NOT_SENT'],
  // no connection
  ['ECONNREFUSED', net('ECONNREFUSED'), 'NOT_SENT'],
  ['ENOTFOUND', net('ENOTFOUND'), 'NOT_SENT'],
  ['EAI_AGAIN', net('EAI_AGAIN'), 'NOT_SENT'],
  // reset, timeout, deadline
  ['ECONNRESET', net('ECONNRESET'), 'UNKNOWN'],
  ['EPIPE', net('EPIPE'), 'UNKNOWN'],
  ['ETIMEDOUT', net('ETIMEDOUT'), 'UNKNOWN'],
  ['ECONNABORTED (axios timeout)', net('ECONNABORTED'), 'UNKNOWN'],
  ['ERR_CANCELED (deadline signal)', net('ERR_CANCELED'), 'UNKNOWN'],
  ['hard stop after D', net('ERR_DEADLINE'), 'UNKNOWN'],
  ['EHOSTUNREACH (ambiguous: may follow a connection)', net('EHOSTUNREACH'), 'UNKNOWN'],
  ['no code at all', { kind: 'transport' }, 'UNKNOWN'],
  // body cut short, 5xx
  ['ERR_BAD_RESPONSE after 200 headers', net('ERR_BAD_RESPONSE', 200), 'UNKNOWN'],
  ['ERR_BAD_RESPONSE on 5xx', net('ERR_BAD_RESPONSE', 502), 'UNKNOWN'],
  ['ECONNREFUSED code after headers arrived', net('ECONNREFUSED', 200), 'UNKNOWN'],
  ['HTTP 500', status(500, env({ infcode: -1, err_msg: '[BAD_INPUT] x' })), 'UNKNOWN'],
  ['HTTP 502', status(502), 'UNKNOWN'],
  ['HTTP 503', status(503), 'UNKNOWN'],
  ['HTTP 504', status(504), 'UNKNOWN'],
  // other non-200
  ['HTTP 400', status(400), 'UNKNOWN'],
  ['HTTP 404', status(404), 'UNKNOWN'],
  ['HTTP 302 (redirect not followed)', status(302), 'UNKNOWN'],
  ['HTTP 204', status(204), 'UNKNOWN'],
  [
    'HTTP 429 marked definite by the profile',
    { kind: 'reply', httpStatus: 429, text: '', definiteStatuses: new Set([429]) },
    'DEFINITE_FAIL',
  ],
  [
    'HTTP 503 listed as definite stays UNKNOWN (5xx)',
    { kind: 'reply', httpStatus: 503, text: '', definiteStatuses: new Set([503]) },
    'UNKNOWN',
  ],
  // 200 but not JSON
  ['200 HTML', r200('<html>gateway error</html>'), 'UNKNOWN'],
  ['200 empty body', r200(''), 'UNKNOWN'],
  ['200 truncated JSON', r200('{"infcode":0,"output":{"setlinfo":{"setl_id":"1'), 'UNKNOWN'],
  ['200 JSON array', r200('[1,2]'), 'UNKNOWN'],
  ['200 JSON string', r200('"ok"'), 'UNKNOWN'],
  // schema, infcode missing
  ['infcode missing', r200(env({ err_msg: null, output: {} })), 'UNKNOWN'],
  ['infcode null', r200(env({ infcode: null, output: {} })), 'UNKNOWN'],
  ['infcode "" (Number("") === 0 trap)', r200(env({ infcode: '', output: {} })), 'UNKNOWN'],
  ['infcode "abc"', r200(env({ infcode: 'abc' })), 'UNKNOWN'],
  ['infcode 1 (neither 0 nor negative)', r200(env({ infcode: 1 })), 'UNKNOWN'],
  ['output is an array', r200(env({ infcode: 0, output: [1] })), 'UNKNOWN'],
  ['err_msg is an object', r200(env({ infcode: -1, err_msg: { a: 1 } })), 'UNKNOWN'],
  // infcode < 0 with a timeout-like err_msg
  ['-1 超时', r200(env({ infcode: -1, err_msg: '调用参保地结算服务超时' })), 'UNKNOWN'],
  [
    '-1 Read timed out',
    r200(env({ infcode: -1, err_msg: 'java.net.SocketTimeoutException: Read timed out' })),
    'UNKNOWN',
  ],
  ['"-1" timeout', r200(env({ infcode: '-1', err_msg: 'upstream timeout' })), 'UNKNOWN'],
  ['-1 连接参保地失败', r200(env({ infcode: -1, err_msg: '连接参保地平台失败' })), 'UNKNOWN'],
  ['-1 网络异常', r200(env({ infcode: -1, err_msg: '网络异常，请稍后' })), 'UNKNOWN'],
  ['-1 数据库异常', r200(env({ infcode: -1, err_msg: '数据库操作异常' })), 'UNKNOWN'],
  // infcode < 0 otherwise
  [
    '-1 [NO_REGISTRATION]',
    r200(env({ infcode: -1, err_msg: '[NO_REGISTRATION] 未查询到有效的异地就医备案' })),
    'DEFINITE_FAIL',
    'NO_REGISTRATION',
  ],
  [
    '"-1" [ALREADY_SETTLED]',
    r200(env({ infcode: '-1', err_msg: '[ALREADY_SETTLED] 该就诊已结算' })),
    'DEFINITE_FAIL',
    'ALREADY_SETTLED',
  ],
  ['-2 business error without code', r200(env({ infcode: -2, err_msg: '人员信息不存在' })), 'DEFINITE_FAIL'],
  ['-1 with no err_msg', r200(env({ infcode: -1 })), 'DEFINITE_FAIL'],
  [
    '-1 [SIGN_NO_INVALID]',
    r200(env({ infcode: -1, err_msg: '[SIGN_NO_INVALID] 签到编号无效' })),
    'DEFINITE_FAIL',
    'SIGN_NO_INVALID',
  ],
  // success
  ['infcode 0', r200(env({ infcode: 0, output: { a: 1 } })), 'SUCCESS'],
  ['infcode "0"', r200(env({ infcode: '0', err_msg: 'success', output: {} })), 'SUCCESS'],
  ['infcode 0, output null (cancel)', r200(env({ infcode: 0, output: null })), 'SUCCESS'],
  [
    'infcode 0, output absent, extra keys',
    r200(env({ type: 'x', appname: 'y', infcode: 0, err_msg: '成功' })),
    'SUCCESS',
  ],
  ['infcode 0, output encrypted string', r200(env({ infcode: 0, output: 'U0M0ZW5j' })), 'SUCCESS'],
  [
    'infcode 0 but output fails the trade schema',
    { kind: 'reply', httpStatus: 200, text: env({ infcode: 0, output: {} }), outputCheck: () => 'setl_id missing' },
    'UNKNOWN',
  ],
  [
    'infcode 0 and output passes the trade schema',
    { kind: 'reply', httpStatus: 200, text: env({ infcode: 0, output: { setl_id: 'S1' } }), outputCheck: () => null },
    'SUCCESS',
  ],
  ['infcode 0 with 3 spaces and whitespace', r200('  { "infcode" : 0 ,\n "output" : { } }  '), 'SUCCESS'],
];

describe('classifyOutcome (R4)', () => {
  it('has at least 20 shapes, all four outcomes represented', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CASES.map((c) => c[2]))).toEqual(new Set(['SUCCESS', 'DEFINITE_FAIL', 'NOT_SENT', 'UNKNOWN']));
  });

  it.each(CASES.map((c) => ({ name: c[0], input: c[1], outcome: c[2], errCode: c[3] })))(
    '$name → $outcome',
    ({ input, outcome, errCode }) => {
      const c = classifyOutcome(input);
      expect(c.outcome).toBe(outcome);
      if (errCode !== undefined) expect(c.errCode).toBe(errCode);
      // deterministic: the same shape always gives the same single outcome
      expect(classifyOutcome(input).outcome).toBe(c.outcome);
    },
  );

  it('keeps success amounts and long identifiers exact (lossless-json)', () => {
    const c = classifyOutcome(
      r200('{"infcode":0,"output":{"setlinfo":{"medfee_sumamt":1234.50,"feedetl_sn":1234567890123456789}}}'),
    );
    expect(c.outcome).toBe('SUCCESS');
    const setlinfo = (c.output as { setlinfo: Record<string, { toString(): string }> }).setlinfo;
    expect(setlinfo['medfee_sumamt']!.toString()).toBe('1234.50');
    expect(setlinfo['feedetl_sn']!.toString()).toBe('1234567890123456789');
  });

  it('returns the raw err_msg of a refusal and the reason tag', () => {
    const c = classifyOutcome(r200(env({ infcode: -1, err_msg: '[NO_REGISTRATION] 无备案' })));
    expect(c).toMatchObject({
      outcome: 'DEFINITE_FAIL',
      reason: 'refused',
      errCode: 'NO_REGISTRATION',
      errMsg: '[NO_REGISTRATION] 无备案',
    });
    expect(classifyOutcome(r200(env({ infcode: -1, err_msg: '处理超时' }))).reason).toBe('timeout-like-refusal');
  });

  it('reads bracket codes, ASCII or full-width brackets', () => {
    expect(bracketCodeOf('[NO_REGISTRATION] x')).toBe('NO_REGISTRATION');
    expect(bracketCodeOf('【SUSPENDED】x')).toBe('SUSPENDED');
    expect(bracketCodeOf('无代码')).toBeUndefined();
    expect(bracketCodeOf(undefined)).toBeUndefined();
  });

  it('property: no ambiguous shape becomes DEFINITE_FAIL or NOT_SENT (R4)', () => {
    // any non-200 status, whatever the body, is UNKNOWN without a definite list
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }).filter((n) => n !== 200),
        fc.string(),
        (st, text) => {
          expect(classifyOutcome({ kind: 'reply', httpStatus: st, text }).outcome).toBe('UNKNOWN');
        },
      ),
      { numRuns: 500 },
    );
    // any transport code outside the no-connection / build-time lists is UNKNOWN
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (code) => {
        fc.pre(!NO_CONNECTION_CODES.has(code) && !LOCAL_AXIOS_CODES.has(code));
        expect(classifyOutcome({ kind: 'transport', code }).outcome).toBe('UNKNOWN');
      }),
      { numRuns: 500 },
    );
    // once a status arrived, even a no-connection code is UNKNOWN (the request was sent)
    fc.assert(
      fc.property(fc.constantFrom(...NO_CONNECTION_CODES), fc.integer({ min: 100, max: 599 }), (code, st) => {
        expect(classifyOutcome({ kind: 'transport', code, httpStatus: st }).outcome).toBe('UNKNOWN');
      }),
    );
    // a 200 body that is not a JSON object with a usable infcode is never SUCCESS nor DEFINITE_FAIL
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ output: v })),
        ),
        (text) => {
          expect(classifyOutcome({ kind: 'reply', httpStatus: 200, text }).outcome).toBe('UNKNOWN');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

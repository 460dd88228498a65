/**
 * Reading the e-voucher decode service's answers (docs/protocol.md §5): success needs code 0 and an
 * ecToken; refusals are told apart by the sandbox's codes or by the words of real services; any
 * text at all is read without throwing, and only a code-0 answer with a token is ever a success.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeUrl, readDecodeAnswer, refusalReason } from '../../main/upstream/ec-voucher-decoder';

describe('readDecodeAnswer', () => {
  it('reads a decoded voucher', () => {
    const r = readDecodeAnswer(
      200,
      JSON.stringify({
        code: 0,
        message: '成功',
        data: { ecToken: 'T1', idNo: '430102195001250839', userName: '某某', idType: '01', insuOrg: '430100' },
      }),
    );
    expect(r).toEqual({
      ok: true,
      voucher: { ecToken: 'T1', idNo: '430102195001250839', userName: '某某', idType: '01', insuOrg: '430100' },
    });
  });

  it('tells expired, foreign and unknown codes apart; a service failure is "unavailable"', () => {
    expect(readDecodeAnswer(200, '{"code":3,"message":"x"}')).toMatchObject({ ok: false, reason: 'expired' });
    expect(readDecodeAnswer(200, '{"code":4,"message":"x"}')).toMatchObject({ ok: false, reason: 'foreign' });
    expect(readDecodeAnswer(200, '{"code":2,"message":"电子凭证无效"}')).toMatchObject({
      ok: false,
      reason: 'invalid',
      detail: '电子凭证无效',
    });
    expect(readDecodeAnswer(200, '{"code":"-1","message":"二维码已过期，请刷新"}')).toMatchObject({
      reason: 'expired',
    });
    expect(readDecodeAnswer(200, '{"code":"E01","message":"该二维码为付款码"}')).toMatchObject({ reason: 'foreign' });
    expect(readDecodeAnswer(502, 'bad gateway')).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(readDecodeAnswer(200, '<html>')).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(readDecodeAnswer(200, '{"code":0,"data":{}}')).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(readDecodeAnswer(200, '{"message":"no code"}')).toMatchObject({ ok: false, reason: 'unavailable' });
  });

  it('never throws, and succeeds only with code 0 and an ecToken (property)', () => {
    const answer = fc.record(
      {
        code: fc.oneof(fc.constant(0), fc.constant('0'), fc.integer({ min: -5, max: 9 }), fc.string()),
        message: fc.string(),
        data: fc.oneof(
          fc.constant(null),
          fc.record({ ecToken: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          answer.map((a) => JSON.stringify(a)),
          fc.string(),
        ),
        fc.integer({ min: 100, max: 599 }),
        (body, status) => {
          const r = readDecodeAnswer(status, body);
          if (r.ok) {
            const o = JSON.parse(body) as { code: unknown; data: { ecToken: unknown } };
            expect(String(o.code)).toBe('0');
            expect(r.voucher.ecToken.length).toBeGreaterThan(0);
            expect(status).toBeGreaterThanOrEqual(200);
            expect(status).toBeLessThan(300);
          }
        },
      ),
    );
  });
});

describe('refusalReason and decodeUrl', () => {
  it('reads words when the code is unknown', () => {
    expect(refusalReason('1', '电子凭证已失效')).toBe('expired');
    expect(refusalReason('1', '非医保电子凭证二维码')).toBe('foreign');
    expect(refusalReason('1', '查询失败')).toBe('invalid');
  });

  it('appends the decode path once', () => {
    expect(decodeUrl('http://10.1.2.3:8080/')).toBe('http://10.1.2.3:8080/localcfc/api/hsecfc/localQrCodeQuery');
    expect(decodeUrl('http://h/localcfc/api/hsecfc/localQrCodeQuery')).toBe(
      'http://h/localcfc/api/hsecfc/localQrCodeQuery',
    );
  });
});

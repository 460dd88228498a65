/**
 * The gateway styles' wire (docs/protocol.md §1.3): signing vectors computed outside the code (openssl
 * for the csb HMAC, sha256sum for tif, Node's OpenSSL SM4 for sm), the tif path table, the sm
 * envelope and reply, and the refusals the classifier reads as definite.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import smCrypto from 'sm-crypto';
import { classifyOutcome } from '../../main/upstream/classify-outcome';
import { csbSignature, csbStringToSign, createCsbProfile } from '../../main/upstream/profiles/csb-profile';
import { createTifProfile, tifNonce, tifSignature } from '../../main/upstream/profiles/tif-profile';
import { smReadReply, smWireBody } from '../../main/upstream/profiles/sm-profile';
import { sm2PublicKeyOf, sm4DecryptBase64, sm4EncryptBase64 } from '../../main/upstream/profiles/sm-codec';
import { SmTokenCache } from '../../main/upstream/profiles/sm-token-cache';
import { GATEWAY_REFUSAL_CODES, GATEWAY_REFUSALS, tifPathOf } from '../../shared/protocol/gateway-refusals';
import type { PreparedCall } from '../../main/upstream/ports';

const call = (infno: string, body = '{}'): PreparedCall => ({ infno, msgid: 'M1', envelope: {}, body });
const SM4 = '0123456789abcdeffedcba9876543210';
const PRIV = '0a95c0cd70a393fb59fbaab13de58dd0da5ba215ba06ecf19802f56a56080605';

describe('csb', () => {
  it('signs the sorted _api_* pairs with HMAC-SHA1 (vector from openssl dgst -sha1 -hmac)', () => {
    const text = csbStringToSign({
      _api_version: '1.0.0',
      _api_timestamp: '1764900000000',
      _api_name: '2207',
      _api_access_key: 'AK1',
    });
    expect(text).toBe('_api_access_key=AK1&_api_name=2207&_api_timestamp=1764900000000&_api_version=1.0.0');
    expect(csbSignature('S3cret', text)).toBe('eDQlpZ0ahuJhKhGkqXquADti3cA=');
  });

  it('sends the five headers, timestamp in milliseconds, to the one endpoint (trailing slash tolerated)', async () => {
    const p = createCsbProfile(
      'http://10.1.2.3:8080/',
      { access_key: 'AK1', secret: 'S3cret', api_version: '1.0.0' },
      () => 1_764_900_000_000,
    );
    expect(p.urlFor('2207')).toBe('http://10.1.2.3:8080/fsi/api/rsfComIfsService/callService');
    expect(await p.headersFor(call('2207'))).toEqual({
      _api_name: '2207',
      _api_version: '1.0.0',
      _api_access_key: 'AK1',
      _api_timestamp: '1764900000000',
      _api_signature: 'eDQlpZ0ahuJhKhGkqXquADti3cA=',
    });
  });

  it('a URL already ending with the plain path is accepted with a warning, not doubled', () => {
    const warnings: string[] = [];
    const p = createCsbProfile(
      'http://gw/x/fsi/api/rsfComIfsService/callService',
      { access_key: 'A', secret: 'S', api_version: '1.0.0' },
      () => 0,
      (m) => warnings.push(m),
    );
    expect(p.urlFor('9001')).toBe('http://gw/x/fsi/api/rsfComIfsService/callService');
    expect(warnings).toHaveLength(1);
  });
});

describe('tif', () => {
  it('signature = lower hex SHA-256(timestamp + token + nonce + timestamp) (vector from sha256sum)', () => {
    expect(tifSignature('1764900000', 'tok', 'ABCDEFGHIJKLMNOP')).toBe(
      'a5fcc03f39f977599570f0deda4f41481e95f81cef051488956227e25dc04cc1',
    );
  });

  it('paths of docs/protocol.md §1.3 B, misspellings included; 130x; unlisted trades on callService; prefix', () => {
    const p = createTifProfile(
      'http://gw:9000',
      { paas_id: 'P', paas_token: 'T', path_prefix: '/ebus/rio_fsi/' },
      () => 0,
    );
    expect(p.urlFor('9001')).toBe('http://gw:9000/ebus/rio_fsi/fsi/api/signInSignOutService/signIn');
    expect(p.urlFor('2201')).toBe(
      'http://gw:9000/ebus/rio_fsi/fsi/api/outpatientDocInfoService/outpatientRregistration',
    );
    expect(p.urlFor('2207')).toBe('http://gw:9000/ebus/rio_fsi/fsi/api/outpatientSettleService/saveSettletmentV2');
    expect(p.urlFor('2207A')).toBe('http://gw:9000/ebus/rio_fsi/fsi/api/outpatientSettleService/saveSettletment');
    expect(p.urlFor('2208')).toBe('http://gw:9000/ebus/rio_fsi/fsi/api/outpatientSettleService/cancleSettletment');
    expect(tifPathOf('1301')).toBe('/fsi/api/catalogdownservice/downCatalog1301');
    expect(tifPathOf('1309')).toBe('/fsi/api/catalogdownservice/downCatalog1309');
    for (const infno of ['2001', '2202', '2203', '1318', '1310'])
      expect(tifPathOf(infno)).toBe('/fsi/api/rsfComIfsService/callService');
  });

  it('headers: paas id, timestamp in seconds, a fresh 16–32 alnum nonce, the signature over them', async () => {
    const p = createTifProfile(
      'http://gw',
      { paas_id: 'P1', paas_token: 'T1', path_prefix: '' },
      () => 1_764_900_000_999,
    );
    const h = await p.headersFor(call('2207'));
    const h2 = await p.headersFor(call('2207'));
    expect(h['x-tif-paasid']).toBe('P1');
    expect(h['x-tif-timestamp']).toBe('1764900000');
    expect(h['x-tif-nonce']).toMatch(/^[A-Za-z0-9]{16,32}$/);
    expect(h['x-tif-nonce']).not.toBe(h2['x-tif-nonce']);
    expect(h['x-tif-signature']).toBe(tifSignature('1764900000', 'T1', h['x-tif-nonce'] ?? ''));
    fc.assert(fc.property(fc.constant(null), () => /^[A-Za-z0-9]{32}$/.test(tifNonce())));
  });
});

describe('sm', () => {
  it('SM4-ECB/PKCS#7 equals OpenSSL (node:crypto sm4-ecb) and round-trips any text', () => {
    const text = '{"signIn":{"opter_no":"T001"}}';
    const c = createCipheriv('sm4-ecb', Buffer.from(SM4, 'hex'), null);
    const viaOpenSsl = Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
    expect(sm4EncryptBase64(text, SM4)).toBe(viaOpenSsl);
    expect(viaOpenSsl).toBe('Ndo6kcRmAs0EVVyySvlGTKYYRQLfIZrWQWXvHitqS2w=');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => sm4DecryptBase64(sm4EncryptBase64(s, SM4), SM4) === s),
      { numRuns: 50 },
    );
  });

  it('the wire envelope: input encrypted, cainfo a 64-byte SM3withSM2 signature of the same JSON text, enc_type/signtype', () => {
    const pub = sm2PublicKeyOf(PRIV);
    expect(pub).toMatch(/^[0-9a-f]{128}$/);
    const body =
      '{"infno":"2207","msgid":"M1","cainfo":"","signtype":"","input":{"data":{"medfee_sumamt":365.00,"psn_no":"P1"}}}';
    const wire = JSON.parse(smWireBody(body, { sm4_key: SM4, sm2_private_key: PRIV }, pub)) as Record<string, string>;
    expect(wire).toMatchObject({ infno: '2207', msgid: 'M1', enc_type: 'SM4', signtype: 'SM2' });
    const inputText = sm4DecryptBase64(wire['input'] ?? '', SM4);
    // The number literal survives exactly (365.00, not 365).
    expect(inputText).toBe('{"data":{"medfee_sumamt":365.00,"psn_no":"P1"}}');
    const sig = Buffer.from(wire['cainfo'] ?? '', 'base64');
    expect(sig).toHaveLength(64);
    const verify = (t: string) =>
      smCrypto.sm2.doVerifySignature(t, sig.toString('hex'), `04${pub}`, { hash: true, userId: '1234567812345678' });
    expect(verify(inputText)).toBe(true);
    expect(verify(inputText.replace('365.00', '365.01'))).toBe(false);
  });

  it('reads an encrypted output; a plain error reply and an undecryptable output pass unchanged', () => {
    const out = sm4EncryptBase64('{"setlinfo":{"hifp_pay":71.40}}', SM4);
    expect(smReadReply(`{"infcode":0,"output":"${out}"}`, SM4)).toBe(
      '{"infcode":0,"output":{"setlinfo":{"hifp_pay":71.40}}}',
    );
    const plainError = '{"infcode":-1,"err_msg":"[NO_REGISTRATION] 未备案"}';
    expect(smReadReply(plainError, SM4)).toBe(plainError);
    const garbage = '{"infcode":0,"output":"bm90IGNpcGhlcg=="}';
    expect(smReadReply(garbage, SM4)).toBe(garbage);
    // The classifier then sees a string output: not a readable settlement → UNKNOWN, never success.
    expect(
      classifyOutcome({
        kind: 'reply',
        httpStatus: 200,
        text: garbage,
        outputCheck: (o) => (typeof o === 'string' ? 'string output' : null),
      }).outcome,
    ).toBe('UNKNOWN');
  });

  it('token cache: one fetch for concurrent calls, renewal before expiry, a new token after drop()', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new SmTokenCache(
      async () => ({ accessToken: `T${++fetches}`, expiresInS: 600 }),
      () => now,
    );
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['T1', 'T1', 'T1']);
    now = 539_000; // 600 s − min(60 s, 60 s) = renew from 540 s on
    expect(await cache.get()).toBe('T1');
    now = 540_000;
    expect(await cache.get()).toBe('T2');
    expect(cache.drop()).toBe(true);
    expect(await cache.get()).toBe('T3');
  });
});

describe('refusals are definite (never UNKNOWN, so never a reversal)', () => {
  it.each(GATEWAY_REFUSAL_CODES)('%s at its status → DEFINITE_FAIL gateway-refused', (code) => {
    const text = JSON.stringify({ infcode: -1, err_msg: `[${code}] ${GATEWAY_REFUSALS[code].text}` });
    expect(classifyOutcome({ kind: 'reply', httpStatus: GATEWAY_REFUSALS[code].status, text })).toMatchObject({
      outcome: 'DEFINITE_FAIL',
      reason: 'gateway-refused',
      errCode: code,
    });
    // Also on 200, and although "gateway" is one of the timeout-like words.
    expect(
      classifyOutcome({
        kind: 'reply',
        httpStatus: 200,
        text: JSON.stringify({ infcode: -1, err_msg: `[${code}] gateway says no` }),
      }).outcome,
    ).toBe('DEFINITE_FAIL');
  });

  it('a 5xx, a 401 without the envelope, or an unknown bracket code stays UNKNOWN', () => {
    expect(
      classifyOutcome({ kind: 'reply', httpStatus: 502, text: '{"infcode":-1,"err_msg":"[GATEWAY_SIGNATURE] x"}' })
        .outcome,
    ).toBe('UNKNOWN');
    expect(classifyOutcome({ kind: 'reply', httpStatus: 401, text: 'Unauthorized' }).outcome).toBe('UNKNOWN');
    expect(
      classifyOutcome({ kind: 'reply', httpStatus: 401, text: '{"infcode":-1,"err_msg":"[SOMETHING] x"}' }).outcome,
    ).toBe('UNKNOWN');
    expect(
      classifyOutcome({ kind: 'reply', httpStatus: 401, text: '{"infcode":0,"err_msg":"[GATEWAY_TOKEN] x"}' }).outcome,
    ).toBe('UNKNOWN');
  });
});

/**
 * The sandbox behind a gateway (issue 16 item 2): each style checks exactly what docs/protocol.md §1.3
 * describes and refuses with the table's status and `{"infcode": -1, "err_msg": "[CODE] 中文说明"}`;
 * a call that passes is processed as before. Headers here are computed by the test itself.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import { startSandbox, type SandboxHandle } from '../../sandbox/server';
import { PlatformClient } from './support/platform-client';

const { sm2, sm4 } = smCrypto;
const DEMO = path.resolve('sandbox/scenarios/demo.json');
const SIGN_IN = { signIn: { opter_no: 'T001', mac: '00-00-00-00-00-00', ip: '127.0.0.1' } };
const SM4 = '0123456789abcdeffedcba9876543210';
const PAIR = sm2.generateKeyPairHex();
const OTHER = sm2.generateKeyPairHex();
const dirs: string[] = [];
const handles: SandboxHandle[] = [];

afterAll(async () => {
  for (const h of handles) await h.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function sandboxWith(gateway: object | string, scenario: string | object = DEMO): Promise<SandboxHandle> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sbx-gw-'));
  dirs.push(dir);
  const h = await startSandbox({ scenario, dataDir: dir, ...(gateway === '' ? {} : { gateway }) });
  handles.push(h);
  return h;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: { infcode: number; err_msg: string | null; output: unknown } }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: r.status, json: (await r.json()) as { infcode: number; err_msg: string | null; output: unknown } };
}

const body9001 = () => new PlatformClient('').envelope('9001', SIGN_IN).body;

function expectRefusal(r: Awaited<ReturnType<typeof post>>, status: number, code: string): void {
  expect(r.status).toBe(status);
  expect(Object.keys(r.json).sort()).toEqual(['err_msg', 'infcode']);
  expect(r.json.infcode).toBe(-1);
  expect(r.json.err_msg).toMatch(new RegExp(`^\\[${code}\\] \\p{Script=Han}`, 'u'));
}

describe('csb', () => {
  const gw = { style: 'csb', access_key: 'AK1', secret: 'S3cret' };
  const headers = (over: Partial<Record<string, string>> = {}, secret = 'S3cret', ts = Date.now()) => {
    const h: Record<string, string> = {
      _api_name: '9001',
      _api_version: '1.0.0',
      _api_access_key: 'AK1',
      _api_timestamp: String(ts),
      ...over,
    } as Record<string, string>;
    const text = Object.keys(h)
      .sort()
      .map((k) => `${k}=${h[k]}`)
      .join('&');
    return { ...h, _api_signature: createHmac('sha1', secret).update(text).digest('base64') };
  };

  it('checks the key, the clock (300 s), the HMAC-SHA1 signature and _api_name; passes a good call', async () => {
    const s = await sandboxWith(gw);
    const url = `${s.url}/fsi/api/rsfComIfsService/callService`;
    expectRefusal(await post(url, body9001(), headers({ _api_access_key: 'AK2' })), 401, 'GATEWAY_TOKEN');
    expectRefusal(await post(url, body9001(), headers({}, 'wrong')), 401, 'GATEWAY_SIGNATURE');
    expectRefusal(await post(url, body9001(), headers({}, 'S3cret', Date.now() - 301_000)), 401, 'GATEWAY_CLOCK_SKEW');
    expectRefusal(await post(url, body9001(), headers({ _api_name: '2207' })), 401, 'GATEWAY_SIGNATURE');
    expectRefusal(
      await post(`${s.url}/fsi/api/signInSignOutService/signIn`, body9001(), headers()),
      404,
      'GATEWAY_PATH',
    );
    const ok = await post(url, body9001(), headers({}, 'S3cret', Date.now() - 290_000));
    expect(ok.status).toBe(200);
    expect(ok.json.infcode).toBe(0);
  });
});

describe('tif', () => {
  const gw = { style: 'tif', paas_id: 'P1', paas_token: 'TOK', path_prefix: '/ebus/rio_fsi' };
  const headers = (over: Partial<Record<string, string>> = {}, token = 'TOK', ts = Math.floor(Date.now() / 1000)) => {
    const nonce = over['x-tif-nonce'] ?? 'abcDEF0123456789xyz';
    const t = String(ts);
    return {
      'x-tif-paasid': 'P1',
      'x-tif-timestamp': t,
      'x-tif-nonce': nonce,
      'x-tif-signature': createHash('sha256').update(`${t}${token}${nonce}${t}`).digest('hex'),
      ...over,
    };
  };

  it('per-transaction paths under the prefix, the paas id, nonce, clock and SHA-256 signature', async () => {
    const s = await sandboxWith(gw);
    const signIn = `${s.url}/ebus/rio_fsi/fsi/api/signInSignOutService/signIn`;
    expectRefusal(
      await post(`${s.url}/fsi/api/signInSignOutService/signIn`, body9001(), headers()),
      404,
      'GATEWAY_PATH',
    );
    expectRefusal(
      await post(`${s.url}/ebus/rio_fsi/fsi/api/outpatientSettleService/saveSettletmentV2`, body9001(), headers()),
      404,
      'GATEWAY_PATH',
    );
    expectRefusal(await post(signIn, body9001(), headers({ 'x-tif-paasid': 'P2' })), 401, 'GATEWAY_TOKEN');
    expectRefusal(await post(signIn, body9001(), headers({}, 'wrong')), 401, 'GATEWAY_SIGNATURE');
    expectRefusal(
      await post(signIn, body9001(), headers({ 'x-tif-nonce': 'short15chars123' })),
      401,
      'GATEWAY_SIGNATURE',
    );
    expectRefusal(
      await post(signIn, body9001(), headers({}, 'TOK', Math.floor(Date.now() / 1000) + 900)),
      401,
      'GATEWAY_CLOCK_SKEW',
    );
    const ok = await post(signIn, body9001(), headers());
    expect(ok.status).toBe(200);
    expect(ok.json.infcode).toBe(0);
    // A transaction without a path of its own goes to callService under the prefix.
    const r2001 = await post(
      `${s.url}/ebus/rio_fsi/fsi/api/rsfComIfsService/callService`,
      new PlatformClient('').envelope('2001', { data: {} }).body,
      headers(),
    );
    expect(r2001.status).toBe(200);
  });
});

describe('sm', () => {
  const gw = {
    style: 'sm',
    client_id: 'C1',
    client_secret: 'CS',
    username: 'U',
    password: 'PW',
    sm4_key: SM4,
    sm2_public_key: PAIR.publicKey.slice(2),
  };
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const form = 'grant_type=password&username=U&password=PW&scope=all';
  const token = async (url: string, auth: string, f = form) => {
    const r = await fetch(`${url}/auth/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
      body: f,
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  const seal = (plainBody: string, priv = PAIR.privateKey, key = SM4) => {
    const env = JSON.parse(plainBody) as Record<string, unknown>;
    const text = JSON.stringify(env['input']);
    const sig = sm2.doSignature(text, priv, { hash: true, userId: '1234567812345678' });
    return JSON.stringify({
      ...env,
      enc_type: 'SM4',
      signtype: 'SM2',
      cainfo: Buffer.from(sig, 'hex').toString('base64'),
      input: Buffer.from(sm4.encrypt(text, key), 'hex').toString('base64'),
    });
  };

  it('token endpoint: Basic client credentials and the password grant', async () => {
    const s = await sandboxWith(gw);
    expectRefusal((await token(s.url, basic('C2', 'CS'))) as never, 401, 'GATEWAY_TOKEN');
    expectRefusal((await token(s.url, basic('C1', 'bad'))) as never, 401, 'GATEWAY_SIGNATURE');
    expectRefusal(
      (await token(s.url, basic('C1', 'CS'), form.replace('PW', 'bad'))) as never,
      401,
      'GATEWAY_SIGNATURE',
    );
    const t = await token(s.url, basic('C1', 'CS'));
    expect(t.status).toBe(200);
    expect(t.json).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
  });

  it('bearer, SM4 input, SM2 cainfo; the reply output comes back SM4-encrypted', async () => {
    const s = await sandboxWith(gw);
    const call = `${s.url}/mbs/fmi/fsi/api/callFsiService/callService`;
    const bearer = { authorization: `Bearer ${String((await token(s.url, basic('C1', 'CS'))).json['access_token'])}` };
    expectRefusal(await post(call, seal(body9001())), 401, 'GATEWAY_TOKEN');
    expectRefusal(await post(call, seal(body9001()), { authorization: 'Bearer nope' }), 401, 'GATEWAY_TOKEN');
    expectRefusal(
      await post(call, seal(body9001(), PAIR.privateKey, 'ffffffffffffffffffffffffffffffff'), bearer),
      400,
      'GATEWAY_DECRYPT',
    );
    expectRefusal(await post(call, body9001(), bearer), 400, 'GATEWAY_DECRYPT');
    expectRefusal(await post(call, seal(body9001(), OTHER.privateKey), bearer), 401, 'GATEWAY_SIGNATURE');
    expectRefusal(
      await post(`${s.url}/fsi/api/rsfComIfsService/callService`, seal(body9001()), bearer),
      404,
      'GATEWAY_PATH',
    );
    const ok = await post(call, seal(body9001()), bearer);
    expect(ok.status).toBe(200);
    expect(ok.json.infcode).toBe(0);
    expect(typeof ok.json.output).toBe('string');
    const out = JSON.parse(
      Buffer.from(
        sm4.decrypt(Buffer.from(String(ok.json.output), 'base64').toString('hex'), SM4, { output: 'array' }),
      ).toString('utf8'),
    ) as { signinoutb: { sign_no: string } };
    expect(out.signinoutb.sign_no).toMatch(/.+/);
  });
});

describe('configuration', () => {
  it('the scenario top-level "gateway" puts the sandbox behind it; --gateway overrides it', async () => {
    const scenario = {
      ...(JSON.parse((await import('node:fs')).readFileSync(DEMO, 'utf8')) as object),
      gateway: { style: 'csb', access_key: 'AK1', secret: 'S3cret' },
    };
    const s = await sandboxWith('', scenario);
    const r = await post(`${s.url}/fsi/api/rsfComIfsService/callService`, body9001());
    expectRefusal(r, 401, 'GATEWAY_TOKEN');
    const plain = await sandboxWith({ style: 'plain' }, scenario);
    expect((await post(`${plain.url}/fsi/api/rsfComIfsService/callService`, body9001())).json.infcode).toBe(0);
  });

  it('a bad gateway file is refused at start, naming the key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sbx-gwf-'));
    dirs.push(dir);
    const file = path.join(dir, 'gw.json');
    writeFileSync(
      file,
      JSON.stringify({
        style: 'sm',
        client_id: 'C',
        client_secret: 'S',
        username: 'U',
        password: 'P',
        sm4_key: 'xyz',
        sm2_public_key: PAIR.publicKey,
      }),
    );
    await expect(startSandbox({ scenario: DEMO, dataDir: dir, gateway: file })).rejects.toThrow(
      /gateway\.sm4_key.*gateway\.sm2_public_key|gateway\.sm2_public_key.*gateway\.sm4_key/s,
    );
  });
});

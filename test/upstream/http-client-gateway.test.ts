/**
 * The client with a gateway and a region (docs/protocol.md §1.3, issue 16): region variants on the wire,
 * per-class deadlines, unsupported trades refused before a msgid, the sm token taken once with
 * Basic credentials and a form body, the one re-token after `[GATEWAY_TOKEN]`, and a refused token
 * request ending NOT_SENT under the gateway's code. A scripted HTTP server plays the gateway.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstreamClient } from '../../main/upstream/http-client';
import type { HttpUpstreamClient } from '../../main/upstream/http-client';
import type { UpstreamOptions } from '../../main/upstream/options';
import { sm4DecryptBase64, sm4EncryptBase64 } from '../../main/upstream/profiles/sm-codec';
import { httpResponse, startRawHttpServer } from '../support/raw-http-server';
import type { RawHttpServer, RawRequest, Responder } from '../support/raw-http-server';
import { createMemoryMsgidAllocator } from '../support/memory-msgid-allocator';
import { createRecordingJournal } from '../support/recording-journal';

const SM4 = '0123456789abcdeffedcba9876543210';
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

function client(url: string, extra: Partial<UpstreamOptions>): HttpUpstreamClient {
  const options: UpstreamOptions = {
    url,
    timeout_ms: 2000,
    fixmedins_code: 'H41020200011',
    fixmedins_name: '示范医院',
    mdtrtarea_admvs: '410202',
    opter: 'OP1',
    opter_name: '甲',
    opter_type: '1',
    infver: 'V1.0',
    recer_sys_code: 'YBXT',
    ...extra,
  };
  const c = createUpstreamClient({ options, msgids: createMemoryMsgidAllocator('H41020200011') });
  closers.push(() => c.close());
  return c;
}

async function server(responder: Responder): Promise<RawHttpServer> {
  const s = await startRawHttpServer(responder);
  closers.push(() => s.close());
  return s;
}

const SIGNED_IN = { signinoutb: { sign_time: '2026-11-20 08:00:00', sign_no: 'S1' } };
const envelopeOf = (req: RawRequest) => JSON.parse(req.body) as { infno: string; input: unknown; cainfo: string };

describe('region options', () => {
  it('sends the variant (2207 → 2207A) and reads the reply as the base trade; unsupported trades never leave', async () => {
    const s = await server((req, socket) => {
      const infno = envelopeOf(req).infno;
      const output = infno === '9001' ? SIGNED_IN : { result: [] };
      socket.end(httpResponse(200, JSON.stringify({ infcode: 0, output })));
    });
    const c = client(s.url, { variants: { '2204': '2204A' }, supported: (i) => i !== '2301' });
    const r = await c.call('2204', { feedetail: [] }, { journal: createRecordingJournal() });
    expect(r.outcome).toBe('SUCCESS');
    expect(r.infno).toBe('2204');
    expect(s.requests.map((q) => envelopeOf(q).infno)).toEqual(['9001', '2204A']);
    const journal = createRecordingJournal();
    const no = await c.call('2301', { feedetail: [] }, { journal });
    expect(no).toMatchObject({ outcome: 'NOT_SENT', errCode: 'TRANSACTION_NOT_SUPPORTED', msgid: '' });
    expect(journal.events).toHaveLength(0);
    expect(s.requests).toHaveLength(2);
  });

  it("a trade class's deadline from the region bounds the exchange (UNKNOWN), others keep timeout_ms", async () => {
    const s = await server((req, socket) => {
      if (envelopeOf(req).infno === '9001')
        socket.end(httpResponse(200, JSON.stringify({ infcode: 0, output: SIGNED_IN })));
      // 1101 never answered: only its deadline ends it.
    });
    const c = client(s.url, { timeoutFor: (i) => (i === '1101' ? 200 : undefined) });
    const r = await c.call('1101', { data: {} }, { journal: createRecordingJournal() });
    expect(r).toMatchObject({ outcome: 'UNKNOWN', reason: 'transport-error' });
  });
});

describe('sm style', () => {
  const gateway = {
    style: 'sm' as const,
    client_id: 'C1',
    client_secret: 'CS',
    username: 'U',
    password: 'P w&d',
    scope: 'all',
    sm4_key: SM4,
    sm2_private_key: '0a95c0cd70a393fb59fbaab13de58dd0da5ba215ba06ecf19802f56a56080605',
  };

  it('one token (Basic, form body) for concurrent calls; one re-token after [GATEWAY_TOKEN]; output decrypted', async () => {
    let tokens = 0;
    let refuse = 1;
    const s = await server((req, socket) => {
      if (req.path === '/auth/oauth/token') {
        tokens += 1;
        expect(req.headers['authorization']).toBe(`Basic ${Buffer.from('C1:CS').toString('base64')}`);
        expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
        expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
          grant_type: 'password',
          username: 'U',
          password: 'P w&d',
          scope: 'all',
        });
        socket.end(
          httpResponse(200, JSON.stringify({ access_token: `T${tokens}`, token_type: 'bearer', expires_in: 7200 })),
        );
        return;
      }
      expect(req.path).toBe('/mbs/fmi/fsi/api/callFsiService/callService');
      const env = envelopeOf(req);
      expect(JSON.parse(sm4DecryptBase64(env.input as string, SM4))).toBeTypeOf('object');
      if (env.infno === '1101' && refuse > 0) {
        refuse -= 1;
        socket.end(httpResponse(401, JSON.stringify({ infcode: -1, err_msg: '[GATEWAY_TOKEN] 令牌过期' })));
        return;
      }
      const output = env.infno === '9001' ? SIGNED_IN : { baseinfo: { psn_no: 'P1' }, insuinfo: [], idetinfo: [] };
      socket.end(
        httpResponse(200, JSON.stringify({ infcode: 0, output: sm4EncryptBase64(JSON.stringify(output), SM4) })),
      );
    });
    const c = client(s.url, { gateway });
    const [a, b] = await Promise.all([
      c.call('1101', { data: { mdtrt_cert_type: '02', mdtrt_cert_no: 'X' } }, { journal: createRecordingJournal() }),
      c.call('9001', { signIn: { opter_no: 'OP1' } }, { journal: createRecordingJournal() }),
    ]);
    expect(b.outcome).toBe('SUCCESS');
    expect(a.outcome).toBe('SUCCESS');
    expect(a.output).toMatchObject({ baseinfo: { psn_no: 'P1' } });
    // One token for the concurrent first calls, one more after the refusal.
    expect(tokens).toBe(2);
    const auth = s.requests.filter((q) => q.path !== '/auth/oauth/token').map((q) => q.headers['authorization']);
    expect(new Set(auth)).toEqual(new Set(['Bearer T1', 'Bearer T2']));
  });

  it('a refused token request ends the call NOT_SENT with the gateway code, nothing journaled', async () => {
    const s = await server((_req, socket) => {
      socket.end(httpResponse(401, JSON.stringify({ infcode: -1, err_msg: '[GATEWAY_SIGNATURE] 客户端密钥不对' })));
    });
    const c = client(s.url, { gateway });
    const journal = createRecordingJournal();
    const r = await c.call('9001', { signIn: { opter_no: 'OP1' } }, { journal });
    expect(r).toMatchObject({ outcome: 'NOT_SENT', errCode: 'GATEWAY_SIGNATURE', reason: 'gateway-refused' });
    expect(journal.events).toHaveLength(0);
    expect(c.status().gatewayRefusal).toMatchObject({ code: 'GATEWAY_SIGNATURE' });
  });
});

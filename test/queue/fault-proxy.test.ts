/**
 * The fault proxy (test/support/fault-proxy.ts, docs/reliability.md §4), each mode briefly against a
 * local HTTP server on 127.0.0.1:0. Outcomes are asserted, never durations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { isLoopback, messageLength, rewriteBody, startFaultProxy, type FaultProxy } from '../support/fault-proxy';

interface Upstream {
  readonly port: number;
  readonly bodies: string[];
  close(): Promise<void>;
}

/** Replies `{"infcode":0,"output":{"n":<request number>}}` to every request. */
async function startUpstream(): Promise<Upstream> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      const out = JSON.stringify({ infcode: 0, output: { n: bodies.length, amt: 12.5 } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface Reply {
  readonly status?: number;
  readonly body: string;
  readonly chunks: number;
  readonly error?: string;
}

/** POSTs `body` on a fresh connection; a client-side cap ends black-holed calls (not asserted as time). */
function post(url: string, body: string, capMs = 1500): Promise<Reply> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let text = '';
    let chunks = 0;
    let settled = false;
    const end = (error?: string): void => {
      if (settled) return;
      settled = true;
      resolve({
        ...(status !== undefined ? { status } : {}),
        body: text,
        chunks,
        ...(error !== undefined ? { error } : {}),
      });
    };
    const req = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        status = res.statusCode;
        res.on('data', (c: Buffer) => {
          chunks += 1;
          text += c.toString('utf8');
        });
        res.on('end', () => end());
        res.on('error', (e: NodeJS.ErrnoException) => end(e.code ?? e.message));
        res.on('aborted', () => end('aborted'));
      },
    );
    req.setTimeout(capMs, () => req.destroy(Object.assign(new Error('cap'), { code: 'CLIENT_CAP' })));
    req.on('error', (e: NodeJS.ErrnoException) => end(e.code ?? e.message));
    req.end(body);
  });
}

let up: Upstream;
let proxy: FaultProxy;
beforeEach(async () => {
  up = await startUpstream();
  proxy = await startFaultProxy(up.port);
});
afterEach(async () => {
  await proxy.close();
  await up.close();
});

describe('fault proxy', () => {
  it('pass: the reply arrives unchanged; setMode switches from the next request', async () => {
    expect(await post(proxy.url, '{"a":1}')).toMatchObject({
      status: 200,
      body: '{"infcode":0,"output":{"n":1,"amt":12.5}}',
    });
    expect(up.bodies).toEqual(['{"a":1}']);
    proxy.setMode({ kind: 'rst', path: 'request' });
    expect((await post(proxy.url, '{"a":2}')).error).toBe('ECONNRESET');
    proxy.setMode({ kind: 'pass' });
    expect((await post(proxy.url, '{"a":3}')).status).toBe(200);
    expect(up.bodies).toEqual(['{"a":1}', '{"a":3}']);
    expect(proxy.stats()).toMatchObject({ connections: 3, requests: 3, forwarded: 2, responses: 2, refused: 0 });
  });

  it('black-hole on the request path: never answered, and the upstream never saw it', async () => {
    proxy.setMode({ kind: 'blackhole', path: 'request' });
    const r = await post(proxy.url, '{}', 300);
    expect(r).toMatchObject({ error: 'CLIENT_CAP', body: '' });
    expect(r.status).toBeUndefined();
    expect(up.bodies).toEqual([]);
  });

  it('black-hole on the response path: the upstream acted, the client never hears', async () => {
    proxy.setMode({ kind: 'blackhole', path: 'response' });
    const r = await post(proxy.url, '{"settle":1}', 300);
    expect(r.error).toBe('CLIENT_CAP');
    expect(r.status).toBeUndefined();
    expect(up.bodies).toEqual(['{"settle":1}']);
  });

  it('RST mid-response: head and half the body, then a reset; the upstream acted', async () => {
    proxy.setMode({ kind: 'rst', path: 'response' });
    const r = await post(proxy.url, '{}');
    expect(r.status).toBe(200);
    expect(r.error).toMatch(/ECONNRESET|aborted/);
    expect(r.body.length).toBeGreaterThan(0);
    expect(r.body.length).toBeLessThan('{"infcode":0,"output":{"n":1,"amt":12.5}}'.length);
    expect(up.bodies.length).toBe(1);
  });

  it('slow drip: the reply arrives whole, one byte per write', async () => {
    proxy.setMode({ kind: 'drip', byteIntervalMs: 2 });
    const r = await post(proxy.url, '{}');
    expect(r).toMatchObject({ status: 200, body: '{"infcode":0,"output":{"n":1,"amt":12.5}}' });
    expect(r.error).toBeUndefined();
    const raw = proxy.stats().dripped;
    // Every byte of head + body went out alone.
    expect(raw).toBeGreaterThan(r.body.length);
    expect(r.chunks).toBeGreaterThan(1);
  });

  it('rewrite: a schema-invalid reply (3-dp amount) with a correct Content-Length', async () => {
    proxy.setMode({ kind: 'rewrite', rewrite: rewriteBody((b) => b.replace('12.5', '12.505')) });
    expect(await post(proxy.url, '{}')).toMatchObject({
      status: 200,
      body: '{"infcode":0,"output":{"n":1,"amt":12.505}}',
    });
  });

  it('duplicate request: the upstream receives it twice; the client gets the first reply', async () => {
    proxy.setMode({ kind: 'duplicate', path: 'request' });
    const r = await post(proxy.url, '{"msgid":"M1"}');
    expect(r.status).toBe(200);
    await expect.poll(() => up.bodies.length).toBe(2);
    expect(up.bodies).toEqual(['{"msgid":"M1"}', '{"msgid":"M1"}']);
    expect(JSON.parse(r.body)).toMatchObject({ output: { n: expect.any(Number) } });
  });

  it('duplicate response: the same reply is written twice on the connection', async () => {
    proxy.setMode({ kind: 'duplicate', path: 'response' });
    const raw = await new Promise<string>((resolve) => {
      const s = net.connect(proxy.port, '127.0.0.1', () => {
        s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
      });
      let text = '';
      s.on('data', (c: Buffer) => {
        text += c.toString('latin1');
        if (text.split('HTTP/1.1 200').length === 3 && text.endsWith('}')) s.destroy();
      });
      s.on('close', () => resolve(text));
    });
    expect(raw.split('HTTP/1.1 200').length - 1).toBe(2);
    expect(up.bodies.length).toBe(1);
  });

  it('late response: held past the client cap, after the upstream acted', async () => {
    proxy.setMode({ kind: 'delay', path: 'response', ms: 1000 });
    const r = await post(proxy.url, '{}', 150);
    expect(r.error).toBe('CLIENT_CAP');
    expect(up.bodies.length).toBe(1);
  });

  it('refuses non-loopback peers and frames messages', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true]);
    expect(['10.0.0.2', '::ffff:192.168.1.5', '0.0.0.0', undefined].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    const res = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA');
    expect(messageLength(res, true)).toBe(res.length - 5);
    expect(messageLength(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab'), true)).toBeNull();
    const chunked = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(messageLength(chunked, true)).toBe(chunked.length);
    expect(messageLength(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), false)).toBe(27);
  });
});

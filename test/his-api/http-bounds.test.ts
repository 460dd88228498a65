/**
 * The HIS API server's bounds and guards (hardening issue items 1 and 6) on the real server over
 * real HTTP on 127.0.0.1: Content-Length checked before reading (also instead of 100 Continue),
 * chunked bodies cut at the cap, large-body slots (503 + Retry-After), JSON depth and text checks,
 * the Host check, malformed percent-encoding, weak tokens refused at start, and the failed-token
 * limiter (429, one log line per burst).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHisApiServer, type RunningServer } from '../../main/his-api/http-server';
import { okJson, type Route } from '../../main/his-api/route';
import { BILL_BODY_BYTES, DEFAULT_BODY_BYTES, LARGE_BODY_BYTES, MAX_DRAIN_BYTES } from '../../main/his-api/body-limits';
import { validate } from '../../main/his-api/parse-body';
import { UploadFeesRequest } from '../../shared/api/requests';
import { AppError } from '../../shared/errors/app-error';
import { rawRequest } from './raw-request';

const TOKEN = 'bounds-test-token-7Kq2xZ9';
const AUTH = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
let server: RunningServer;
const logs: { message: string; data?: Readonly<Record<string, unknown>> }[] = [];
let handled = 0;

const routes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/health',
    public: true,
    handler: async () => okJson({ status: 'ok', upstream: 'http://10.0.0.1' }),
  },
  {
    method: 'POST',
    pattern: '/api/v1/echo',
    handler: async (req) => okJson({ keys: Object.keys(req.body as object).length }),
  },
  {
    method: 'POST',
    pattern: '/api/v1/visits/:visit_id/fees',
    maxBodyBytes: BILL_BODY_BYTES,
    handler: async (req) => {
      handled++;
      return okJson({ lines: validate(UploadFeesRequest, req.body).lines.length });
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/visits/:visit_id',
    handler: async () => {
      throw new AppError('VISIT_NOT_FOUND', { detail: { field: 'visit_id' } });
    },
  },
];

beforeAll(async () => {
  const log = (message: string, data?: Readonly<Record<string, unknown>>) =>
    void logs.push({ message, ...(data ? { data } : {}) });
  server = await startHisApiServer({ port: 0, token: TOKEN, routes, log });
});
afterAll(async () => server.close());

const host = () => `127.0.0.1:${server.port}`;
const FEES = '/api/v1/visits/V1/fees';
/** A body of `size` spaces declared with Content-Length to the fees route. */
const sized = (size: number) =>
  rawRequest({
    url: server.url,
    path: FEES,
    headers: { ...AUTH, 'Content-Length': String(size) },
    body: Buffer.alloc(size, 0x20),
  });
/** One fee line with `patch` applied. */
const feeLine = (patch: Record<string, unknown>) => ({
  feedetl_sn: '1',
  medins_list_codg: 'CT64',
  name: 'CT',
  cnt: '1',
  pric: '280',
  det_item_fee_sumamt: '280.00',
  fee_ocur_time: '2026-11-20 09:10:00',
  ...patch,
});

describe('body size (item 1)', () => {
  it('a Content-Length over the route cap answers a JSON 413 naming the limit before any byte is sent', async () => {
    // The body is never written: the answer can only come from the header check.
    const headers = { ...AUTH, 'Content-Length': String(MAX_DRAIN_BYTES + 1) };
    const a = await rawRequest({ url: server.url, path: FEES, headers, body: (_w, _end) => undefined });
    expect(a.status).toBe(413);
    expect(a.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', detail: { limit_bytes: BILL_BODY_BYTES } } });
    expect(String((a.json?.error as { message: string }).message)).toContain('16 MB');
    expect(a.headers.connection).toBe('close');
    expect(handled).toBe(0);
  });

  it('a sender of a body over the cap (but within the drain bound) reads its 413, not a reset; nothing reaches the handler', async () => {
    const size = 40 * 1024 * 1024;
    const a = await sized(size);
    expect(a.status).toBe(413);
    expect(a.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(handled).toBe(0);
  });

  it('Expect: 100-continue with a 100 MB body answers 413 instead of 100 Continue', async () => {
    const headers = { ...AUTH, 'Content-Length': String(100 * 1024 * 1024) };
    const a = await rawRequest({ url: server.url, path: FEES, expectContinue: true, headers, body: Buffer.alloc(0) });
    expect(a.status).toBe(413);
    expect(a.gotContinue).toBe(false);
    expect(a.headers.connection).toBe('close');
  });

  it('Expect: 100-continue within the cap gets 100 Continue and is handled', async () => {
    const body = JSON.stringify({ a: 1, b: 2 });
    const headers = { ...AUTH, 'Content-Length': String(Buffer.byteLength(body)) };
    const a = await rawRequest({ url: server.url, path: '/api/v1/echo', expectContinue: true, headers, body });
    expect(a.gotContinue).toBe(true);
    expect(a.json).toEqual({ keys: 2 });
  });

  it('a small route has the 1 MB default cap; a chunked body is counted while read and cut at the cap', async () => {
    const a = await rawRequest({
      url: server.url,
      path: '/api/v1/echo',
      headers: { ...AUTH, 'Transfer-Encoding': 'chunked' },
      body: (write, end) => {
        const piece = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 3 * DEFAULT_BODY_BYTES) {
            sent += piece.length;
            if (!write(piece)) return void setTimeout(pump, 1);
          }
          end();
        };
        pump();
      },
    });
    expect(a.status).toBe(413);
    expect(a.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', detail: { limit_bytes: DEFAULT_BODY_BYTES } } });
  });

  it('more large bodies at once than there are slots: the extra one gets 503 SERVER_BUSY with Retry-After', async () => {
    const size = LARGE_BODY_BYTES * 2;
    // Two uploads that declare a large body and hold it half-sent: both slots are taken.
    const enders: (() => void)[] = [];
    const held = [0, 1].map(() =>
      rawRequest({
        url: server.url,
        path: '/api/v1/visits/V1/fees',
        headers: { ...AUTH, 'Content-Length': String(size) },
        body: (write, end) => {
          write(Buffer.alloc(size / 2, 0x20));
          enders.push(() => {
            write(Buffer.alloc(size / 2, 0x20));
            end();
          });
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    const third = await sized(size);
    expect(third.status).toBe(503);
    expect(third.json).toMatchObject({ error: { code: 'SERVER_BUSY' } });
    expect(third.headers['retry-after']).toBe('2');
    // A small request is never held up by the large ones.
    const small = await rawRequest({ url: server.url, path: '/api/v1/echo', headers: AUTH, body: '{"x":1}' });
    expect(small.status).toBe(200);
    enders.forEach((e) => e());
    const done = await Promise.all(held);
    // The held bodies are spaces only: read fully, then refused as bad JSON (400), and the slots are free again.
    expect(done.map((d) => d.status)).toEqual([400, 400]);
    const again = await sized(size);
    expect(again.status).toBe(400);
  });
});

describe('what reaches the parser (items 1 and 6)', () => {
  const post = (path: string, body: string | Buffer) => rawRequest({ url: server.url, path, headers: AUTH, body });

  it('deep nesting is refused before parsing; too many lines are refused with the field named', async () => {
    const deep = await post('/api/v1/echo', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(deep.status).toBe(400);
    expect(deep.json).toMatchObject({ error: { code: 'BAD_REQUEST', detail: { field: 'body' } } });
    const many = await post('/api/v1/echo', JSON.stringify({ lines: Array.from({ length: 20_001 }, () => 1) }));
    expect(many.status).toBe(400);
    expect(many.json).toMatchObject({ error: { detail: { field: 'lines' } } });
  });

  it('invalid UTF-8, control characters, bidi overrides and lone surrogates are refused naming the field, not the value', async () => {
    const line = (name: string) => JSON.stringify({ lines: [feeLine({ name })] });
    for (const name of ['CT\u0007平扫', 'CT\u202E扫平', 'CT\u2066x', 'CT\u009B']) {
      const a = await post(FEES, line(name));
      expect(a.status).toBe(400);
      expect((a.json?.error as { detail: { field: string } }).detail.field).toBe('lines.0.name');
      expect(a.text).not.toContain(name);
    }
    const lone = await post(FEES, line('CT').replace('"CT"', '"CT\\ud800"'));
    expect(lone.status).toBe(400);
    const badUtf8 = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const b = await post('/api/v1/echo', badUtf8);
    expect(b.status).toBe(400);
    expect(b.json).toMatchObject({ error: { code: 'BAD_REQUEST', detail: { field: 'body' } } });
  });

  it('error messages name the field, never the value: no amount, no type name, no echo of a long id', async () => {
    const neg = await post(FEES, JSON.stringify({ lines: [feeLine({ pric: '-280.00' })] }));
    expect(neg.status).toBe(400);
    expect(neg.text).toContain('lines.0.pric');
    expect(neg.text).not.toContain('280');
    const type = await post(
      FEES,
      JSON.stringify({ lines: [feeLine({ name: 0 })] }).replace('"name":0', '"name":12345'),
    );
    expect(type.status).toBe(400);
    expect(type.text).not.toMatch(/LosslessNumber|received|12345/);
    const long = 'V'.repeat(8 * 1024);
    const nf = await rawRequest({ url: server.url, method: 'GET', path: `/api/v1/visits/${long}`, headers: AUTH });
    expect(nf.status).toBe(400);
    expect(nf.json).toMatchObject({ error: { code: 'BAD_REQUEST', detail: { field: 'visit_id' } } });
    expect(nf.text).not.toContain('VVVVVVVVVV');
  });

  it('a malformed percent-encoding in a path answers 400, not 500', async () => {
    const a = await rawRequest({ url: server.url, method: 'GET', path: '/api/v1/visits/%E0%A4%A', headers: AUTH });
    expect(a.status).toBe(400);
    expect(a.json).toMatchObject({ error: { code: 'BAD_REQUEST', detail: { field: 'visit_id' } } });
  });
});

describe('guards (item 6)', () => {
  it('Host must name this server on /api/* (DNS rebinding): evil.example gets 403 and no health data', async () => {
    const evilHost = { Host: `evil.example:${server.port}` };
    const evil = await rawRequest({ url: server.url, method: 'GET', path: '/api/v1/health', headers: evilHost });
    expect(evil.status).toBe(403);
    expect(evil.json).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
    expect(evil.text).not.toContain('10.0.0.1');
    for (const h of [host(), `localhost:${server.port}`]) {
      expect(
        (await rawRequest({ url: server.url, method: 'GET', path: '/api/v1/health', headers: { Host: h } })).status,
      ).toBe(200);
    }
  });

  it('a weak HIS token is refused at start with a clear config error', async () => {
    for (const token of [
      'at-least-16-characters-secret',
      'a'.repeat(32),
      'abc def ghi jkl mno',
      'short-token',
      'abababababababababab',
    ]) {
      const refused = { code: 'CONFIG_INVALID', message: expect.stringContaining('his_api.token') };
      await expect(startHisApiServer({ port: 0, token, routes })).rejects.toMatchObject(refused);
    }
  });

  it('wrong tokens are limited per address: 429 with a code after a burst, logged once without the token', async () => {
    const before = logs.length;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const headers = { Authorization: `Bearer wrong-guess-${i}` };
      const a = await rawRequest({ url: server.url, method: 'GET', path: '/api/v1/visits/V1', headers });
      statuses.push(a.status);
      if (a.status === 429) expect(a.json).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    const burst = logs.slice(before).filter((l) => l.message.includes('wrong tokens'));
    expect(burst).toHaveLength(1);
    expect(JSON.stringify(burst)).not.toContain('wrong-guess');
    // While the bucket is empty even the right token is not compared: guessing gets no signal.
    const right = await rawRequest({ url: server.url, method: 'GET', path: '/api/v1/visits/V1', headers: AUTH });
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});

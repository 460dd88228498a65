/**
 * The HTTP client against local misbehaving servers on 127.0.0.1 (docs/reliability.md §1, §4 faults
 * 1, 2, 6–10; R3 deadline; journal-before-send of §2). Real sockets, no mocks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type net from 'node:net';
import { createUpstreamClient } from '../../main/upstream/http-client';
import type { HttpUpstreamClient, UpstreamClientDeps } from '../../main/upstream/http-client';
import { PLAIN_PATH } from '../../main/upstream/endpoint';
import type { GatewayProfile } from '../../main/upstream/endpoint';
import type { UpstreamOptions } from '../../main/upstream/options';
import { closedPort, startBlackholeServer } from '../support/blackhole-server';
import { httpResponse, startRawHttpServer } from '../support/raw-http-server';
import type { RawHttpServer, RawRequest, Responder } from '../support/raw-http-server';
import { createMemoryMsgidAllocator } from '../support/memory-msgid-allocator';
import { createRecordingJournal } from '../support/recording-journal';

/** Deadline D of these tests, ms. */
const D = 300;
/** R3: every call ends within D + 1 s (a correctness bound, asserted generously). */
const BOUND = D + 1000;

const FIXMEDINS = 'H41020200011';
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

function options(url: string, extra: Partial<UpstreamOptions> = {}): UpstreamOptions {
  return {
    url,
    timeout_ms: D,
    fixmedins_code: FIXMEDINS,
    fixmedins_name: '开封市示范第一医院',
    mdtrtarea_admvs: '410202',
    opter: 'OP001',
    opter_name: '收费员甲',
    opter_type: '1',
    infver: 'V1.0',
    recer_sys_code: 'YBXT',
    ...extra,
  };
}

function client(
  url: string,
  extra: Partial<UpstreamOptions> = {},
  deps: Partial<UpstreamClientDeps> = {},
): HttpUpstreamClient {
  const c = createUpstreamClient({
    options: options(url, extra),
    msgids: createMemoryMsgidAllocator(FIXMEDINS),
    ...deps,
  });
  closers.push(() => c.close());
  return c;
}

async function server(responder: Responder): Promise<RawHttpServer> {
  const s = await startRawHttpServer(responder);
  closers.push(() => s.close());
  return s;
}

const infnoOf = (req: RawRequest): string => (JSON.parse(req.body) as { infno: string }).infno;
const SIGN_IN_REPLY = JSON.stringify({
  infcode: 0,
  inf_refmsgid: '410202202611200800000000000001',
  refmsg_time: '',
  respond_time: '',
  err_msg: null,
  output: { signinoutb: { sign_time: '2026-11-20 08:00:00', sign_no: 'SIGN-0001' } },
});

/** Answers 9001 with a sign_no, everything else with `other`. */
function signInThen(other: Responder): Responder {
  return (req, socket, i) => {
    if (infnoOf(req) === '9001') {
      socket.end(httpResponse(200, SIGN_IN_REPLY));
      return;
    }
    return other(req, socket, i);
  };
}

const replyWith =
  (status: number, body: string): Responder =>
  (_req, socket) => {
    socket.end(httpResponse(status, body));
  };
const input1101 = {
  data: {
    mdtrt_cert_type: '02',
    mdtrt_cert_no: '43010219560302031X',
    card_sn: '',
    begntime: '',
    psn_cert_type: '01',
    certno: '43010219560302031X',
    psn_name: '',
  },
};

describe('no connection → NOT_SENT', () => {
  it('connection refused (port bound, then closed): the sign-in and the business call are NOT_SENT', async () => {
    const port = await closedPort();
    const c = client(`http://127.0.0.1:${port}`);
    const journal = createRecordingJournal();
    const direct = await c.call('9001', { signIn: { opter_no: 'OP001', mac: '', ip: '127.0.0.1' } }, { journal });
    expect(direct).toMatchObject({ outcome: 'NOT_SENT', reason: 'no-connection', transportError: 'ECONNREFUSED' });
    // the journal saw the attempt before it was tried, and its outcome after
    expect(journal.events.map((e) => e.hook)).toEqual(['beforeSend', 'afterOutcome']);

    const business = await c.call('1101', input1101, { journal: createRecordingJournal() });
    expect(business).toMatchObject({
      outcome: 'NOT_SENT',
      errCode: 'SIGN_IN_FAILED',
      transportError: 'ECONNREFUSED',
      msgid: '',
    });
    expect(c.status()).toMatchObject({ signedIn: false, lastSuccessAt: null });
    expect(c.status().lastFailureAt).not.toBeNull();
  });
});

describe('deadline (R3): every call ends within D + 1 s', () => {
  it('accept-never-answer on the business call → UNKNOWN within D + 1 s', async () => {
    const s = await server(signInThen(() => undefined));
    const c = client(s.url);
    const journal = createRecordingJournal();
    const t0 = Date.now();
    const r = await c.call('1101', input1101, { journal });
    const elapsed = Date.now() - t0;
    expect(r.outcome).toBe('UNKNOWN');
    expect(r.reason).toBe('transport-error');
    // ended by the deadline signal or the axios timer, not only by the hard-stop backstop
    expect(['ERR_CANCELED', 'ECONNABORTED', 'ETIMEDOUT']).toContain(r.transportError);
    expect(elapsed).toBeLessThan(BOUND + D); // one sign-in exchange + one bounded business exchange
    expect(r.endedAt - r.startedAt).toBeLessThan(BOUND);
    expect(s.requests.map(infnoOf)).toEqual(['9001', '1101']);
  });

  it('pure black hole: a direct 9001 is UNKNOWN, a business call NOT_SENT (sign-in never answered), each within D + 1 s', async () => {
    const bh = await startBlackholeServer();
    closers.push(() => bh.close());
    const c = client(bh.url);
    let t0 = Date.now();
    const direct = await c.call(
      '9001',
      { signIn: { opter_no: 'OP001', mac: '', ip: '127.0.0.1' } },
      { journal: createRecordingJournal() },
    );
    expect(direct.outcome).toBe('UNKNOWN');
    expect(Date.now() - t0).toBeLessThan(BOUND);
    t0 = Date.now();
    const business = await c.call('2207', { data: {} }, { journal: createRecordingJournal() });
    expect(business).toMatchObject({ outcome: 'NOT_SENT', errCode: 'SIGN_IN_FAILED' });
    expect(Date.now() - t0).toBeLessThan(BOUND);
    expect(bh.received()).toContain('"infno":"9001"');
    expect(bh.received()).not.toContain('"infno":"2207"');
  });

  it('slow drip of 1 byte / 100 ms after the headers → UNKNOWN within D + 1 s (axios timeout alone would not stop it)', async () => {
    const body = SIGN_IN_REPLY.replace('SIGN-0001', 'X'.repeat(40));
    const s = await server(
      signInThen(async (_req, socket: net.Socket) => {
        socket.write(
          Buffer.from(
            `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
            'latin1',
          ),
        );
        for (let i = 0; i < body.length && !socket.destroyed; i++) {
          socket.write(body[i]!);
          await new Promise((r) => setTimeout(r, 100));
        }
        socket.end();
      }),
    );
    const c = client(s.url);
    const r = await c.call('1101', input1101, { journal: createRecordingJournal() });
    expect(r.outcome).toBe('UNKNOWN');
    expect(r.endedAt - r.startedAt).toBeLessThan(BOUND);
    // the AbortSignal.timeout(D) ended it: the idle timer kept being reset by the drip
    expect(r.transportError).toBe('ERR_CANCELED');
  });

  it('a caller signal that aborts mid-exchange ends the call UNKNOWN at once', async () => {
    const s = await server(signInThen(() => undefined));
    const c = client(s.url, { timeout_ms: 30_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await c.call('1101', input1101, { journal: createRecordingJournal(), signal: ac.signal });
    expect(r).toMatchObject({ outcome: 'UNKNOWN', transportError: 'ERR_CANCELED' });
    expect(r.endedAt - r.startedAt).toBeLessThan(BOUND);
  });

  it('ctx.deadlineMs overrides the configured deadline', async () => {
    const s = await server(signInThen(() => undefined));
    const c = client(s.url, { timeout_ms: 30_000 });
    const r = await c.call('1101', input1101, { journal: createRecordingJournal(), deadlineMs: 200 });
    expect(r.outcome).toBe('UNKNOWN');
    expect(r.endedAt - r.startedAt).toBeLessThan(200 + 1000);
  });
});

describe('broken replies → UNKNOWN', () => {
  it('RST in the middle of the response', async () => {
    const s = await server(
      signInThen((_req, socket) => {
        socket.write(
          Buffer.from(
            'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"infcode":0,"out',
            'latin1',
          ),
          () => {
            setTimeout(() => socket.resetAndDestroy(), 20);
          },
        );
      }),
    );
    const r = await client(s.url).call('1101', input1101, { journal: createRecordingJournal() });
    expect(r.outcome).toBe('UNKNOWN');
    expect(r.reason).toBe('transport-error');
  });

  it('RST right after the request, before any reply', async () => {
    const s = await server(
      signInThen((_req, socket) => {
        socket.resetAndDestroy();
      }),
    );
    const r = await client(s.url).call('1101', input1101, { journal: createRecordingJournal() });
    expect(r).toMatchObject({ outcome: 'UNKNOWN', transportError: 'ECONNRESET' });
  });

  it('truncated body (Content-Length says more, connection closes)', async () => {
    const s = await server(
      signInThen((_req, socket) => {
        socket.end(
          Buffer.from(
            'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"infcode":0,"output":{"baseinfo":{"psn_no":"4',
            'latin1',
          ),
        );
      }),
    );
    const r = await client(s.url).call('1101', input1101, { journal: createRecordingJournal() });
    expect(r.outcome).toBe('UNKNOWN');
  });

  it.each([502, 503, 504, 500, 404, 302])('HTTP %i', async (status) => {
    const s = await server(signInThen(replyWith(status, '<html>bad gateway</html>')));
    const r = await client(s.url).call('1101', input1101, { journal: createRecordingJournal() });
    expect(r).toMatchObject({ outcome: 'UNKNOWN', httpStatus: status, reason: 'http-status' });
  });

  it('200 with invalid JSON', async () => {
    const s = await server(signInThen(replyWith(200, '{"infcode":0,"output":{"baseinfo":')));
    const r = await client(s.url).call('1101', input1101, { journal: createRecordingJournal() });
    expect(r).toMatchObject({ outcome: 'UNKNOWN', httpStatus: 200, reason: 'not-json' });
    expect(r.output).toBeUndefined();
  });

  it('200, infcode 0, but the output fails the trade schema (9001 without sign_no)', async () => {
    const s = await server(
      replyWith(200, JSON.stringify({ infcode: 0, output: { signinoutb: { sign_time: '2026-11-20 08:00:00' } } })),
    );
    const r = await client(s.url).call(
      '9001',
      { signIn: { opter_no: 'OP001', mac: '', ip: '127.0.0.1' } },
      { journal: createRecordingJournal() },
    );
    expect(r).toMatchObject({ outcome: 'UNKNOWN', reason: 'output-invalid' });
  });
});

describe('readable replies', () => {
  it('infcode -1 [NO_REGISTRATION] → DEFINITE_FAIL with errCode; personal data masked in errMsg', async () => {
    const msg = '[NO_REGISTRATION] 人员43010219560302031X未办理异地就医备案';
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: -1, err_msg: msg, output: null }))));
    const r = await client(s.url).call('1101', input1101, { journal: createRecordingJournal() });
    expect(r).toMatchObject({
      outcome: 'DEFINITE_FAIL',
      errCode: 'NO_REGISTRATION',
      httpStatus: 200,
      reason: 'refused',
    });
    expect(r.errMsg).toMatch(/^\[NO_REGISTRATION\] 人员/);
    expect(r.errMsg).not.toContain('43010219560302031X');
    expect(r.responseText).not.toContain('43010219560302031X');
  });

  it('success keeps amounts (1234.50) and a 19-digit feedetl_sn exact', async () => {
    const reply =
      '{"infcode":0,"inf_refmsgid":null,"err_msg":"success","output":{"result":[' +
      '{"feedetl_sn":1234567890123456789,"det_item_fee_sumamt":1234.50,"cnt":2.0000,"pric":617.250000,"fulamt_ownpay_amt":0.0,"chrgitm_lv":"01"}]}}';
    const s = await server(signInThen(replyWith(200, reply)));
    const c = client(s.url);
    const r = await c.call('2204', { feedetail: [] }, { journal: createRecordingJournal(), insuplc_admdvs: '430102' });
    expect(r.outcome).toBe('SUCCESS');
    const line = (r.output as { result: Record<string, { toString(): string }>[] }).result[0]!;
    expect(line['feedetl_sn']!.toString()).toBe('1234567890123456789');
    expect(line['det_item_fee_sumamt']!.toString()).toBe('1234.50');
    expect(line['fulamt_ownpay_amt']!.toString()).toBe('0.0');
    expect(c.status()).toMatchObject({ signedIn: true });
    expect(c.status().lastSuccessAt).not.toBeNull();
  });
});

describe('request building', () => {
  it('numeric fields go out as exact JSON number literals; identifiers and other fields stay strings', async () => {
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: 0, output: { result: [] } }))));
    const journal = createRecordingJournal();
    const line = {
      feedetl_sn: '1234567890123456789',
      mdtrt_id: 'MD001',
      psn_no: 'P001',
      chrg_bchno: 'B1',
      rx_circ_flag: '0',
      fee_ocur_time: '2026-11-20 09:00:00',
      med_list_codg: 'X1',
      medins_list_codg: 'H1',
      det_item_fee_sumamt: '1234.50',
      cnt: '2.0000',
      pric: '617.250000',
      prd_days: '',
      bilg_dept_codg: 'D1',
      bilg_dept_name: '内科',
      bilg_dr_codg: 'DR1',
      bilg_dr_name: '医生',
    };
    const r = await client(s.url).call('2204', { feedetail: [line] }, { journal, insuplc_admdvs: '430102' });
    expect(r.outcome).toBe('SUCCESS');
    const raw = s.requests.find((q) => infnoOf(q) === '2204')!.body;
    expect(raw).toContain('"det_item_fee_sumamt":1234.50');
    expect(raw).toContain('"cnt":2.0000');
    expect(raw).toContain('"pric":617.250000');
    expect(raw).toContain('"prd_days":""'); // not provided stays ""
    expect(raw).toContain('"feedetl_sn":"1234567890123456789"');
    // the body the server received is byte for byte the body that was journaled
    expect(raw).toBe(r.prepared.body);
    const before = journal.events.find((e) => e.hook === 'beforeSend');
    expect(before?.hook === 'beforeSend' && before.prepared.body).toBe(raw);
    // the envelope keeps the decimal strings (plain data for the journal)
    const env = r.prepared.envelope as { input: { feedetail: { det_item_fee_sumamt: string }[] } };
    expect(env.input.feedetail[0]!.det_item_fee_sumamt).toBe('1234.50');
  });

  it('a numeric field that is not a decimal literal → NOT_SENT before the journal, nothing sent', async () => {
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: 0, output: { result: [] } }))));
    const journal = createRecordingJournal();
    const r = await client(s.url).call('2204', { feedetail: [{ det_item_fee_sumamt: '12,50' }] }, { journal });
    expect(r).toMatchObject({ outcome: 'NOT_SENT', errCode: 'BAD_REQUEST_INPUT' });
    expect(journal.events).toHaveLength(0);
    expect(s.requests.map(infnoOf)).toEqual(['9001']);
  });

  it('envelope header: msgid, China inf_time, sign_no, insuplc_admdvs, configured constants', async () => {
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: 0, output: { result: [] } }))));
    const at = Date.UTC(2026, 10, 20, 1, 2, 3); // 09:02:03 in China
    const c = client(s.url, {}, { clock: () => at });
    const r = await c.call('2204', { feedetail: [] }, { journal: createRecordingJournal(), insuplc_admdvs: '430102' });
    expect(r.outcome).toBe('SUCCESS');
    const [signIn, business] = s.requests.map((q) => JSON.parse(q.body) as Record<string, unknown>);
    expect(signIn).toMatchObject({ infno: '9001', sign_no: '', input: { signIn: { opter_no: 'OP001' } } });
    expect(business).toMatchObject({
      infno: '2204',
      msgid: r.msgid,
      sign_no: 'SIGN-0001',
      insuplc_admdvs: '430102',
      mdtrtarea_admvs: '410202',
      fixmedins_code: FIXMEDINS,
      fixmedins_name: '开封市示范第一医院',
      opter: 'OP001',
      opter_name: '收费员甲',
      opter_type: '1',
      infver: 'V1.0',
      recer_sys_code: 'YBXT',
      inf_time: '2026-11-20 09:02:03',
    });
    expect(r.msgid).toMatch(/^H41020200011202611200902030\d{3}$/);
    expect(signIn!['msgid']).not.toBe(r.msgid);
  });

  it.each([
    ['trailing slash', (u: string) => `${u}/`, PLAIN_PATH, false],
    ['already ending with the path', (u: string) => `${u}${PLAIN_PATH}`, PLAIN_PATH, true],
    ['already ending with the path and a slash', (u: string) => `${u}${PLAIN_PATH}/`, PLAIN_PATH, true],
    ['a prefix with a trailing slash', (u: string) => `${u}/gw/`, `/gw${PLAIN_PATH}`, false],
  ] as const)('url %s → POST %s, not doubled', async (_name, shape, path, warned) => {
    const s = await server(replyWith(200, SIGN_IN_REPLY));
    const logs: string[] = [];
    const c = client(shape(s.url), {}, { logger: { log: (level, event) => logs.push(`${level}:${event}`) } });
    const r = await c.call(
      '9001',
      { signIn: { opter_no: 'OP001', mac: '', ip: '127.0.0.1' } },
      { journal: createRecordingJournal() },
    );
    expect(r.outcome).toBe('SUCCESS');
    expect(s.requests[0]).toMatchObject({ method: 'POST', path });
    expect(s.requests[0]!.headers['content-type']).toContain('application/json');
    expect(logs.includes('warn:upstream.url')).toBe(warned);
  });
});

describe('journal', () => {
  it('beforeSend is committed strictly before the server receives the first byte', async () => {
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: 0, output: { result: [] } }))));
    const journal = createRecordingJournal();
    const r = await client(s.url).call('2204', { feedetail: [] }, { journal, attemptKey: 'job-1' });
    expect(r.outcome).toBe('SUCCESS');
    const req = s.requests.find((q) => infnoOf(q) === '2204')!;
    const [before, after] = journal.events;
    expect(before?.hook).toBe('beforeSend');
    expect(after?.hook).toBe('afterOutcome');
    expect(before!.at < req.firstByteAt).toBe(true);
    expect(after?.hook === 'afterOutcome' && after.result).toBe(r);
    expect(before!.ctx.attemptKey).toBe('job-1');
  });

  it('beforeSend throwing → NOT_SENT, the server saw no request, afterOutcome not called', async () => {
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: 0, output: { result: [] } }))));
    const c = client(s.url);
    await c.signIn();
    expect(s.requests.map(infnoOf)).toEqual(['9001']);
    const journal = createRecordingJournal();
    journal.failBeforeSend = true;
    const r = await c.call('2207', { data: {} }, { journal });
    expect(r).toMatchObject({ outcome: 'NOT_SENT', errCode: 'JOURNAL_FAILED', reason: 'local-error' });
    expect(r.msgid).toMatch(/^H41020200011\d{18}$/);
    expect(journal.events).toHaveLength(0);
    // give a stray request time to arrive, then check nothing did
    await new Promise((res) => setTimeout(res, 100));
    expect(s.requests.map(infnoOf)).toEqual(['9001']);
    expect(s.connections()).toBe(1);
  });

  it('afterOutcome throwing makes call() reject (the row stays SENDING for recovery)', async () => {
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: 0, output: { result: [] } }))));
    const journal = createRecordingJournal();
    journal.afterOutcome = async () => {
      throw new Error('SQLITE_IOERR');
    };
    await expect(client(s.url).call('2204', { feedetail: [] }, { journal })).rejects.toThrow('SQLITE_IOERR');
  });

  it('an already aborted signal → NOT_SENT, nothing sent, no journal', async () => {
    const s = await server(replyWith(200, SIGN_IN_REPLY));
    const journal = createRecordingJournal();
    const r = await client(s.url).call('9001', { signIn: {} }, { journal, signal: AbortSignal.abort() });
    expect(r).toMatchObject({ outcome: 'NOT_SENT', errCode: 'ABORTED' });
    expect(journal.events).toHaveLength(0);
    expect(s.requests).toHaveLength(0);
  });
});

describe('hosts and sign-in', () => {
  it('a URL outside the allowlist is refused before sending', async () => {
    const s = await server(replyWith(200, SIGN_IN_REPLY));
    const profile: GatewayProfile = {
      name: 'rogue',
      urlFor: () => `http://localhost:${s.port}${PLAIN_PATH}`,
      headersFor: () => ({}),
      definiteStatuses: new Set(),
    };
    const journal = createRecordingJournal();
    const r = await client(s.url, {}, { profile }).call('9001', { signIn: {} }, { journal });
    expect(r).toMatchObject({ outcome: 'NOT_SENT', errCode: 'HOST_NOT_ALLOWED' });
    expect(journal.events).toHaveLength(0);
    expect(s.connections()).toBe(0);
  });

  it('a profile whose signing throws → NOT_SENT, nothing sent; profile headers are sent', async () => {
    const s = await server(replyWith(200, SIGN_IN_REPLY));
    let fail = true;
    const profile: GatewayProfile = {
      name: 'signed',
      urlFor: () => `${s.url}${PLAIN_PATH}`,
      headersFor: async (p) => {
        if (fail) throw new Error('no key');
        return { 'x-test-signature': p.msgid };
      },
      definiteStatuses: new Set(),
    };
    const c = client(s.url, {}, { profile });
    const r1 = await c.call('9001', { signIn: {} }, { journal: createRecordingJournal() });
    expect(r1).toMatchObject({ outcome: 'NOT_SENT', errCode: 'SIGNING_FAILED' });
    expect(s.connections()).toBe(0);
    fail = false;
    const r2 = await c.call('9001', { signIn: {} }, { journal: createRecordingJournal() });
    expect(r2.outcome).toBe('SUCCESS');
    expect(s.requests[0]!.headers['x-test-signature']).toBe(r2.msgid);
  });

  it('signs in once per operator; [SIGN_NO_INVALID] → sign in again and repeat ONCE with a new msgid', async () => {
    let signIns = 0;
    let refuseNext = false;
    const s = await server((req, socket) => {
      const body = JSON.parse(req.body) as { infno: string; sign_no: string };
      if (body.infno === '9001') {
        signIns += 1;
        socket.end(httpResponse(200, SIGN_IN_REPLY.replace('SIGN-0001', `SIGN-000${signIns}`)));
      } else if (refuseNext || body.sign_no !== `SIGN-000${signIns}`) {
        refuseNext = false;
        socket.end(
          httpResponse(
            200,
            JSON.stringify({ infcode: -1, err_msg: '[SIGN_NO_INVALID] 签到编号无效，请重新签到', output: null }),
          ),
        );
      } else {
        socket.end(httpResponse(200, JSON.stringify({ infcode: 0, output: { result: [] } })));
      }
    });
    const c = client(s.url);
    for (let i = 0; i < 3; i++) {
      expect((await c.call('2204', { feedetail: [] }, { journal: createRecordingJournal() })).outcome).toBe('SUCCESS');
    }
    expect(signIns).toBe(1);
    // another operator signs in separately
    await c.call(
      '2204',
      { feedetail: [] },
      { journal: createRecordingJournal(), operator: { opter: 'OP002', opter_name: '收费员乙' } },
    );
    expect(signIns).toBe(2);

    refuseNext = true;
    const journal = createRecordingJournal();
    const r = await c.call('2204', { feedetail: [] }, { journal });
    expect(r.outcome).toBe('SUCCESS');
    expect(signIns).toBe(3);
    const befores = journal.events.filter((e) => e.hook === 'beforeSend');
    const afters = journal.events.filter((e) => e.hook === 'afterOutcome');
    expect(befores).toHaveLength(2);
    expect(afters.map((e) => e.hook === 'afterOutcome' && e.result.outcome)).toEqual(['DEFINITE_FAIL', 'SUCCESS']);
    const [m1, m2] = befores.map((e) => (e.hook === 'beforeSend' ? e.prepared.msgid : ''));
    expect(m1).not.toBe(m2);
    expect(r.msgid).toBe(m2);

    // refused again after the fresh sign-in: no second repeat
    let always = 0;
    const s2 = await server((req, socket) => {
      if (infnoOf(req) === '9001') socket.end(httpResponse(200, SIGN_IN_REPLY));
      else {
        always += 1;
        socket.end(httpResponse(200, JSON.stringify({ infcode: -1, err_msg: '[SIGN_NO_INVALID] 签到失效' })));
      }
    });
    const r2 = await client(s2.url).call('2204', { feedetail: [] }, { journal: createRecordingJournal() });
    expect(r2).toMatchObject({ outcome: 'DEFINITE_FAIL', errCode: 'SIGN_NO_INVALID' });
    expect(always).toBe(2);
  });

  it('concurrent first calls of one operator share a single 9001', async () => {
    const s = await server(signInThen(replyWith(200, JSON.stringify({ infcode: 0, output: { result: [] } }))));
    const c = client(s.url);
    const rs = await Promise.all(
      [1, 2, 3, 4].map(() => c.call('2204', { feedetail: [] }, { journal: createRecordingJournal() })),
    );
    expect(rs.map((r) => r.outcome)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(s.requests.map(infnoOf).filter((i) => i === '9001')).toHaveLength(1);
    expect(new Set(rs.map((r) => r.msgid)).size).toBe(4);
  });

  it('any other refusal is never repeated', async () => {
    let n = 0;
    const s = await server(
      signInThen((_req, socket) => {
        n += 1;
        socket.end(httpResponse(200, JSON.stringify({ infcode: -1, err_msg: '[ALREADY_SETTLED] 已结算' })));
      }),
    );
    const r = await client(s.url).call('2207', { data: {} }, { journal: createRecordingJournal() });
    expect(r).toMatchObject({ outcome: 'DEFINITE_FAIL', errCode: 'ALREADY_SETTLED' });
    expect(n).toBe(1);
  });

  it('signIn() rejects with a typed error when the platform refuses', async () => {
    const s = await server(
      replyWith(200, JSON.stringify({ infcode: -1, err_msg: '[INSTITUTION_UNKNOWN] 机构不存在' })),
    );
    await expect(client(s.url).signIn()).rejects.toMatchObject({ name: 'AppError', code: 'INSTITUTION_UNKNOWN' });
  });
});

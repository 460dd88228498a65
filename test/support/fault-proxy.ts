/**
 * The fault proxy of docs/reliability.md §4: a small `node:net` TCP proxy on 127.0.0.1:0 in front of a
 * target port on 127.0.0.1, with switchable modes for the fault catalogue:
 *
 * | mode | fault # | what the client / the upstream see |
 * |---|---|---|
 * | `pass` | — | bytes as they are |
 * | `blackhole` request path | 2 | accepted, never forwarded, never answered (upstream saw nothing) |
 * | `blackhole` response path | 2 | forwarded (upstream acted), never answered |
 * | `rst` request path | 5 | RST after the request arrived; never forwarded |
 * | `rst` response path | 6 | forwarded; RST after `afterBytes` of the response (default: head + half the body) |
 * | `drip` | 8 | response sent 1 byte every `byteIntervalMs` |
 * | `rewrite` | 11 | callback over the full response text (use {@link rewriteBody} to keep Content-Length right) |
 * | `duplicate` request path | 12 | the request is delivered to the upstream twice; the client gets the first reply |
 * | `duplicate` response path | 12 | the reply is written twice on the connection |
 * | `delay` request / response | 3, 4, 12 | held `ms` before forwarding / before answering (a late response) |
 *
 * The mode is read when a request has fully arrived, so `setMode` applies from the next request.
 * Each request gets its own upstream connection, closed after the reply. Connections from
 * non-loopback peers are refused (destroyed at once); the target is always 127.0.0.1.
 */
import net from 'node:net';

/** Which leg of the exchange a fault hits. */
export type FaultPath = 'request' | 'response';

export type FaultMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'blackhole'; readonly path: FaultPath }
  | { readonly kind: 'rst'; readonly path: FaultPath; readonly afterBytes?: number }
  | { readonly kind: 'drip'; readonly byteIntervalMs: number }
  | { readonly kind: 'rewrite'; readonly rewrite: (responseText: string) => string }
  | { readonly kind: 'duplicate'; readonly path: FaultPath }
  | { readonly kind: 'delay'; readonly path: FaultPath; readonly ms: number };

/** Counters of a proxy (for assertions). */
export interface FaultProxyStats {
  /** Client connections accepted. */
  readonly connections: number;
  /** Client connections refused (non-loopback peer). */
  readonly refused: number;
  /** Complete requests received from clients. */
  readonly requests: number;
  /** Requests written to the upstream (a duplicated request counts twice). */
  readonly forwarded: number;
  /** Complete responses read from the upstream. */
  readonly responses: number;
  /** Bytes written to clients one at a time by `drip`. */
  readonly dripped: number;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /**
   * Sets the mode from the next request on. With `match`, the mode applies only to requests whose
   * text `match` accepts (e.g. one transaction code, or only the first such request); every other
   * request passes unchanged.
   */
  setMode(mode: FaultMode, match?: (requestText: string) => boolean): void;
  mode(): FaultMode;
  stats(): FaultProxyStats;
  /** Closes the listener and destroys every socket and pending timer. */
  close(): Promise<void>;
}

/** True for loopback peer addresses (IPv4, IPv6 and IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** Rewrites the BODY of an HTTP response text and fixes its Content-Length (for `rewrite`). */
export function rewriteBody(fn: (body: string) => string): (responseText: string) => string {
  return (text) => {
    const i = text.indexOf('\r\n\r\n');
    if (i < 0) return text;
    const body = fn(text.slice(i + 4));
    const head = text
      .slice(0, i)
      .split('\r\n')
      .filter((l) => !/^transfer-encoding:/i.test(l))
      .map((l) => (/^content-length:/i.test(l) ? `Content-Length: ${Buffer.byteLength(body, 'utf8')}` : l));
    if (!head.some((l) => /^content-length:/i.test(l))) head.push(`Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
    return `${head.join('\r\n')}\r\n\r\n${body}`;
  };
}

/**
 * Length in bytes of the first complete HTTP/1.1 message in `buf`, or null when it is not complete
 * yet (or, for a response without length, until the upstream closes).
 */
export function messageLength(buf: Buffer, isResponse: boolean): number | null {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const c = line.indexOf(':');
    if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  const bodyStart = headEnd + 4;
  const cl = headers.get('content-length');
  if (cl !== undefined) {
    const total = bodyStart + Number(cl);
    return buf.length >= total ? total : null;
  }
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    let p = bodyStart;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', p);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(buf.subarray(p, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
      if (!Number.isFinite(size)) return null;
      if (size === 0) {
        const end = buf.indexOf('\r\n\r\n', lineEnd);
        return end < 0 ? null : end + 4;
      }
      p = lineEnd + 2 + size + 2;
      if (buf.length < p) return null;
    }
  }
  if (!isResponse) return bodyStart;
  const status = Number((lines[0] ?? '').split(' ')[1]);
  return status === 204 || status === 304 || (status >= 100 && status < 200) ? bodyStart : null;
}

/** Starts a proxy on 127.0.0.1:0 in front of 127.0.0.1:`targetPort`. */
export async function startFaultProxy(targetPort: number, initial: FaultMode = { kind: 'pass' }): Promise<FaultProxy> {
  let mode: FaultMode = initial;
  let matches: ((requestText: string) => boolean) | undefined;
  const counts = { connections: 0, refused: 0, requests: 0, forwarded: 0, responses: 0, dripped: 0 };
  const sockets = new Set<net.Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (fn: () => void, ms: number): void => {
    const h = setTimeout(() => {
      timers.delete(h);
      fn();
    }, ms);
    timers.add(h);
  };
  const track = (s: net.Socket): net.Socket => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    return s;
  };

  /**
   * Sends one request upstream; resolves with the response bytes, whether they form a complete
   * framed message, and whether the upstream reset the connection.
   */
  const exchange = (request: Buffer): Promise<{ response: Buffer; framed: boolean; reset: boolean }> =>
    new Promise((resolve) => {
      counts.forwarded += 1;
      const up = track(net.connect({ host: '127.0.0.1', port: targetPort }));
      let buf = Buffer.alloc(0);
      let settled = false;
      const done = (framed: boolean, reset: boolean): void => {
        if (settled) return;
        settled = true;
        if (framed) counts.responses += 1;
        up.destroy();
        resolve({ response: buf, framed, reset });
      };
      up.on('connect', () => up.write(request));
      up.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        const len = messageLength(buf, true);
        if (len !== null) {
          buf = buf.subarray(0, len);
          done(true, false);
        }
      });
      // Closed before a framed message (close-delimited or cut short): pass on what came.
      up.on('end', () => done(false, false));
      up.on('error', () => done(false, true));
      up.on('close', () => done(false, false));
    });

  const handle = async (client: net.Socket, request: Buffer): Promise<void> => {
    counts.requests += 1;
    const m: FaultMode = matches === undefined || matches(request.toString('utf8')) ? mode : { kind: 'pass' };
    const alive = (): boolean => !client.destroyed;
    if (m.kind === 'blackhole' && m.path === 'request') return;
    if (m.kind === 'rst' && m.path === 'request') {
      client.resetAndDestroy();
      return;
    }
    if (m.kind === 'delay' && m.path === 'request') await new Promise<void>((r) => later(r, m.ms));
    if (!alive()) return;
    const first = exchange(request);
    if (m.kind === 'duplicate' && m.path === 'request') void exchange(request);
    const { response, framed, reset } = await first;
    if (!alive()) return;
    if (reset) {
      // Mirror an upstream reset: what arrived, then RST.
      client.write(response, () => client.resetAndDestroy());
      return;
    }
    /** Mirrors the upstream: ends the client when the reply said `Connection: close` or was not framed. */
    const finish = (): void => {
      const head = response.subarray(0, Math.max(0, response.indexOf('\r\n\r\n'))).toString('latin1');
      if (!framed || /\r\nconnection:\s*close/i.test(head)) client.end();
    };
    switch (m.kind) {
      case 'blackhole':
        return; // response path: the upstream acted, the client never hears
      case 'rst': {
        const headEnd = response.indexOf('\r\n\r\n') + 4;
        const cut = m.afterBytes ?? headEnd + Math.floor((response.length - headEnd) / 2);
        client.write(response.subarray(0, Math.min(cut, response.length)), () => client.resetAndDestroy());
        return;
      }
      case 'drip': {
        client.setNoDelay(true);
        let i = 0;
        await new Promise<void>((resolve) => {
          const step = (): void => {
            if (!alive() || i >= response.length) {
              resolve();
              return;
            }
            client.write(response.subarray(i, i + 1));
            i += 1;
            counts.dripped += 1;
            later(step, m.byteIntervalMs);
          };
          step();
        });
        finish();
        return;
      }
      case 'rewrite':
        client.write(Buffer.from(m.rewrite(response.toString('utf8')), 'utf8'));
        finish();
        return;
      case 'duplicate':
        client.write(response);
        if (m.path === 'response') client.write(response);
        finish();
        return;
      case 'delay':
        if (m.path === 'response') await new Promise<void>((r) => later(r, m.ms));
        if (!alive()) return;
        client.write(response);
        finish();
        return;
      case 'pass':
        client.write(response);
        finish();
        return;
    }
  };

  const server = net.createServer((client) => {
    if (!isLoopback(client.remoteAddress)) {
      counts.refused += 1;
      client.destroy();
      return;
    }
    counts.connections += 1;
    track(client);
    let buf = Buffer.alloc(0);
    let chain = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const len = messageLength(buf, false);
        if (len === null) return;
        const request = buf.subarray(0, len);
        buf = buf.subarray(len);
        // One request at a time per connection, in order (HTTP/1.1 without pipelining surprises).
        chain = chain
          .then(() => handle(client, request))
          .catch(() => {
            client.destroy();
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setMode: (m, match) => {
      mode = m;
      matches = match;
    },
    mode: () => mode,
    stats: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const h of timers) clearTimeout(h);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

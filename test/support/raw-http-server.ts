/**
 * A scripted HTTP/1.1 server over raw `node:net` on 127.0.0.1, port 0, for transport fault tests
 * (docs/reliability.md §4: RST mid-response, truncated body, slow drip, 5xx, broken JSON). Each request
 * is read completely (headers + Content-Length body), recorded with a monotonic timestamp of its
 * FIRST byte, then handed to the test's responder with the raw socket, so the responder can write
 * anything, drip bytes, cut the body or reset the connection.
 */
import net from 'node:net';

/** One request as the server received it. */
export interface RawRequest {
  /** `POST`, `GET` … */
  readonly method: string;
  /** Request target, e.g. `/fsi/api/rsfComIfsService/callService`. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received, decoded as UTF-8. */
  readonly body: string;
  /** `process.hrtime.bigint()` when the first byte of this request arrived. */
  readonly firstByteAt: bigint;
}

/** Writes the reply to `socket`; may be async (drip). Must end or destroy the socket eventually. */
export type Responder = (req: RawRequest, socket: net.Socket, index: number) => void | Promise<void>;

/** A running scripted server. */
export interface RawHttpServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Requests received so far, in order. */
  readonly requests: readonly RawRequest[];
  /** Number of TCP connections accepted. */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTP reply head + body; `Connection: close` unless `keepAlive`. */
export function httpResponse(
  status: number,
  body: string,
  opts: { contentType?: string; keepAlive?: boolean; contentLength?: number } = {},
): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  const head =
    `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Status'}\r\n` +
    `Content-Type: ${opts.contentType ?? 'application/json; charset=utf-8'}\r\n` +
    `Content-Length: ${opts.contentLength ?? bytes.length}\r\n` +
    `Connection: ${opts.keepAlive === true ? 'keep-alive' : 'close'}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes]);
}

/** Replies `status` with `body` and closes the connection. */
export function reply(status: number, body: string): Responder {
  return (_req, socket) => {
    socket.end(httpResponse(status, body));
  };
}

/** Starts a scripted server; `responder` handles every request. */
export async function startRawHttpServer(responder: Responder): Promise<RawHttpServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    let buf = Buffer.alloc(0);
    let firstByteAt: bigint | null = null;
    socket.on('data', (chunk: Buffer) => {
      firstByteAt ??= process.hrtime.bigint();
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1').split('\r\n');
        const [method = '', path = ''] = (head[0] ?? '').split(' ');
        const headers: Record<string, string> = {};
        for (const line of head.slice(1)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        const len = Number(headers['content-length'] ?? '0');
        if (buf.length < end + 4 + len) return;
        const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
        buf = buf.subarray(end + 4 + len);
        const req: RawRequest = { method, path, headers, body, firstByteAt: firstByteAt ?? process.hrtime.bigint() };
        firstByteAt = buf.length > 0 ? process.hrtime.bigint() : null;
        requests.push(req);
        void Promise.resolve(responder(req, socket, requests.length - 1)).catch(() => socket.destroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

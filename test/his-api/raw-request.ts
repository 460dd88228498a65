/**
 * A raw HTTP/1.1 request for the hardening tests: any Host, any Content-Length, a body written in
 * pieces (or not at all), `Expect: 100-continue`; resolves with the status, headers, JSON body and
 * whether `100 Continue` came. A socket reset after the answer is ignored (the server closes a
 * connection whose body it did not read).
 */
import { request, type OutgoingHttpHeaders } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly json: Record<string, unknown> | null;
  readonly text: string;
  readonly gotContinue: boolean;
}

export interface RawRequest {
  readonly url: string;
  readonly method?: string;
  readonly path: string;
  readonly headers?: OutgoingHttpHeaders;
  /** Written in order; a function gets the request to write at its own pace. */
  readonly body?: Buffer | string | ((write: (chunk: Buffer) => boolean, end: () => void) => void);
  /** With `Expect: 100-continue`: write the body only after 100 Continue. */
  readonly expectContinue?: boolean;
}

export function rawRequest(r: RawRequest): Promise<RawAnswer> {
  const u = new URL(r.url);
  return new Promise((resolve, reject) => {
    let gotContinue = false;
    let settled = false;
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: r.method ?? 'POST',
        path: r.path,
        agent: false,
        headers: { ...(r.expectContinue ? { Expect: '100-continue' } : {}), ...r.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | null = null;
          try {
            json = text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text, gotContinue });
        });
      },
    );
    req.on('error', (e) => {
      if (!settled) reject(e);
    });
    const send = () => {
      const b = r.body;
      if (b === undefined) req.end();
      else if (typeof b === 'function') {
        req.flushHeaders();
        b(
          (c) => (req.destroyed ? false : req.write(c)),
          () => req.end(),
        );
      } else req.end(b);
    };
    if (r.expectContinue) {
      req.on('continue', () => {
        gotContinue = true;
        send();
      });
      req.flushHeaders();
    } else send();
  });
}

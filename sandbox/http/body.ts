/** Request bodies and JSON answers. Bodies are parsed with lossless-json so numbers keep their literal text. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, parseLosslessNumber, stringify } from 'lossless-json';

/** Largest request body accepted (the national limit on `input` is 40,000 characters). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads the whole body as UTF-8; rejects a body above MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses JSON text losslessly (numbers become LosslessNumber); throws SyntaxError. */
export function parseLossless(text: string): unknown {
  return parse(text, null, parseLosslessNumber);
}

/** Serialises with lossless-json (LosslessNumber → its exact literal). */
export function toJsonText(value: unknown): string {
  return stringify(value) ?? 'null';
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = toJsonText(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * `POST /fsi/api/rsfComIfsService/callService` (docs/protocol.md §1.3 style A): the envelope's
 * `infno` picks the transaction. Fault rules (docs/sandbox-policy.md §6) act around processing:
 * `delay` waits then processes and answers even if the client left; `drop_before` and
 * `http_error` do not process; `process_then_drop`, `broken_json` and `truncate` process, then
 * spoil the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { numericText } from '../../shared/money';
import type { SandboxState } from '../transactions/context';
import { processCallOrFile, UNPARSEABLE } from '../transactions/pipeline';
import { parseLossless, readBody, toJsonText } from './body';
import type { FaultBook } from './faults';

/** The transaction path of gateway style A. */
export { CALL_SERVICE_PATH } from '../../shared/protocol/gateway-refusals';

/** What a gateway in front hands over: the body it already read (and opened), and how to seal the answer. */
export interface GatewayPass {
  /** The plain request text (the sm gateway has decrypted `input`). */
  readonly text: string;
  /** Turns the plain answer into what goes on the wire (sm: encrypts `output`). */
  readonly seal?: (answer: string) => string;
}

/** Drops the connection without an answer: an RST where Node offers it. */
export function dropConnection(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function infnoOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const v = numericText((body as Record<string, unknown>).infno);
  return v === null || v === '' ? null : v;
}

function writeJson(res: ServerResponse, text: string): void {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Handles one call, faults included. */
export async function handleCallService(
  state: SandboxState,
  faults: FaultBook,
  req: IncomingMessage,
  res: ServerResponse,
  pass?: GatewayPass,
): Promise<void> {
  const received = state.clock.now();
  const text = pass?.text ?? (await readBody(req));
  let body: unknown;
  try {
    body = parseLossless(text);
  } catch {
    body = UNPARSEABLE;
  }
  const infno = infnoOf(body);
  const rule = infno === null ? null : faults.take(infno);
  if (rule !== null) state.log(`fault ${rule.action} on ${infno ?? '?'}`);
  switch (rule?.action) {
    case 'drop_before':
      dropConnection(req.socket);
      return;
    case 'http_error':
      res.writeHead(rule.status ?? 503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`sandbox fault: HTTP ${rule.status ?? 503}`);
      return;
    case 'delay':
      await sleep(rule.ms ?? 0);
      break;
    default:
      break;
  }
  const processed = processCallOrFile(state, body, received);
  const plainAnswer = toJsonText(processed.envelope);
  const answer = pass?.seal === undefined ? plainAnswer : pass.seal(plainAnswer);
  switch (rule?.action) {
    case 'process_then_drop':
      dropConnection(req.socket);
      return;
    case 'broken_json':
      // Same length class as a real answer, but not JSON: a stray comma after the opening brace.
      writeJson(res, `{,${answer.slice(1)}`);
      return;
    case 'truncate': {
      const bytes = Buffer.from(answer, 'utf8');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
      return;
    }
    default:
      if (processed.file !== null) writeFile(res, processed.file.bytes);
      else writeJson(res, answer);
  }
}

/** 9102: the file's bytes as the body (docs/sandbox-policy.md §7), not an envelope. */
function writeFile(res: ServerResponse, bytes: Buffer): void {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
  res.end(bytes);
}

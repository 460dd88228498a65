/**
 * The sandbox behind a gateway (docs/protocol.md §1.3): for csb, tif and sm, every request to a
 * transaction path is checked exactly as the style says before the platform sees it; a failed
 * check answers the refusal (status and `[GATEWAY_*]` envelope) and nothing is processed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CALL_SERVICE_PATH, SM_CALL_PATH, SM_TOKEN_PATH, tifPathOf } from '../../shared/protocol/gateway-refusals';
import { numericText } from '../../shared/money';
import { parseLossless, readBody, sendJson } from '../http/body';
import { handleCallService } from '../http/call-service';
import type { FaultBook } from '../http/faults';
import type { SandboxState } from '../transactions/context';
import type { GatewayFile } from './gateway-file';
import { refuse, sendRefusal } from './refusal';
import { checkCsb, checkTif } from './signed-headers';
import { smOpenCall, smSealAnswer, smTokenRequest, type SmTokens } from './sm-gateway';

/** A gateway in front of the sandbox: its file and, for sm, the tokens it issued. */
export interface SandboxGateway {
  readonly file: Exclude<GatewayFile, { style: 'plain' }>;
  /** The gateway's clock, epoch ms (real time; not the scenario's business date). */
  readonly now: () => number;
  readonly tokens: SmTokens | null;
}

function infnoOf(text: string): string | null {
  try {
    const body = parseLossless(text);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
    const v = numericText((body as Record<string, unknown>)['infno']);
    return v === null || v === '' ? null : v;
  } catch {
    return null;
  }
}

function notFound(res: ServerResponse, path: string, state: SandboxState): void {
  state.log(`gateway: GATEWAY_PATH ${path}`);
  sendRefusal(res, refuse('GATEWAY_PATH', path));
}

/** Handles a non-admin request through the gateway. */
export async function handleThroughGateway(
  gw: SandboxGateway,
  state: SandboxState,
  faults: FaultBook,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
  const f = gw.file;
  const now = gw.now();
  const refused = (r: { code: Parameters<typeof refuse>[0]; detail: string }): void => {
    state.log(`gateway: ${r.code} (${r.detail})`);
    sendRefusal(res, r);
  };
  switch (f.style) {
    case 'csb': {
      if (path !== CALL_SERVICE_PATH) return notFound(res, path, state);
      const text = await readBody(req);
      const r = checkCsb(f, req.headers, infnoOf(text), now);
      if (r !== null) return refused(r);
      return handleCallService(state, faults, req, res, { text });
    }
    case 'tif': {
      const prefix = f.path_prefix.replace(/\/+$/, '');
      if (!path.startsWith(`${prefix}/`)) return notFound(res, path, state);
      const rest = path.slice(prefix.length);
      const text = await readBody(req);
      const infno = infnoOf(text);
      // The path names the transaction: a body for another one is at the wrong path.
      if (infno === null || tifPathOf(infno) !== rest) return notFound(res, path, state);
      const r = checkTif(f, req.headers, now);
      if (r !== null) return refused(r);
      return handleCallService(state, faults, req, res, { text });
    }
    case 'sm': {
      const tokens = gw.tokens;
      if (tokens === null) return notFound(res, path, state);
      if (path === SM_TOKEN_PATH) {
        const out = smTokenRequest(f, tokens, req.headers, await readBody(req), now);
        if ('code' in out) return refused(out);
        return sendJson(res, 200, out);
      }
      if (path !== SM_CALL_PATH) return notFound(res, path, state);
      const opened = smOpenCall(f, tokens, req.headers, await readBody(req), now);
      if ('code' in opened) return refused(opened);
      return handleCallService(state, faults, req, res, { text: opened.plainText, seal: (a) => smSealAnswer(f, a) });
    }
    default:
      return notFound(res, path, state);
  }
}

/** The sandbox's HTTP request listener: routes to call service, e-voucher decode and admin. */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { SandboxState } from '../transactions/context';
import { handleAdmin } from './admin';
import { sendJson } from './body';
import { CALL_SERVICE_PATH, handleCallService } from './call-service';
import { EC_QUERY_PATH, handleEcQuery } from './ec-voucher';
import type { FaultBook } from './faults';
import { handleThroughGateway, type SandboxGateway } from '../gateway/gateway-router';
import { handleGatewayAdmin } from '../gateway/gateway-admin';

/**
 * Builds the listener. Errors never escape: an unexpected one answers 500. With a `gateway`
 * (csb, tif, sm), transaction calls pass its checks first (gateway/gateway-router.ts).
 */
export function createRouter(
  state: SandboxState,
  faults: FaultBook,
  gateway: SandboxGateway | null = null,
): RequestListener {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.replace(/\/+$/, '') === '/__admin/gateway') return handleGatewayAdmin(gateway, req, res);
    if (url.pathname.startsWith('/__admin/')) return handleAdmin(state, faults, req, res, url);
    if (gateway !== null && url.pathname !== EC_QUERY_PATH)
      return handleThroughGateway(gateway, state, faults, req, res, url.pathname);
    if (url.pathname === CALL_SERVICE_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
      return handleCallService(state, faults, req, res);
    }
    if (url.pathname === EC_QUERY_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
      return handleEcQuery(state, req, res);
    }
    sendJson(res, 404, { error: `no route ${url.pathname}` });
  };
  return (req, res) => {
    route(req, res).catch((e: unknown) => {
      state.log(`http error: ${(e as Error).message}`);
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: 'sandbox internal error' });
      else if (!res.destroyed) res.destroy();
    });
  };
}

/**
 * The loopback-only admin endpoints under `/__admin/` (docs/sandbox-policy.md §6): faults, the
 * settlement ledger, the business date, sign-ins and catalog upserts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fenToString } from '../../shared/money';
import { LosslessNumber } from 'lossless-json';
import { formatDateTime } from '../clock';
import { latestCatalogUpdate, upsertCatalogItem } from '../ledger/catalog-repo';
import { setMeta } from '../ledger/meta-repo';
import { allSettlements, settlementsOfPerson, settlementsOfVisit } from '../ledger/settlements-repo';
import { invalidateAllSignins } from '../ledger/signins-repo';
import { catalogSchema } from '../scenario/schema';
import { formatPath } from '../scenario/validate';
import type { SandboxState } from '../transactions/context';
import { z } from '../zod';
import { readBody, sendJson } from './body';
import { parseFaultFile, type FaultBook } from './faults';

/** True for 127.0.0.0/8 and ::1 (IPv4-mapped included). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || a.startsWith('127.');
}

/**
 * True when `Host` names this sandbox itself (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`): a
 * web page on another name resolving to 127.0.0.1 (DNS rebinding) cannot reach the admin.
 */
export function adminHostAllowed(host: string | undefined, port: number | undefined): boolean {
  const h = (host ?? '').toLowerCase();
  return ['127.0.0.1', 'localhost', '[::1]'].some((n) => h === `${n}:${String(port)}`);
}

/**
 * True for `Content-Type: application/json` (any parameters). A page can post a "simple" form or
 * text/plain cross-site without a preflight, never JSON: requiring it keeps pages from arming faults.
 */
export function isJsonContentType(value: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test((value ?? '').trim());
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() === '' ? {} : JSON.parse(text);
}

/** `yyyy-MM-dd HH:mm:ss` one second after `t`. */
function nextSecond(t: string): string {
  const ms =
    Date.UTC(
      Number(t.slice(0, 4)),
      Number(t.slice(5, 7)) - 1,
      Number(t.slice(8, 10)),
      Number(t.slice(11, 13)),
      Number(t.slice(14, 16)),
      Number(t.slice(17, 19)),
    ) + 1000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const clockSchema = z.object({ business_date: z.string().nullable() });
const catalogUpsertSchema = catalogSchema;

/** Handles `/__admin/*`; answers 403 to callers that are not loopback. */
export async function handleAdmin(
  state: SandboxState,
  faults: FaultBook,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    sendJson(res, 403, { error: 'admin endpoints answer loopback callers only' });
    return;
  }
  if (!adminHostAllowed(req.headers.host, req.socket.localPort)) {
    sendJson(res, 403, { error: 'admin endpoints answer Host 127.0.0.1:PORT or localhost:PORT only' });
    return;
  }
  if (req.method === 'POST' && !isJsonContentType(req.headers['content-type'])) {
    sendJson(res, 415, { error: 'admin POST needs Content-Type: application/json' });
    return;
  }
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /__admin/faults':
        sendJson(res, 200, { faults: faults.list() });
        return;
      case 'POST /__admin/faults': {
        const rules = parseFaultFile(await jsonBody(req));
        faults.add(rules);
        state.log(`admin: ${rules.length} fault rule(s) armed`);
        sendJson(res, 200, { faults: faults.list() });
        return;
      }
      case 'DELETE /__admin/faults':
        faults.clear();
        sendJson(res, 200, { faults: [] });
        return;
      case 'GET /__admin/settlements': {
        const psnNo = url.searchParams.get('psn_no');
        const mdtrtId = url.searchParams.get('mdtrt_id');
        let rows =
          psnNo !== null
            ? settlementsOfPerson(state.db, psnNo)
            : mdtrtId !== null
              ? settlementsOfVisit(state.db, mdtrtId)
              : allSettlements(state.db);
        if (psnNo !== null && mdtrtId !== null) rows = rows.filter((r) => r.mdtrt_id === mdtrtId);
        sendJson(
          res,
          200,
          rows.map((r) => ({
            setl_id: r.setl_id,
            mdtrt_id: r.mdtrt_id,
            psn_no: r.psn_no,
            infno: r.infno,
            msgid: r.msgid,
            state: r.state,
            medfee_sumamt: new LosslessNumber(fenToString(r.medfee_sumamt)),
          })),
        );
        return;
      }
      case 'GET /__admin/clock':
        sendJson(res, 200, { business_date: state.clock.businessDate(), override: state.clock.getOverride() });
        return;
      case 'POST /__admin/clock': {
        const body = clockSchema.parse(await jsonBody(req));
        state.clock.setOverride(body.business_date);
        setMeta(state.db, 'clock_override', body.business_date);
        state.log(`admin: business date ${state.clock.businessDate()}`);
        sendJson(res, 200, { business_date: state.clock.businessDate(), override: state.clock.getOverride() });
        return;
      }
      case 'DELETE /__admin/signins': {
        const n = invalidateAllSignins(state.db);
        state.log(`admin: ${n} sign-in(s) invalidated`);
        sendJson(res, 200, { invalidated: n });
        return;
      }
      case 'POST /__admin/catalog': {
        const parsed = catalogUpsertSchema.safeParse(await jsonBody(req));
        if (!parsed.success) {
          sendJson(res, 400, {
            error: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; '),
          });
          return;
        }
        const { admdvs, items } = parsed.data;
        const rids = state.db.transaction(() => {
          const now = formatDateTime(state.clock.now());
          const latest = latestCatalogUpdate(state.db);
          // A fresh updt_time: later than every row already there, so incremental sync sees it.
          const updt = latest !== null && latest >= now ? nextSecond(latest) : now;
          return { updt, rids: items.map((it) => upsertCatalogItem(state.db, admdvs, it, updt)) };
        })();
        state.log(`admin: ${items.length} catalog item(s) upserted for ${admdvs}`);
        sendJson(res, 200, { updt_time: rids.updt, rids: rids.rids });
        return;
      }
      default:
        sendJson(res, 404, { error: `no admin route ${route}` });
    }
  } catch (e) {
    sendJson(res, 400, { error: (e as Error).message });
  }
}

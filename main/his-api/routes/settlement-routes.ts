/**
 * The HIS-facing endpoints of the settlement core (docs/his-api.md). Paths,
 * fields and config keys are fixed: HIS vendors and outside checks rely on them.
 */
import type { Route } from '../route';
import type { Services } from '../../services/services';
import type { HealthView } from '../../../shared/api/views';
import {
  CancelRequest,
  DischargeRequest,
  IdentifyByQrRequest,
  IdentifyRequest,
  OpenVisitRequest,
  SettleRequest,
  UploadFeesRequest,
} from '../../../shared/api/requests';
import { InboxPushRequest } from '../../../shared/api/inbox';
import { okJson } from '../route';
import { validate } from '../parse-body';
import { BILL_BODY_BYTES } from '../body-limits';

/** What the settlement routes need. */
export interface SettlementRouteDeps {
  readonly services: Services;
  readonly health: () => Promise<HealthView>;
}

export function settlementRoutes({ services: s, health }: SettlementRouteDeps): Route[] {
  return [
    { method: 'GET', pattern: '/api/v1/health', public: true, handler: async () => okJson(await health()) },
    {
      method: 'POST',
      pattern: '/api/v1/patients/identify',
      // A scanned e-voucher QR code (`ec_qr_code`) is decoded first (docs/protocol.md §5); else a credential.
      handler: async (req) =>
        okJson(
          hasQrCode(req.body)
            ? await s.identify.identifyByQrCode(validate(IdentifyByQrRequest, req.body).ec_qr_code)
            : await s.identify.identify(validate(IdentifyRequest, req.body)),
        ),
    },
    {
      method: 'POST',
      pattern: '/api/v1/visits',
      handler: async (req) => okJson(await s.visits.open(validate(OpenVisitRequest, req.body)), 201),
    },
    {
      method: 'GET',
      pattern: '/api/v1/visits/:visit_id',
      handler: async (req) => okJson(await s.query.view(req.params.visit_id ?? '')),
    },
    {
      method: 'POST',
      pattern: '/api/v1/visits/:visit_id/fees',
      maxBodyBytes: BILL_BODY_BYTES,
      handler: async (req) => {
        const visit_id = req.params.visit_id ?? '';
        await s.uploader.upload(visit_id, validate(UploadFeesRequest, req.body));
        const view = await s.query.view(visit_id);
        // Offline mode (issue item 4): an upload that returned with lines still pending was accepted
        // into the durable queue (inpatient 2301 while the platform is unreachable): 202 queued.
        if (view.fees.some((l) => !l.uploaded)) return okJson({ visit_id, queued: true, visit: view }, 202);
        // The platform's per-line split (docs/his-api.md, step 3 of the flow), beside the whole visit for convenience.
        return okJson({
          visit_id,
          result: view.fees.map((l) => ({
            feedetl_sn: l.feedetl_sn,
            det_item_fee_sumamt: l.det_item_fee_sumamt,
            ...l.platform,
            ...(l.preview ? { preview: l.preview } : {}),
            ...(l.differences ? { differences: l.differences } : {}),
          })),
          totals: view.totals,
          visit: view,
        });
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/visits/:visit_id/discharge',
      handler: async (req) => {
        const visit_id = req.params.visit_id ?? '';
        await s.visits.discharge(visit_id, validate(DischargeRequest, req.body));
        return okJson(await s.query.view(visit_id));
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/visits/:visit_id/presettle',
      handler: async (req) =>
        okJson(await s.settlements.presettle(req.params.visit_id ?? '', validate(SettleRequest, req.body))),
    },
    {
      method: 'POST',
      pattern: '/api/v1/visits/:visit_id/settle',
      handler: async (req) => {
        const a = await s.settlements.settle(req.params.visit_id ?? '', validate(SettleRequest, req.body));
        // docs/his-api.md: settled → 200; an outcome not yet known (unknown, needs_attention) → 202.
        return okJson(a.view, a.pending ? 202 : 200);
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/settlements/:settlement_id/cancel',
      handler: async (req) => {
        const a = await s.settlements.cancel(req.params.settlement_id ?? '', validate(CancelRequest, req.body));
        return okJson(a.view, a.pending ? 202 : 200);
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/settlements/:settlement_id',
      handler: async (req) => okJson(await s.settlements.get(req.params.settlement_id ?? '')),
    },
    {
      method: 'POST',
      pattern: '/api/v1/inbox',
      maxBodyBytes: BILL_BODY_BYTES,
      handler: async (req) => okJson(await s.inbox.push(validate(InboxPushRequest, req.body)), 201),
    },
    {
      method: 'GET',
      pattern: '/api/v1/inbox',
      handler: async (req) =>
        okJson(
          await s.inbox.list({
            ...(req.query.get('psn_no') ? { psn_no: req.query.get('psn_no') ?? '' } : {}),
            ...(req.query.get('certno') ? { certno: req.query.get('certno') ?? '' } : {}),
          }),
        ),
    },
  ];
}

/** True when the identify body carries a scanned QR code. */
function hasQrCode(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'ec_qr_code' in body;
}

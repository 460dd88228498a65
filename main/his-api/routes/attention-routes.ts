/**
 * A supervisor's handling of settlements in `needs_attention` over the HIS API (docs/his-api.md
 * "Operators": resolving or rechecking one is a supervisor's). With a roster, a cashier gets 403
 * ROLE_REQUIRED from the operator gate before the handler runs (the routes' `action`):
 * - `POST /api/v1/settlements/{settlement_id}/recheck`: one more round (a settle never confirmed is
 *   reversed again, a cancel never confirmed is checked with 5203) — the window's F4 "立即核实";
 * - `POST /api/v1/settlements/{settlement_id}/resolve` `{resolution, reason}`: the supervisor marks
 *   it resolved as what the platform holds (shared/api/needs-attention.ts).
 * Both are audited (who, which settlement, what); both answer the settlement as GET does.
 */
import type { ApiRequest, Route } from '../route';
import type { Services } from '../../services/services';
import { ResolveAttentionRequest } from '../../../shared/api/needs-attention';
import { AppError } from '../../../shared/errors/app-error';
import { redactText } from '../../../shared/redact';
import { resolveNeedsAttention } from '../../services/needs-attention';
import { okJson } from '../route';
import { validate } from '../parse-body';

/** One audit row of a supervisor's step; main/app appends it to the hash-chained trail. */
export interface AttentionAudit {
  readonly operator: ApiRequest['operator'];
  /** `settlement.recheck` or `settlement.resolve`. */
  readonly action: string;
  readonly target: string;
  /** Ids and codes; the reason only as the caller masks it. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AttentionRouteDeps {
  readonly services: Services;
  readonly audit: (e: AttentionAudit) => Promise<void>;
}

/** The name the settlement's history gives the actor. */
const whoOf = (req: ApiRequest): string => (req.operator ? req.operator.opter : 'HIS');

export function attentionRoutes({ services: s, audit }: AttentionRouteDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/v1/settlements/:settlement_id/recheck',
      action: 'recheck_needs_attention',
      handler: async (req) => {
        const id = req.params.settlement_id ?? '';
        const before = await s.settlements.requireSettlement(id);
        const after = await s.resolution.recheck(id, `主管（${whoOf(req)}）`);
        if (after === null) throw new AppError('SETTLEMENT_NOT_FOUND', { detail: { settlement_id: id } });
        await audit({
          operator: req.operator,
          action: 'settlement.recheck',
          target: id,
          detail: { from_state: before.state, to_state: after.state },
        });
        return okJson(await s.settlements.view(after));
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/settlements/:settlement_id/resolve',
      action: 'resolve_needs_attention',
      handler: async (req) => {
        const id = req.params.settlement_id ?? '';
        const body = validate(ResolveAttentionRequest, req.body);
        const r = await resolveNeedsAttention(s.deps, id, body, whoOf(req));
        await audit({
          operator: req.operator,
          action: 'settlement.resolve',
          target: id,
          detail: {
            resolution: body.resolution,
            from_state: r.before.state,
            to_state: r.after.state,
            reason: redactText(body.reason),
          },
        });
        return okJson(await s.settlements.view(r.after));
      },
    },
  ];
}

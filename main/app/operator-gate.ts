/**
 * The HIS API's operator gate (docs/his-api.md "Operators"): a request names its operator in the JSON
 * body (`opter`, `opter_name`) or, for GET and file uploads, in the headers `X-Opter` and
 * `X-Opter-Name`. Once a roster exists, a request without one is refused 401 OPERATOR_REQUIRED, one
 * naming an unknown or disabled operator 401 OPERATOR_UNKNOWN; the route's guarded action is then
 * checked against the operator's role (403 ROLE_REQUIRED), and cancelling a settlement made by
 * another operator needs a supervisor. The handler runs as that operator (envelope, sign-in,
 * journal, audit). Without a roster, nothing changes: the configured operator acts.
 */
import type { ApiRequest, OperatorGate, Route } from '../his-api/route';
import type { SecurityStore } from '../store/ports/security';
import type { OperatorRoster } from '../security/operator-roster';
import { requireRole, type ActingOperator } from '../../shared/access/roles';
import { AppError } from '../../shared/errors/app-error';
import { runAsOperator } from '../security/operator-context';

/** Longest accepted `opter` (national field: 30). */
const MAX_OPTER = 30;

/** The `opter` a request names, or null: body first, then the `X-Opter` header. */
export function namedOpter(req: ApiRequest): string | null {
  const body = req.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const raw = (body as Record<string, unknown>).opter;
    // A HIS may send a numeric code as a JSON number (parsed losslessly): take its exact digits.
    const v =
      raw !== null && typeof raw === 'object' && (raw as { isLosslessNumber?: unknown }).isLosslessNumber === true
        ? String((raw as { value: unknown }).value)
        : raw;
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (v !== undefined && v !== null && typeof v !== 'string')
      throw new AppError('BAD_REQUEST', { message: '请求字段 opter 应为字符串。', detail: { field: 'opter' } });
  }
  const h = req.headers['x-opter'];
  const header = Array.isArray(h) ? h[0] : h;
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
}

export interface OperatorGateDeps {
  readonly roster: OperatorRoster;
  readonly security: SecurityStore;
}

/** The gate of the HIS API server. */
export function operatorGate(d: OperatorGateDeps): OperatorGate {
  return async (req, route, next) => {
    if (!(await d.roster.exists())) return runAsOperator(null, () => next({ ...req, operator: null }));
    const opter = namedOpter(req);
    if (opter === null) throw new AppError('OPERATOR_REQUIRED', { detail: { field: 'opter' } });
    if (opter.length > MAX_OPTER) throw new AppError('OPERATOR_UNKNOWN', { detail: { field: 'opter' } });
    const op = await d.roster.resolve(opter);
    await checkRoute(d, req, route, op);
    return runAsOperator(op, () => next({ ...req, operator: op }));
  };
}

async function checkRoute(d: OperatorGateDeps, req: ApiRequest, route: Route, op: ActingOperator): Promise<void> {
  if (route.action) requireRole(op, route.action);
  if (route.method === 'POST' && route.pattern === '/api/v1/settlements/:settlement_id/cancel') {
    // A cashier cancels only their own settlements; a supervisor anyone's (docs/his-api.md "Operators").
    const by = await d.security.settledBy(req.params.settlement_id ?? '');
    if (by !== undefined && by !== op.opter) requireRole(op, 'cancel_others_settlement');
  }
}

/**
 * Daily reconciliation over the HIS API (docs/his-api.md "Reconciliation"): start a day (200 when done,
 * 202 with `state: "running"` past a few seconds), read a run, apply a fix (supervisor), list the
 * days, and the day-close report for finance (printable HTML, CSV).
 */
import type { Route } from '../route';
import type { ReconciliationService } from '../../services/reconciliation-service';
import type { ReconActor } from '../../services/reconciliation-authorization';
import type { ApiRequest } from '../route';
import { FixRequest, ReconcileRequest } from '../../../shared/api/reconciliation';
import { AppError } from '../../../shared/errors/app-error';
import { isIsoDate } from '../../../shared/dates';
import { okJson } from '../route';
import { validate } from '../parse-body';

/** How long `POST /api/v1/reconciliations` waits for the run before answering 202, ms. */
export const RECON_WAIT_MS = 3_000;

/** What the reconciliation routes need. */
export interface ReconciliationRouteDeps {
  readonly reconciliation: ReconciliationService;
  /** The day-close report of a date in a format. */
  readonly report: (
    stmt_date: string,
    format: 'html' | 'csv' | 'xlsx',
  ) => Promise<{ contentType: string; bytes: Uint8Array | string; filename: string }>;
  /** Waits `ms` (injected so the route layer holds no timers of its own). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The acting operator of an HIS API call: the operator the gate resolved from the roster (with its
 * role), else the `X-Opter` header when the HIS names one, else `his`.
 */
export function actorOf(req: ApiRequest): ReconActor {
  if (req.operator) return { opter: req.operator.opter, role: req.operator.role };
  const h = req.headers['x-opter'];
  const v = Array.isArray(h) ? h[0] : h;
  return { opter: typeof v === 'string' && /^[\w-]{1,30}$/.test(v) ? v : 'his' };
}

function dateParam(q: URLSearchParams, key: string): string | null {
  const v = q.get(key);
  if (v === null) return null;
  if (!isIsoDate(v))
    throw new AppError('BAD_REQUEST', { message: `${key}：应为 yyyy-MM-dd 格式的日期`, detail: { field: key } });
  return v;
}

export function reconciliationRoutes(d: ReconciliationRouteDeps): Route[] {
  const sleep = d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const s = d.reconciliation;
  return [
    {
      method: 'POST',
      pattern: '/api/v1/reconciliations',
      handler: async (req) => {
        const { stmt_date } = validate(ReconcileRequest, req.body);
        const recon_id = await s.start(stmt_date, 'demand');
        for (let waited = 0; waited < RECON_WAIT_MS; waited += 100) {
          const v = await s.view(recon_id);
          if (v.state !== 'running') return okJson(v);
          await sleep(100);
        }
        return okJson(await s.view(recon_id), 202);
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/reconciliations',
      handler: async (req) => {
        const to = dateParam(req.query, 'to') ?? '9999-12-31';
        const from = dateParam(req.query, 'from') ?? '0000-01-01';
        return okJson({ days: await s.days(from, to) });
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/reconciliations/:recon_id',
      handler: async (req) => okJson(await s.view(req.params.recon_id ?? '')),
    },
    {
      method: 'POST',
      pattern: '/api/v1/reconciliations/:recon_id/differences/:diff_id/fix',
      // A supervisor's (docs/his-api.md "Operators"): the gate answers a cashier 403 ROLE_REQUIRED.
      action: 'apply_reconciliation_fix',
      handler: async (req) =>
        okJson(
          await s.fix(
            req.params.recon_id ?? '',
            req.params.diff_id ?? '',
            validate(FixRequest, req.body),
            actorOf(req),
          ),
        ),
    },
    {
      method: 'GET',
      pattern: '/api/v1/reports/day-close',
      handler: async (req) => {
        const date = dateParam(req.query, 'stmt_date');
        if (date === null)
          throw new AppError('BAD_REQUEST', { message: 'stmt_date：必填', detail: { field: 'stmt_date' } });
        const f = req.query.get('format') ?? 'html';
        if (f !== 'html' && f !== 'csv' && f !== 'xlsx')
          throw new AppError('BAD_REQUEST', { message: 'format：应为 html、csv 或 xlsx', detail: { field: 'format' } });
        const r = await d.report(date, f);
        return {
          status: 200,
          raw: { contentType: r.contentType, bytes: r.bytes },
          headers: { 'content-disposition': `inline; filename="${r.filename}"` },
        };
      },
    },
  ];
}

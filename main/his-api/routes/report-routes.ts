/**
 * `GET /api/v1/reports/monthly?month=yyyy-MM&format=json|xlsx|csv|html&part=summary|detail|statements`:
 * the monthly declaration reports (D-20). JSON by default; `xlsx` holds the three tables as
 * sheets, `csv` one table (`part`, default the detail list), `html` a printable page of all three.
 * Names and ID numbers are masked. Needs the HIS token.
 */
import type { Route } from '../route';
import { okJson } from '../route';
import { AppError } from '../../../shared/errors/app-error';
import {
  REPORT_FORMATS,
  monthlyReportView,
  type MonthlyReportService,
  type ReportFormat,
} from '../../services/monthly-report-service';
import { REPORT_PARTS, type ReportPart } from '../../services/report-tables';

export interface ReportRouteDeps {
  readonly reports: MonthlyReportService;
}

function oneOf<T extends string>(query: URLSearchParams, field: string, allowed: readonly T[], fallback: T): T {
  const v = query.get(field);
  if (v === null || v === '') return fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new AppError('BAD_REQUEST', { message: `${field} 只能是 ${allowed.join('、')}。`, detail: { field } });
  return v as T;
}

export function reportRoutes({ reports }: ReportRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v1/reports/monthly',
      handler: async (req) => {
        const month = req.query.get('month') ?? '';
        const format = oneOf<ReportFormat>(req.query, 'format', REPORT_FORMATS, 'json');
        const part = oneOf<ReportPart>(req.query, 'part', REPORT_PARTS, 'detail');
        if (format === 'json') return okJson(monthlyReportView(await reports.report(month)));
        const file = await reports.export(month, format, part);
        return {
          status: 200,
          raw: { contentType: file.contentType, bytes: file.bytes },
          headers: { 'Content-Disposition': `attachment; filename="${file.filename}"` },
        };
      },
    },
  ];
}

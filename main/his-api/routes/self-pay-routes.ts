/**
 * `GET /api/v1/visits/{visit_id}/self-pay-pack?format=json|html`: after a full self-pay with upload
 * (D-21), the patient's pack for online manual reimbursement — fee list, diagnosis, the hospital's
 * receipt number — as JSON or a printable page. Needs the HIS token.
 */
import type { Route } from '../route';
import { okJson } from '../route';
import type { Services } from '../../services/services';
import { AppError } from '../../../shared/errors/app-error';
import { selfPayPackHtml } from '../../services/self-pay-pack';

export function selfPayRoutes({ services }: { readonly services: Services }): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v1/visits/:visit_id/self-pay-pack',
      handler: async (req) => {
        const format = req.query.get('format') ?? 'json';
        if (format !== 'json' && format !== 'html')
          throw new AppError('BAD_REQUEST', { message: 'format 只能是 json 或 html。', detail: { field: 'format' } });
        const pack = await services.selfPay.pack(req.params.visit_id ?? '');
        if (format === 'json') return okJson(pack);
        return {
          status: 200,
          raw: {
            contentType: 'text/html; charset=utf-8',
            bytes: selfPayPackHtml(pack, services.deps.institution.fixmedins_name),
          },
        };
      },
    },
  ];
}

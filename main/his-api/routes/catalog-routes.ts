/**
 * The HIS API's catalog, mapping and preview routes (docs/his-api.md "Catalog, mapping and preview";
 * the paths and fields are fixed, outside checks use them). Every route needs the token. Handlers
 * parse and check the request, call the catalog service and answer JSON; failures are thrown as
 * AppError and turned into `{error: {…}}` by the server.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors/app-error';
import { isIsoDate } from '../../../shared/dates';
import { dateTimeField, decimalField, idField, moneyField } from '../../../shared/api/request-fields';
import { okJson, type ApiRequest, type Route } from '../route';
import { validate } from '../parse-body';
import { BILL_BODY_BYTES } from '../body-limits';
import type { CatalogService } from '../../catalog/catalog-service';
import type { MappingFilter } from '../../catalog/mapping-list';
import type { SheetFormat } from '../../catalog/sheet-import';

/** What the routes need: the catalog service (or anything with the same methods). */
export interface CatalogRouteDeps {
  readonly catalog: Pick<
    CatalogService,
    'status' | 'startSync' | 'importCatalog' | 'importMappings' | 'listMappings' | 'putMapping' | 'preview'
  >;
}

/** Largest file accepted by the import routes, bytes. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** An optional code: absent, null or `""` read as absent; a number literal kept as its text. */
const optionalCode = (max: number) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx): string | undefined => {
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
      const parsed = idField(max).safeParse(v);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `expected a code of 1–${max} characters` });
        return z.NEVER;
      }
      return parsed.data;
    });

const isoDate = z.string().trim().refine(isIsoDate, 'expected yyyy-MM-dd');

/** One line of `POST /api/v1/preview` (docs/his-api.md), plus the optional `fee_ocur_time`. */
export const PreviewLineRequest = z.object({
  feedetl_sn: idField(30),
  medins_list_codg: idField(150),
  med_list_codg: optionalCode(50),
  name: z.string().trim().max(200).optional(),
  cnt: decimalField(4, { allowNegative: true }),
  pric: decimalField(6),
  det_item_fee_sumamt: moneyField(true),
  fee_ocur_time: dateTimeField.optional(),
});

/** `POST /api/v1/preview`. */
export const PreviewRequest = z.object({
  date: isoDate.optional(),
  lines: z.array(PreviewLineRequest).min(1).max(20_000),
});

/** `PUT /api/v1/mappings/:medins_list_codg`. */
export const MappingEditRequest = z.object({
  med_list_codg: idField(50),
  medins_list_name: z.string().trim().max(200).optional(),
  begndate: isoDate.optional(),
  enddate: isoDate.nullable().optional(),
});

const MAPPING_FILTERS: readonly MappingFilter[] = ['unmapped', 'expired', 'all'];

/** The routes of the local-payment-scope issue. */
export function catalogRoutes(deps: CatalogRouteDeps): Route[] {
  const { catalog } = deps;
  return [
    {
      method: 'GET',
      pattern: '/api/v1/catalog',
      handler: async () => okJson(await catalog.status()),
    },
    {
      method: 'POST',
      pattern: '/api/v1/catalog/sync',
      action: 'manage_catalog',
      handler: async () => okJson(await catalog.startSync(), 202),
    },
    {
      method: 'POST',
      pattern: '/api/v1/catalog/import',
      action: 'manage_catalog',
      raw: true,
      maxBodyBytes: MAX_IMPORT_BYTES,
      handler: async (req) => okJson(await catalog.importCatalog(formatOf(req), fileOf(req))),
    },
    {
      method: 'POST',
      pattern: '/api/v1/mappings/import',
      action: 'manage_catalog',
      raw: true,
      maxBodyBytes: MAX_IMPORT_BYTES,
      handler: async (req) => okJson(await catalog.importMappings(formatOf(req), fileOf(req))),
    },
    {
      method: 'GET',
      pattern: '/api/v1/mappings',
      handler: async (req) => {
        const state = (req.query.get('state') ?? 'all') as MappingFilter;
        if (!MAPPING_FILTERS.includes(state)) throw badRequest('state', '参数 state 应为 unmapped、expired 或 all。');
        const date = req.query.get('date') ?? undefined;
        if (date !== undefined && !isIsoDate(date)) throw badRequest('date', '参数 date 应为 yyyy-MM-dd。');
        const list = await catalog.listMappings(state, date);
        return okJson({ state, date: list.date, count: list.mappings.length, mappings: list.mappings });
      },
    },
    {
      method: 'PUT',
      pattern: '/api/v1/mappings/:medins_list_codg',
      action: 'manage_catalog',
      handler: async (req) => {
        const body = validate(MappingEditRequest, req.body ?? {});
        const code = req.params['medins_list_codg'] ?? '';
        return okJson(await catalog.putMapping(code, body));
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/preview',
      maxBodyBytes: BILL_BODY_BYTES,
      handler: async (req) => {
        const body = validate(PreviewRequest, req.body ?? {});
        return okJson(await catalog.preview(body.lines, body.date));
      },
    },
  ];
}

function formatOf(req: ApiRequest): SheetFormat {
  const f = (req.query.get('format') ?? '').toLowerCase();
  if (f !== 'csv' && f !== 'xlsx') throw badRequest('format', '参数 format 应为 csv 或 xlsx。');
  return f;
}

function fileOf(req: ApiRequest): Uint8Array {
  if (req.rawBody.byteLength > MAX_IMPORT_BYTES)
    throw badRequest('body', `文件过大（最多 ${MAX_IMPORT_BYTES / 1024 / 1024} MB）。`);
  return req.rawBody;
}

function badRequest(field: string, message: string): AppError {
  return new AppError('BAD_REQUEST', { message, detail: { field } });
}

/**
 * Region capability profiles (issue 16 item 3): one validated data file per region in
 * `regions/`, selected by the configuration's `region` key. A profile says what differs between
 * provinces — the gateway style and its non-secret keys, the transactions and their variants,
 * reversal, timeouts per transaction class, batch sizes, the pharmacy flow and dictionary
 * labels — so that no code ever branches on a region's name.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error';
import { GatewayKeysSchema } from './gateway-config';
import { SHIPPED_REGIONS } from './regions';

const INFNO = z.string().regex(/^\d{4}$/, '应为4位交易编号');
const VARIANT = z.string().regex(/^\d{4}[A-Z]$/, '应为4位交易编号加一个大写字母，如 2207A');
const ms = z.number().int().min(1_000).max(120_000);

/** The classes of transactions a timeout applies to (see {@link transactionClassOf}). */
export const TRANSACTION_CLASSES = ['query', 'upload', 'settle', 'catalog'] as const;
export type TransactionClass = (typeof TRANSACTION_CLASSES)[number];

export const RegionProfileSchema = z
  .object({
    /** File name without `.json`; what IT writes in `region`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    /** Shown in the IT settings, Chinese. */
    name: z.string().trim().min(1).max(50),
    /** Gateway style and its non-secret keys; secrets stay in the configuration. */
    gateway: GatewayKeysSchema,
    transactions: z
      .object({
        /** Supported transactions; `null` = all the adapter knows. */
        supported: z.array(INFNO).min(1).max(200).nullable(),
        /** Wire variants, e.g. `{"2207": "2207A"}`. */
        variants: z.record(INFNO, VARIANT).default({}),
      })
      .strict(),
    /** Whether the region puts a password check into `cainfo` (docs/his-api.md). */
    cainfo_password_check: z.boolean(),
    /** What may be reversed with 2601: the transactions and the outcomes that lead to it. */
    reversal: z
      .object({
        infnos: z.array(z.union([INFNO, VARIANT])).max(20),
        outcomes: z.array(z.literal('UNKNOWN')).max(1),
      })
      .strict(),
    /** Deadline per transaction class, ms; `null` = the configuration's `upstream.timeout_ms`. */
    timeouts_ms: z
      .object({ query: ms.nullable(), upload: ms.nullable(), settle: ms.nullable(), catalog: ms.nullable() })
      .strict(),
    /** Default of `upstream.fee_upload_batch_lines`: fee lines per 2204/2301 call. */
    fee_upload_batch_lines: z.number().int().min(1).max(1_000),
    /** Default of `institution.pharmacy_flow`: a pharmacy sale as an outpatient visit or as retail 2101–2103. */
    pharmacy_flow: z.enum(['outpatient', 'retail']),
    /** Regional dictionary labels over the national ones: `{dict: {code: label}}`. */
    dictionaries: z
      .record(z.string().regex(/^[a-z_]{2,40}$/), z.record(z.string().min(1).max(20), z.string().min(1).max(100)))
      .default({}),
  })
  .strict()
  .superRefine((p, ctx) => {
    // docs/protocol.md §1.3: the sm style's cainfo is the signature; a region that puts a password
    // check there needs a profile of its own, not sm.
    if (p.cainfo_password_check && p.gateway.style === 'sm') {
      ctx.addIssue({
        code: 'custom',
        path: ['cainfo_password_check'],
        message: 'sm 网关的 cainfo 是签名，不能同时用于验密',
      });
    }
    for (const [base, variant] of Object.entries(p.transactions.variants)) {
      if (!variant.startsWith(base))
        ctx.addIssue({ code: 'custom', path: ['transactions', 'variants', base], message: '变体应以原交易编号开头' });
    }
  });

export type RegionProfile = z.output<typeof RegionProfileSchema>;

/** The id of the profile used when the configuration names none. */
export const DEFAULT_REGION = 'national-default';

/** Validates a parsed profile; errors name the path. */
export function parseRegionProfile(raw: unknown, source: string): RegionProfile {
  const r = RegionProfileSchema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.map(String).join('.') || '(根)'}: ${i.message}`);
    throw new AppError('CONFIG_INVALID', {
      message: `地区配置 ${source} 有误：${problems.join('；')}`,
      detail: { problems },
    });
  }
  return r.data;
}

/** The shipped profile `id`; CONFIG_INVALID naming `region` when there is none. */
export function regionProfile(id: string): RegionProfile {
  const raw = SHIPPED_REGIONS[id];
  if (raw === undefined) {
    throw new AppError('CONFIG_INVALID', {
      message: `配置文件有误：region: 没有地区配置 ${id}（可选：${Object.keys(SHIPPED_REGIONS).join('、')}）`,
      detail: { problems: [`region: 没有地区配置 ${id}`] },
    });
  }
  return parseRegionProfile(raw, id);
}

/** The class of a transaction, for its timeout: money calls, uploads, catalog downloads, the rest. */
export function transactionClassOf(infno: string): TransactionClass {
  const base = infno.slice(0, 4);
  if (/^(2206|2207|2208|2303|2304|2305|2601|2101|2102|2103|2401|2402)$/.test(base)) return 'settle';
  if (/^(2203|2204|2205|2301|2302|9101)$/.test(base)) return 'upload';
  if (/^(13\d\d)$/.test(base)) return 'catalog';
  return 'query';
}

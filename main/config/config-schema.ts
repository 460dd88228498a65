/**
 * The configuration file (main/config/README.md): JSON, validated with errors that name the
 * path. The keys of the issue are fixed (outside checks write config files with them); everything
 * else is optional with a default. Secrets (the HIS token) live here and never leave main/.
 */
import { z } from 'zod';
import { weakTokenReason } from '../../shared/token-strength';
import { GatewayConfigSchema } from './gateway-config';

/** Version of the file format; bump it with a pure upgrade function in `upgrade-config.ts`. */
export const CONFIG_VERSION = 1;

const FUNCTION_NAME = z.string().regex(/^[A-Za-z_][A-Za-z0-9_@]{0,63}$/, '应为读卡库导出的函数名');

/**
 * The card reader (main/devices): none, the simulated reader of training (the scenario persons'
 * cards), or a vendor library loaded through FFI. A region profile may supply the same object.
 */
export const CardReaderConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('simulated'),
      /** The scenario whose persons' cards it holds (default: the training scenario, else the demo). */
      scenario: z.string().min(1).optional(),
      /** psn_no of the card placed on the reader (default: the first social security card). */
      card: z.string().trim().min(1).max(30).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('library'),
      /** The library path, or one per platform (`win32` DLL, `linux` .so). */
      library: z.union([
        z.string().min(1),
        z
          .object({ win32: z.string().min(1), linux: z.string().min(1), darwin: z.string().min(1) })
          .partial()
          .strict(),
      ]),
      function: FUNCTION_NAME,
      layout: z.enum(['out_len', 'type_out', 'out']).default('out_len'),
      card_type: z.number().int().min(0).max(99).default(3),
      buffer_bytes: z.number().int().min(64).max(65_536).default(1024),
      encoding: z.enum(['gbk', 'utf-8']).default('gbk'),
      medium: z.enum(['ssc', 'id_card']).default('ssc'),
      fields: z
        .object({
          certno: z.number().int().min(0).max(63),
          cardno: z.number().int().min(0).max(63).optional(),
          card_sn: z.number().int().min(0).max(63).optional(),
          psn_name: z.number().int().min(0).max(63).optional(),
        })
        .strict()
        .optional(),
      init_function: FUNCTION_NAME.optional(),
      convention: z.enum(['cdecl', 'stdcall']).default('cdecl'),
      timeout_ms: z.number().int().min(500).max(60_000).default(10_000),
    })
    .strict(),
]);

export type CardReaderConfig = z.output<typeof CardReaderConfigSchema>;

export const ConfigSchema = z
  .object({
    config_version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
    institution: z.object({
      fixmedins_code: z
        .string()
        .trim()
        .regex(/^[A-Z][0-9A-Z]{1,29}$/, '应为字母开头的机构编码，如 H41020200011'),
      fixmedins_name: z.string().trim().min(1).max(200),
      mdtrtarea_admvs: z.string().regex(/^\d{6}$/, '应为6位医保区划代码'),
      /** How pharmacy sales settle: `outpatient` (2201…2208, med_type 41) or `retail` (2101/2102/2103). */
      pharmacy_flow: z.enum(['outpatient', 'retail'], { error: '应为 outpatient 或 retail' }).optional(),
    }),
    upstream: z.object({
      url: z
        .string()
        .trim()
        .url('应为 http(s) 地址')
        .refine((u) => /^https?:\/\//.test(u), '应为 http(s) 地址'),
      timeout_ms: z.number().int().min(500).max(120_000).default(10_000),
      infver: z.string().max(6).default('V1.0'),
      recer_sys_code: z.string().max(10).default('YBXT'),
      /** Extra hosts the client may reach besides the url's own (gateways with several nodes). */
      allowed_hosts: z.array(z.string().min(1)).default([]),
      /**
       * Most fee lines per 2204 / 2301 call (1–1000; absent = the region profile's
       * `fee_upload_batch_lines`, 50 for the national default). Whatever the value, a call is also
       * cut before its `input` passes the national 40,000 characters.
       */
      fee_upload_batch_lines: z.number().int().min(1).max(1000).optional(),
      /** The gateway in front of the platform (docs/protocol.md §1.3); absent = the region's style (plain by default). */
      gateway: GatewayConfigSchema.optional(),
      /**
       * `psn_setlway` of a full self-pay with upload (D-21): `02` by default (the sandbox's way); a
       * region whose platform names another code sets it here.
       */
      self_pay_setlway: z
        .string()
        .trim()
        .regex(/^\d{2,6}$/, '应为2到6位数字的个人结算方式代码')
        .default('02'),
    }),
    /** The region capability profile (`main/config/regions/<id>.json`). */
    region: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '应为地区配置名，如 national-default')
      .default('national-default'),
    operator: z.object({
      opter: z.string().trim().min(1).max(30),
      opter_name: z.string().trim().min(1).max(50),
      opter_type: z.enum(['1', '2', '3']).default('1'),
    }),
    his_api: z.object({
      port: z.number().int().min(0).max(65535),
      token: z
        .string()
        .min(16, 'HIS 接口令牌至少16个字符')
        .superRefine((t, ctx) => {
          const weak = t.length >= 16 ? weakTokenReason(t) : null;
          if (weak !== null) ctx.addIssue({ code: 'custom', message: weak });
        }),
    }),
    data_dir: z.string().min(1),
    /** The e-voucher decode service (docs/protocol.md §5); its url defaults to `upstream.url`. */
    evoucher: z
      .object({
        url: z
          .string()
          .trim()
          .url('应为 http(s) 地址')
          .refine((u) => /^https?:\/\//.test(u), '应为 http(s) 地址')
          .optional(),
        /** Its own short deadline: a scan never holds the window for long. */
        timeout_ms: z.number().int().min(500).max(10_000).default(3_000),
      })
      .strict()
      .default({ timeout_ms: 3_000 }),
    /** Devices at the window (main/devices/README.md). */
    devices: z.object({ card_reader: CardReaderConfigSchema.optional() }).strict().default({}),
    /**
     * This window's name in the settlements it records (the day's list shows this window's). Optional:
     * the PC's host name by default (main/app/window-id.ts).
     */
    window_id: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z_.-]{1,64}$/, '应为1–64位字母、数字、点、下划线或连字符')
      .optional(),
  })
  .strict();

export type AppConfig = z.output<typeof ConfigSchema>;

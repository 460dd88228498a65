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

export const ConfigSchema = z
  .object({
    config_version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
    institution: z.object({
      fixmedins_code: z.string().trim().regex(/^[A-Z][0-9A-Z]{1,29}$/, '应为字母开头的机构编码，如 H41020200011'),
      fixmedins_name: z.string().trim().min(1).max(200),
      mdtrtarea_admvs: z.string().regex(/^\d{6}$/, '应为6位医保区划代码'),
    }),
    upstream: z.object({
      url: z.string().trim().url('应为 http(s) 地址').refine((u) => /^https?:\/\//.test(u), '应为 http(s) 地址'),
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
    }),
    /** The region capability profile (`main/config/regions/<id>.json`). */
    region: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '应为地区配置名，如 national-default').default('national-default'),
    operator: z.object({
      opter: z.string().trim().min(1).max(30),
      opter_name: z.string().trim().min(1).max(50),
      opter_type: z.enum(['1', '2', '3']).default('1'),
    }),
    his_api: z.object({
      port: z.number().int().min(0).max(65535),
      token: z.string().min(16, 'HIS 接口令牌至少16个字符').superRefine((t, ctx) => {
        const weak = t.length >= 16 ? weakTokenReason(t) : null;
        if (weak !== null) ctx.addIssue({ code: 'custom', message: weak });
      }),
    }),
    data_dir: z.string().min(1),
  })
  .strict();

export type AppConfig = z.output<typeof ConfigSchema>;

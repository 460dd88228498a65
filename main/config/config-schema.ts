/**
 * The configuration file (settlement-core issue §6): JSON, validated with errors that name the
 * path. The keys of the issue are fixed (outside checks write config files with them); everything
 * else is optional with a default. Secrets (the HIS token) live here and never leave main/.
 */
import { z } from 'zod';

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
       * Most fee lines per 2204 / 2301 call (1–1000, default 50). Whatever the value, a call is also
       * cut before its `input` passes the national 40,000 characters.
       */
      fee_upload_batch_lines: z.number().int().min(1).max(1000).default(50),
    }),
    operator: z.object({
      opter: z.string().trim().min(1).max(30),
      opter_name: z.string().trim().min(1).max(50),
      opter_type: z.enum(['1', '2', '3']).default('1'),
    }),
    his_api: z.object({
      port: z.number().int().min(0).max(65535),
      token: z.string().min(16, 'HIS 接口令牌至少16个字符'),
    }),
    data_dir: z.string().min(1),
    /**
     * This window's name in the settlements it records (the day's list shows this window's). Optional:
     * the PC's host name by default (main/app/window-id.ts).
     */
    window_id: z.string().trim().regex(/^[0-9A-Za-z_.-]{1,64}$/, '应为1–64位字母、数字、点、下划线或连字符').optional(),
  })
  .strict();

export type AppConfig = z.output<typeof ConfigSchema>;

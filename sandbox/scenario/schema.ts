/**
 * The scenario file format, version 1 (docs/sandbox-policy.md §1), as a zod 4 schema. Messages name
 * the problem plainly (`unknown code "311"`); `validate.ts` adds the path and the cross-checks.
 */
import { isIsoDate } from '../../shared/dates';
import { z } from '../zod';

/** 险种类型 codes of the national dictionary (docs/protocol.md §3). */
export const INSUTYPE_CODES = [
  '310',
  '320',
  '330',
  '340',
  '350',
  '360',
  '370',
  '380',
  '390',
  '391',
  '392',
  '399',
  '410',
  '510',
] as const;
/** 医疗收费项目类别 01–14. */
export const MED_CHRGITM_TYPES = [
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '07',
  '08',
  '09',
  '10',
  '11',
  '12',
  '13',
  '14',
] as const;
/** Registration (备案) kinds of docs/sandbox-policy.md §1 (D-5, D-8). */
export const REGISTRATION_KINDS = ['long_term', 'referral', 'emergency', 'other_temporary', 'chronic'] as const;
/** Insutypes that carry a benefit policy. */
export const POLICY_INSUTYPES = ['310', '390'] as const;

const codeEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `unknown code ${JSON.stringify(iss.input)}` });

const text = (max = 200) =>
  z
    .string({ error: (iss) => `expected a string, got ${JSON.stringify(iss.input)}` })
    .min(1, { error: 'must not be empty' })
    .max(max);

const admdvs = z
  .string({ error: 'expected a 6-digit region code' })
  .regex(/^\d{6}$/, { error: (iss) => `not a 6-digit region code: ${JSON.stringify(iss.input)}` });

const isoDate = z
  .string({ error: 'expected a date yyyy-MM-dd' })
  .refine(isIsoDate, { error: (iss) => `not a real date yyyy-MM-dd: ${JSON.stringify(iss.input)}` });

/** A date, or a date-time `yyyy-MM-dd HH:mm:ss` whose date part is real. */
const dateOrDateTime = z
  .string({ error: 'expected a date' })
  .refine((s) => /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(s) && isIsoDate(s.slice(0, 10)), {
    error: (iss) => `not a real date or date-time: ${JSON.stringify(iss.input)}`,
  });

/** Money: a decimal string with exactly 2 decimals, not negative. */
const money = z
  .string({ error: (iss) => `expected a 2-decimal amount string, got ${JSON.stringify(iss.input)}` })
  .regex(/^\d{1,12}\.\d{2}$/, { error: (iss) => `not a 2-decimal amount: ${JSON.stringify(iss.input)}` });

/** A ratio: decimal string 0 … 1 with at most 4 decimals. */
const ratio = z
  .string({ error: (iss) => `expected a ratio string, got ${JSON.stringify(iss.input)}` })
  .refine((s) => /^\d(\.\d{1,4})?$/.test(s) && Number(s) <= 1, {
    error: (iss) => `not a ratio 0…1 with at most 4 decimals: ${JSON.stringify(iss.input)}`,
  });

/** A unit price: decimal string with at most 6 decimals. */
const price = z
  .string({ error: (iss) => `expected a price string, got ${JSON.stringify(iss.input)}` })
  .regex(/^\d{1,12}(\.\d{1,6})?$/, {
    error: (iss) => `not a price with at most 6 decimals: ${JSON.stringify(iss.input)}`,
  });

const levels = <T extends z.ZodType>(inner: T) => z.object({ '1': inner, '2': inner, '3': inner });

export const institutionSchema = z.object({
  fixmedins_code: z.string({ error: 'expected a string' }).regex(/^[A-Z]\d{11}$/, {
    error: (iss) => `not an institution code (letter + 11 digits): ${JSON.stringify(iss.input)}`,
  }),
  fixmedins_name: text(200),
  admdvs,
  kind: codeEnum(['hospital', 'pharmacy']),
  level: codeEnum(['1', '2', '3']),
});

export const catalogItemSchema = z.object({
  med_list_codg: text(50),
  name: text(200),
  med_chrgitm_type: codeEnum(MED_CHRGITM_TYPES),
  chrgitm_lv: codeEnum(['01', '02', '03']),
  selfpay_prop: ratio,
  pric_uplmt_amt: price.nullable(),
  begndate: isoDate,
  enddate: isoDate.nullable(),
});

export const catalogSchema = z.object({ admdvs, items: z.array(catalogItemSchema) });

const benefitLineSchema = z.object({
  deductible: levels(money),
  ratio: levels(ratio),
  retired_bonus: ratio,
  annual_cap: money,
});

export const policySchema = z.object({
  insuplc_admdvs: admdvs,
  insutype: codeEnum(POLICY_INSUTYPES),
  inpatient: benefitLineSchema,
  outpatient: benefitLineSchema,
  chronic: z.object({ deductible: money, ratio, retired_bonus: ratio, annual_cap: money, diseases: z.array(text(30)) }),
  pharmacy: z.object({ ratio }),
  critical: z.object({ threshold: money, ratio, annual_cap: money }),
  assistance: z.object({ identity_types: z.array(text(30)), ratio }),
  cross_region: z.object({
    long_term: ratio,
    referral: ratio,
    emergency: ratio,
    other_temporary: ratio,
    return_home: ratio,
  }),
});

const cumPair = z.object({ dedc: money, fund: money });
const ZERO_CUM = {
  inpatient: { dedc: '0.00', fund: '0.00' },
  outpatient: { dedc: '0.00', fund: '0.00' },
  chronic: { dedc: '0.00', fund: '0.00' },
  critical: { base: '0.00', paid: '0.00' },
};

export const personSchema = z.object({
  psn_no: text(30),
  psn_cert_type: text(6),
  certno: text(50),
  psn_name: text(50),
  gend: codeEnum(['0', '1', '2', '9']),
  naty: z.string(),
  brdy: isoDate,
  ec_token: text(200),
  ssc: z
    .object({ cardno: text(50), card_sn: text(64) })
    .nullable()
    .default(null),
  insurances: z
    .array(
      z.object({
        insutype: codeEnum(INSUTYPE_CODES),
        psn_type: z.string(),
        retired: z.boolean(),
        insuplc_admdvs: admdvs,
        psn_insu_stas: text(6),
        balc: money,
        emp_name: z.string().default(''),
      }),
    )
    .min(1, { error: 'a person needs at least one insurance' }),
  identities: z
    .array(z.object({ psn_idet_type: text(30), begntime: dateOrDateTime, endtime: dateOrDateTime.nullable() }))
    .default([]),
  registrations: z
    .array(
      z.object({
        kind: codeEnum(REGISTRATION_KINDS),
        insutype: codeEnum(INSUTYPE_CODES),
        mdtrtarea_admdvs: admdvs,
        begndate: isoDate,
        enddate: isoDate.nullable(),
        dise_codg: text(30).nullable().optional(),
      }),
    )
    .default([]),
  suspended: z.boolean().default(false),
  cumulative: z
    .object({
      inpatient: cumPair,
      outpatient: cumPair,
      chronic: cumPair,
      critical: z.object({ base: money, paid: money }),
    })
    .default(ZERO_CUM),
});

export const scenarioSchema = z.object({
  version: z.literal(1, { error: (iss) => `unsupported version ${JSON.stringify(iss.input)} (expected 1)` }),
  business_date: isoDate.nullable().optional(),
  institutions: z.array(institutionSchema).min(1, { error: 'at least one institution is needed' }),
  catalogs: z.array(catalogSchema),
  policies: z.array(policySchema),
  persons: z.array(personSchema),
  /** A gateway in front of the sandbox (gateway/gateway-file.ts validates it at start). */
  gateway: z.record(z.string(), z.unknown()).optional(),
});

/** A validated scenario (docs/sandbox-policy.md §1): money, ratios and prices are decimal strings. */
export type Scenario = z.infer<typeof scenarioSchema>;
export type Institution = Scenario['institutions'][number];
export type Catalog = Scenario['catalogs'][number];
export type CatalogItem = Catalog['items'][number];
export type Policy = Scenario['policies'][number];
export type Person = Scenario['persons'][number];
export type Insurance = Person['insurances'][number];
export type Registration = Person['registrations'][number];
export type Identity = Person['identities'][number];
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

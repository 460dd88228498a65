/**
 * The contracts of every trade the adapter speaks (docs/protocol.md §2, §9): per infno its Chinese
 * name, input type, output schema and the request fields sent as JSON number literals.
 *
 * `parseOutput(infno, envelope.output)` reads a success reply's `output` with the trade's schema.
 */
import { NUMERIC_REQUEST_FIELDS_9001, Output9001Schema } from './9001';
import { NUMERIC_REQUEST_FIELDS_9002, Output9002Schema } from './9002';
import { NUMERIC_REQUEST_FIELDS_1101, Output1101Schema } from './1101';
import { NUMERIC_REQUEST_FIELDS_2001, Output2001Schema } from './2001';
import { NUMERIC_REQUEST_FIELDS_2101, Output2101Schema } from './2101';
import { NUMERIC_REQUEST_FIELDS_2102, Output2102Schema } from './2102';
import { NUMERIC_REQUEST_FIELDS_2103, Output2103Schema } from './2103';
import { NUMERIC_REQUEST_FIELDS_2201, Output2201Schema } from './2201';
import { NUMERIC_REQUEST_FIELDS_2202, Output2202Schema } from './2202';
import { NUMERIC_REQUEST_FIELDS_2203, Output2203Schema } from './2203';
import { NUMERIC_REQUEST_FIELDS_2204, Output2204Schema } from './2204';
import { NUMERIC_REQUEST_FIELDS_2205, Output2205Schema } from './2205';
import { NUMERIC_REQUEST_FIELDS_2206, Output2206Schema } from './2206';
import { NUMERIC_REQUEST_FIELDS_2207, Output2207Schema } from './2207';
import { NUMERIC_REQUEST_FIELDS_2208, Output2208Schema } from './2208';
import { NUMERIC_REQUEST_FIELDS_2301, Output2301Schema } from './2301';
import { NUMERIC_REQUEST_FIELDS_2302, Output2302Schema } from './2302';
import { NUMERIC_REQUEST_FIELDS_2303, Output2303Schema } from './2303';
import { NUMERIC_REQUEST_FIELDS_2304, Output2304Schema } from './2304';
import { NUMERIC_REQUEST_FIELDS_2305, Output2305Schema } from './2305';
import { NUMERIC_REQUEST_FIELDS_2401, Output2401Schema } from './2401';
import { NUMERIC_REQUEST_FIELDS_2402, Output2402Schema } from './2402';
import { NUMERIC_REQUEST_FIELDS_2404, Output2404Schema } from './2404';
import { NUMERIC_REQUEST_FIELDS_2405, Output2405Schema } from './2405';
import { NUMERIC_REQUEST_FIELDS_2601, Output2601Schema } from './2601';
import { NUMERIC_REQUEST_FIELDS_5203, Output5203Schema } from './5203';
import { NUMERIC_REQUEST_FIELDS_1312, Output1312Schema } from './1312';
import { NUMERIC_REQUEST_FIELDS_3201, Output3201Schema } from './3201';
import { NUMERIC_REQUEST_FIELDS_3202, Output3202Schema } from './3202';
import { NUMERIC_REQUEST_FIELDS_9101, Output9101Schema } from './9101';
import { NUMERIC_REQUEST_FIELDS_9102, Output9102Schema } from './9102';
import { NUMERIC_REQUEST_FIELDS_1318, Output1318Schema } from './1318';
import { NUMERIC_REQUEST_FIELDS_1319, Output1319Schema } from './1319';
import type { Input9001 } from './9001';
import type { Input9002 } from './9002';
import type { Input1101 } from './1101';
import type { Input2001 } from './2001';
import type { Input2101 } from './2101';
import type { Input2102 } from './2102';
import type { Input2103 } from './2103';
import type { Input2201 } from './2201';
import type { Input2202 } from './2202';
import type { Input2203 } from './2203';
import type { Input2204 } from './2204';
import type { Input2205 } from './2205';
import type { Input2206 } from './2206';
import type { Input2207 } from './2207';
import type { Input2208 } from './2208';
import type { Input2301 } from './2301';
import type { Input2302 } from './2302';
import type { Input2303 } from './2303';
import type { Input2304 } from './2304';
import type { Input2305 } from './2305';
import type { Input2401 } from './2401';
import type { Input2402 } from './2402';
import type { Input2404 } from './2404';
import type { Input2405 } from './2405';
import type { Input2601 } from './2601';
import type { Input5203 } from './5203';
import type { Input1312 } from './1312';
import type { Input3201 } from './3201';
import type { Input3202 } from './3202';
import type { Input9101 } from './9101';
import type { Input9102 } from './9102';
import type { Input1318 } from './1318';
import type { Input1319 } from './1319';
import type { z } from '../zod';

export * from './9001';
export * from './9002';
export * from './1101';
export * from './2001';
export * from './2101';
export * from './2102';
export * from './2103';
export * from './2201';
export * from './2202';
export * from './2203';
export * from './2204';
export * from './2205';
export * from './2206';
export * from './2207';
export * from './2208';
export * from './2301';
export * from './2302';
export * from './2303';
export * from './2304';
export * from './2305';
export * from './2401';
export * from './2402';
export * from './2404';
export * from './3201';
export * from './3202';
export * from './9101';
export * from './9102';
export * from './2405';
export * from './2601';
export * from './5203';
export * from './1312';
export * from './1318';
export * from './1319';
export * from './common';

/** Static facts of one trade. */
export interface TransactionContract<S extends z.ZodType = z.ZodType> {
  /** Chinese name of the trade (交易名称). */
  readonly name: string;
  /** Schema of `output` on success. */
  readonly output: S;
  /**
   * Request fields held as decimal strings that the upstream client must emit as exact JSON
   * number literals, wherever they occur under `input` (also inside lists such as `feedetail`).
   */
  readonly numericFields: readonly string[];
}

/** Every trade of the adapter, by infno. */
export const TRANSACTIONS = {
  '9001': { name: '签到', output: Output9001Schema, numericFields: NUMERIC_REQUEST_FIELDS_9001 },
  '9002': { name: '签退', output: Output9002Schema, numericFields: NUMERIC_REQUEST_FIELDS_9002 },
  '1101': { name: '人员信息获取', output: Output1101Schema, numericFields: NUMERIC_REQUEST_FIELDS_1101 },
  '2001': { name: '人员待遇享受检查', output: Output2001Schema, numericFields: NUMERIC_REQUEST_FIELDS_2001 },
  '2101': { name: '药店预结算', output: Output2101Schema, numericFields: NUMERIC_REQUEST_FIELDS_2101 },
  '2102': { name: '药店结算', output: Output2102Schema, numericFields: NUMERIC_REQUEST_FIELDS_2102 },
  '2103': { name: '药店结算撤销', output: Output2103Schema, numericFields: NUMERIC_REQUEST_FIELDS_2103 },
  '2201': { name: '门诊挂号', output: Output2201Schema, numericFields: NUMERIC_REQUEST_FIELDS_2201 },
  '2202': { name: '门诊挂号撤销', output: Output2202Schema, numericFields: NUMERIC_REQUEST_FIELDS_2202 },
  '2203': { name: '门诊就诊信息上传', output: Output2203Schema, numericFields: NUMERIC_REQUEST_FIELDS_2203 },
  '2204': { name: '门诊费用明细信息上传', output: Output2204Schema, numericFields: NUMERIC_REQUEST_FIELDS_2204 },
  '2205': { name: '门诊费用明细信息撤销', output: Output2205Schema, numericFields: NUMERIC_REQUEST_FIELDS_2205 },
  '2206': { name: '门诊预结算', output: Output2206Schema, numericFields: NUMERIC_REQUEST_FIELDS_2206 },
  '2207': { name: '门诊结算', output: Output2207Schema, numericFields: NUMERIC_REQUEST_FIELDS_2207 },
  '2208': { name: '门诊结算撤销', output: Output2208Schema, numericFields: NUMERIC_REQUEST_FIELDS_2208 },
  '2301': { name: '住院费用明细上传', output: Output2301Schema, numericFields: NUMERIC_REQUEST_FIELDS_2301 },
  '2302': { name: '住院费用明细撤销', output: Output2302Schema, numericFields: NUMERIC_REQUEST_FIELDS_2302 },
  '2303': { name: '住院预结算', output: Output2303Schema, numericFields: NUMERIC_REQUEST_FIELDS_2303 },
  '2304': { name: '住院结算', output: Output2304Schema, numericFields: NUMERIC_REQUEST_FIELDS_2304 },
  '2305': { name: '住院结算撤销', output: Output2305Schema, numericFields: NUMERIC_REQUEST_FIELDS_2305 },
  '2401': { name: '入院办理', output: Output2401Schema, numericFields: NUMERIC_REQUEST_FIELDS_2401 },
  '2402': { name: '出院办理', output: Output2402Schema, numericFields: NUMERIC_REQUEST_FIELDS_2402 },
  '2404': { name: '入院办理撤销', output: Output2404Schema, numericFields: NUMERIC_REQUEST_FIELDS_2404 },
  '2405': { name: '出院办理撤销', output: Output2405Schema, numericFields: NUMERIC_REQUEST_FIELDS_2405 },
  '2601': { name: '冲正交易', output: Output2601Schema, numericFields: NUMERIC_REQUEST_FIELDS_2601 },
  '5203': { name: '结算信息查询', output: Output5203Schema, numericFields: NUMERIC_REQUEST_FIELDS_5203 },
  '3201': { name: '医药机构费用结算对总账', output: Output3201Schema, numericFields: NUMERIC_REQUEST_FIELDS_3201 },
  '3202': { name: '医药机构费用结算对明细账', output: Output3202Schema, numericFields: NUMERIC_REQUEST_FIELDS_3202 },
  '9101': { name: '文件上传', output: Output9101Schema, numericFields: NUMERIC_REQUEST_FIELDS_9101 },
  '9102': { name: '文件下载', output: Output9102Schema, numericFields: NUMERIC_REQUEST_FIELDS_9102 },
  '1312': { name: '医保目录信息查询', output: Output1312Schema, numericFields: NUMERIC_REQUEST_FIELDS_1312 },
  '1318': { name: '医保目录限价信息查询', output: Output1318Schema, numericFields: NUMERIC_REQUEST_FIELDS_1318 },
  '1319': { name: '医保目录先自付比例信息查询', output: Output1319Schema, numericFields: NUMERIC_REQUEST_FIELDS_1319 },
} as const satisfies Record<string, TransactionContract>;

/** A trade code the adapter speaks. */
export type Infno = keyof typeof TRANSACTIONS;

/** All trade codes, in the order of `TRANSACTIONS`. */
export const INFNOS = Object.keys(TRANSACTIONS) as readonly Infno[];

/** True when `s` is a trade code the adapter speaks. */
export function isInfno(s: string): s is Infno {
  return Object.hasOwn(TRANSACTIONS, s);
}

/** The input type of each trade. */
export interface TransactionInputs {
  readonly '9001': Input9001;
  readonly '9002': Input9002;
  readonly '1101': Input1101;
  readonly '2001': Input2001;
  readonly '2101': Input2101;
  readonly '2102': Input2102;
  readonly '2103': Input2103;
  readonly '2201': Input2201;
  readonly '2202': Input2202;
  readonly '2203': Input2203;
  readonly '2204': Input2204;
  readonly '2205': Input2205;
  readonly '2206': Input2206;
  readonly '2207': Input2207;
  readonly '2208': Input2208;
  readonly '2301': Input2301;
  readonly '2302': Input2302;
  readonly '2303': Input2303;
  readonly '2304': Input2304;
  readonly '2305': Input2305;
  readonly '2401': Input2401;
  readonly '2402': Input2402;
  readonly '2404': Input2404;
  readonly '2405': Input2405;
  readonly '2601': Input2601;
  readonly '5203': Input5203;
  readonly '3201': Input3201;
  readonly '3202': Input3202;
  readonly '9101': Input9101;
  readonly '9102': Input9102;
  readonly '1312': Input1312;
  readonly '1318': Input1318;
  readonly '1319': Input1319;
}

/** The input (the envelope's `input`) of trade `K`. */
export type InputOf<K extends Infno> = TransactionInputs[K];

/** The parsed output of trade `K`. */
export type OutputOf<K extends Infno> = z.output<(typeof TRANSACTIONS)[K]['output']>;

/** Request fields sent as JSON number literals, by infno (see `TransactionContract.numericFields`). */
export const NUMERIC_REQUEST_FIELDS: Readonly<Record<Infno, readonly string[]>> = {
  '9001': NUMERIC_REQUEST_FIELDS_9001,
  '9002': NUMERIC_REQUEST_FIELDS_9002,
  '1101': NUMERIC_REQUEST_FIELDS_1101,
  '2001': NUMERIC_REQUEST_FIELDS_2001,
  '2101': NUMERIC_REQUEST_FIELDS_2101,
  '2102': NUMERIC_REQUEST_FIELDS_2102,
  '2103': NUMERIC_REQUEST_FIELDS_2103,
  '2201': NUMERIC_REQUEST_FIELDS_2201,
  '2202': NUMERIC_REQUEST_FIELDS_2202,
  '2203': NUMERIC_REQUEST_FIELDS_2203,
  '2204': NUMERIC_REQUEST_FIELDS_2204,
  '2205': NUMERIC_REQUEST_FIELDS_2205,
  '2206': NUMERIC_REQUEST_FIELDS_2206,
  '2207': NUMERIC_REQUEST_FIELDS_2207,
  '2208': NUMERIC_REQUEST_FIELDS_2208,
  '2301': NUMERIC_REQUEST_FIELDS_2301,
  '2302': NUMERIC_REQUEST_FIELDS_2302,
  '2303': NUMERIC_REQUEST_FIELDS_2303,
  '2304': NUMERIC_REQUEST_FIELDS_2304,
  '2305': NUMERIC_REQUEST_FIELDS_2305,
  '2401': NUMERIC_REQUEST_FIELDS_2401,
  '2402': NUMERIC_REQUEST_FIELDS_2402,
  '2404': NUMERIC_REQUEST_FIELDS_2404,
  '2405': NUMERIC_REQUEST_FIELDS_2405,
  '2601': NUMERIC_REQUEST_FIELDS_2601,
  '5203': NUMERIC_REQUEST_FIELDS_5203,
  '3201': NUMERIC_REQUEST_FIELDS_3201,
  '3202': NUMERIC_REQUEST_FIELDS_3202,
  '9101': NUMERIC_REQUEST_FIELDS_9101,
  '9102': NUMERIC_REQUEST_FIELDS_9102,
  '1312': NUMERIC_REQUEST_FIELDS_1312,
  '1318': NUMERIC_REQUEST_FIELDS_1318,
  '1319': NUMERIC_REQUEST_FIELDS_1319,
};

/** Outcome of reading an output: the value, or the zod issues (paths and messages, no values). */
export type OutputParse<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly { readonly path: string; readonly message: string }[] };

/**
 * Parses already done, by reply object and trade: the client checks a reply's output when it
 * classifies the outcome and the use case reads it again; a 50-line split need not be parsed twice.
 * Replies are never mutated after parsing, so the object identity is a safe key.
 */
const parsed = new WeakMap<object, Map<string, OutputParse<unknown>>>();

/** Reads the `output` of a successful reply of trade `infno`; never throws. */
export function parseOutput<K extends Infno>(infno: K, output: unknown): OutputParse<OutputOf<K>> {
  const key = typeof output === 'object' && output !== null ? output : null;
  const hit = key ? parsed.get(key)?.get(infno) : undefined;
  if (hit) return hit as OutputParse<OutputOf<K>>;
  const schema: z.ZodType = TRANSACTIONS[infno].output;
  const r = schema.safeParse(output);
  const result: OutputParse<OutputOf<K>> = r.success
    ? { success: true, data: r.data as OutputOf<K> }
    : {
        success: false,
        issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      };
  if (key) {
    const byInfno = parsed.get(key) ?? new Map<string, OutputParse<unknown>>();
    byInfno.set(infno, result);
    parsed.set(key, byInfno);
  }
  return result;
}

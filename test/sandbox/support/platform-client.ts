/**
 * A minimal national-interface client for the sandbox tests: builds the envelope
 * (docs/protocol.md §1.1), posts it with node:http, and parses the answer with lossless-json so
 * tests can assert exact number literals (`47.70`, `-25.10`).
 */
import { request } from 'node:http';
import { parse, parseLosslessNumber } from 'lossless-json';

/**
 * A parsed answer, navigated by field name in assertions (test-only; a wrong path fails the
 * assertion that reads it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

let serial = 0;

/** A unique msgid: institution code (12) + 10-digit date-time part + 8-digit serial (30 chars). */
export function newMsgid(code: string): string {
  serial += 1;
  return `${code}2026112010${String(serial).padStart(8, '0')}`;
}

/** A raw HTTP exchange. */
export interface RawResponse {
  readonly status: number;
  readonly text: string;
}

/** POSTs `body` and resolves with status and text; rejects on socket errors (RST, hang-up). */
export function rawPost(url: string, body: string, signal?: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        agent: false,
        ...(signal ? { signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** GET/POST/DELETE on an admin path, JSON in and out. */
export async function admin(
  url: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method, headers: { 'content-type': 'application/json' }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text === '' ? null : parse(text, null, parseLosslessNumber) });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** An answer of the platform. */
export interface CallResult {
  readonly status: number;
  readonly text: string;
  readonly msgid: string;
  readonly infcode: number;
  readonly err_msg: string | null;
  readonly output: Json;
  readonly json: Json;
}

/** Options of one call. */
export interface CallOptions {
  readonly msgid?: string;
  readonly signNo?: string | null;
  readonly insuplc?: string;
  readonly code?: string;
}

/** A client bound to one institution. */
export class PlatformClient {
  signNo: string | null = null;

  constructor(
    readonly url: string,
    readonly code = 'H41020200011',
    readonly admdvs = '410202',
  ) {}

  /** The JSON text of an envelope. */
  envelope(infno: string, input: unknown, opts: CallOptions = {}): { msgid: string; body: string } {
    const code = opts.code ?? this.code;
    const msgid = opts.msgid ?? newMsgid(code);
    const env = {
      infno,
      msgid,
      mdtrtarea_admvs: this.admdvs,
      insuplc_admdvs: opts.insuplc ?? '',
      recer_sys_code: 'YBXT',
      dev_no: '',
      dev_safe_info: '',
      cainfo: '',
      signtype: '',
      infver: 'V1.0',
      opter_type: '1',
      opter: 'T001',
      opter_name: '测试收款员',
      inf_time: '2026-11-20 10:00:00',
      fixmedins_code: code,
      fixmedins_name: '测试机构',
      sign_no: opts.signNo === undefined ? (this.signNo ?? '') : (opts.signNo ?? ''),
      input,
    };
    return { msgid, body: JSON.stringify(env) };
  }

  /** Calls a transaction. */
  async call(infno: string, input: unknown, opts: CallOptions = {}): Promise<CallResult> {
    const { msgid, body } = this.envelope(infno, input, opts);
    return this.post(body, msgid);
  }

  /** Posts a prepared body. */
  async post(body: string, msgid = ''): Promise<CallResult> {
    const r = await rawPost(`${this.url}/fsi/api/rsfComIfsService/callService`, body);
    const json = parse(r.text, null, parseLosslessNumber) as Json;
    return {
      status: r.status,
      text: r.text,
      msgid,
      infcode: Number(String(json.infcode)),
      err_msg: json.err_msg,
      output: json.output,
      json,
    };
  }

  /** 9001; keeps the sign_no for later calls. */
  async signIn(): Promise<string> {
    const r = await this.call(
      '9001',
      { signIn: { opter_no: 'T001', mac: '00-00-00-00-00-00', ip: '127.0.0.1' } },
      { signNo: null },
    );
    if (r.infcode !== 0) throw new Error(`sign-in failed: ${r.err_msg ?? ''}`);
    this.signNo = String(r.output.signinoutb.sign_no);
    return this.signNo;
  }
}

/** The bracketed code of an err_msg. */
export function codeOf(r: CallResult): string | null {
  return /^\[([A-Z_]+)\]/.exec(r.err_msg ?? '')?.[1] ?? null;
}

/** Stringifies every value of an object (LosslessNumber → its literal), for exact assertions. */
export function literals(o: Record<string, unknown>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, String(o[k])]));
}

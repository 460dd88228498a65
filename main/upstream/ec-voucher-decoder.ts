/**
 * The e-voucher decode service (docs/protocol.md §5): a scanned QR text goes to
 * `POST {url}/localcfc/api/hsecfc/localQrCodeQuery` and comes back as the patient's `ecToken`
 * (used with `mdtrt_cert_type` 01) and identity. The call has its own short deadline, so a slow
 * or absent service never holds the cashier's window for more than a few seconds.
 *
 * Real services answer `{code, message, data}` with `code` 0 on success. Their refusal codes
 * differ, so a refusal is read by code where the sandbox's are known (2 unknown, 3 expired,
 * 4 not an e-voucher) and otherwise by the words of `message` ("过期", "付款码", "非医保" …).
 */
import { createAxiosTransport, type Transport } from './transport';

/** The decode path under the service's base URL. */
export const EC_QUERY_PATH = '/localcfc/api/hsecfc/localQrCodeQuery';

/** Longest QR text accepted (e-voucher codes are well under 200 characters). */
export const MAX_QR_LENGTH = 512;

/** Largest decode answer read, characters. */
const MAX_ANSWER_CHARS = 64 * 1024;

/** What the decoder needs (config `evoucher.*`, `institution.fixmedins_code`, `operator.*`). */
export interface EVoucherDecoderOptions {
  /** Base URL of the decode service (`evoucher.url`, default `upstream.url`). */
  readonly url: string;
  /** Deadline of one decode call, ms (`evoucher.timeout_ms`). */
  readonly timeout_ms: number;
  readonly fixmedins_code: string;
  readonly opter: string;
  readonly opter_name: string;
}

/** A decoded e-voucher. `ecToken` is the credential of 1101/2201 (`mdtrt_cert_type` 01). */
export interface DecodedEVoucher {
  readonly ecToken: string;
  /** 证件号码. */
  readonly idNo: string;
  /** 姓名. */
  readonly userName: string;
  /** 证件类型 (psn_cert_type). */
  readonly idType: string;
  /** 参保地 as the service names it; 1101's insuplc_admdvs stays authoritative. */
  readonly insuOrg: string;
}

/** Why a code was not decoded. */
export type EVoucherFailure = 'expired' | 'foreign' | 'invalid' | 'unavailable';

/** The outcome of one decode: the voucher, or the reason with the service's own text for IT. */
export type DecodeResult =
  | { readonly ok: true; readonly voucher: DecodedEVoucher }
  | { readonly ok: false; readonly reason: EVoucherFailure; readonly detail: string };

/** Decodes scanned QR texts. */
export interface EVoucherDecoder {
  decode(qr: string): Promise<DecodeResult>;
}

/** The service's URL for the decode path (a base URL that already ends with it is not doubled). */
export function decodeUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith(EC_QUERY_PATH) ? trimmed : `${trimmed}${EC_QUERY_PATH}`;
}

/** Reads a refusal's reason from its code and words. */
export function refusalReason(code: string, message: string): EVoucherFailure {
  if (code === '3' || /过期|超时失效|已失效|expire/i.test(message)) return 'expired';
  if (code === '4' || /付款码|非医保|不是医保|非电子凭证|不支持的二维码|非本平台/.test(message)) return 'foreign';
  return 'invalid';
}

const text = (o: Record<string, unknown>, k: string): string => {
  const v = o[k];
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
};

/** Reads one answer text; never throws. */
export function readDecodeAnswer(httpStatus: number, body: string): DecodeResult {
  if (httpStatus < 200 || httpStatus >= 300) return { ok: false, reason: 'unavailable', detail: `HTTP ${httpStatus}` };
  if (body.length > MAX_ANSWER_CHARS) return { ok: false, reason: 'unavailable', detail: 'answer too large' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'unavailable', detail: 'answer is not JSON' };
  }
  if (json === null || typeof json !== 'object')
    return { ok: false, reason: 'unavailable', detail: 'answer is not an object' };
  const o = json as Record<string, unknown>;
  const code = text(o, 'code');
  const message = text(o, 'message').slice(0, 500);
  if (code !== '0')
    return {
      ok: false,
      reason: code === '' ? 'unavailable' : refusalReason(code, message),
      detail: message || `code ${code}`,
    };
  const data = o.data !== null && typeof o.data === 'object' ? (o.data as Record<string, unknown>) : {};
  const ecToken = text(data, 'ecToken');
  if (ecToken === '' || ecToken.length > 200)
    return { ok: false, reason: 'unavailable', detail: 'answer has no usable ecToken' };
  return {
    ok: true,
    voucher: {
      ecToken,
      idNo: text(data, 'idNo').slice(0, 50),
      userName: text(data, 'userName').slice(0, 50),
      idType: text(data, 'idType').slice(0, 6),
      insuOrg: text(data, 'insuOrg').slice(0, 20),
    },
  };
}

/** The decoder over HTTP (one connection per call, bounded answer, its own deadline). */
export class HttpEVoucherDecoder implements EVoucherDecoder {
  private readonly url: string;

  constructor(
    private readonly opts: EVoucherDecoderOptions,
    private readonly transport: Transport = createAxiosTransport(),
  ) {
    this.url = decodeUrl(opts.url);
  }

  async decode(qr: string): Promise<DecodeResult> {
    const body = JSON.stringify({
      data: {
        orgId: this.opts.fixmedins_code,
        businessType: '01101',
        operatorId: this.opts.opter,
        operatorName: this.opts.opter_name,
        officeId: '',
        officeName: '',
        deviceType: '',
        ecQrCode: qr,
      },
      transType: 'ec.query',
      orgId: this.opts.fixmedins_code,
    });
    const r = await this.transport.exchange({ url: this.url, body, headers: {}, deadlineMs: this.opts.timeout_ms });
    if (r.kind === 'transport')
      return { ok: false, reason: 'unavailable', detail: `${r.code}${r.httpStatus ? ` HTTP ${r.httpStatus}` : ''}` };
    return readDecodeAnswer(r.httpStatus, r.text);
  }

  close(): void {
    this.transport.close();
  }
}

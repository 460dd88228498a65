/**
 * E-voucher decode emulation (docs/protocol.md §5): `POST /localcfc/api/hsecfc/localQrCodeQuery`.
 * The scanned text (`data.ecQrCode`) is a person's `ec_token`, optionally followed by `@` and the
 * code's issue time `yyyyMMddHHmmss` (China time), as a refreshing QR code carries it; the answer
 * maps to 1101 with `mdtrt_cert_type` "01" and `mdtrt_cert_no` = ecToken.
 *
 * Answers (`code`): 0 decoded; 1 bad request or unknown institution; 2 unknown code; 3 expired (an
 * issue time more than EC_QR_LIFETIME_MS before the sandbox's now); 4 not an e-voucher at all (a
 * payment code or a URL: a "foreign" code).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxState } from '../transactions/context';
import { parseLossless, readBody, sendJson } from './body';

/** The e-voucher decode path. */
export const EC_QUERY_PATH = '/localcfc/api/hsecfc/localQrCodeQuery';

/** How long a stamped QR code stays valid after its issue time. */
export const EC_QR_LIFETIME_MS = 5 * 60_000;

/** A payment code (WeChat 10–15…, Alipay 25–30…, digits only) or a URL: a QR that is no e-voucher. */
const FOREIGN_QR = /^(?:(?:1[0-5]|2[5-9]|30)\d{14,22}|https?:\/\/\S+)$/;

/** `yyyyMMddHHmmss` China time → epoch ms, or null when not a real stamp. */
function stampMs(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (m === null) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, se) - 8 * 3_600_000;
  return Number.isNaN(ms) ? null : ms;
}

/** The sandbox's now (business date + China time of day) as epoch ms. */
function sandboxNowMs(state: SandboxState): number {
  const n = state.clock.now();
  return stampMs(`${n.date.replace(/-/g, '')}${n.time.replace(/:/g, '')}`) ?? Date.now();
}

const str = (o: unknown, k: string): string | null => {
  if (o === null || typeof o !== 'object') return null;
  const v = (o as Record<string, unknown>)[k];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
};

/** Decodes a scanned e-voucher. */
export async function handleEcQuery(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: unknown;
  try {
    body = parseLossless(await readBody(req));
  } catch {
    sendJson(res, 200, { code: 1, message: '请求报文不是合法的 JSON', data: null });
    return;
  }
  const data = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).data : undefined;
  const orgId = str(data, 'orgId') ?? str(body, 'orgId');
  if (orgId === null || state.index.institution(orgId) === undefined) {
    sendJson(res, 200, { code: 1, message: '机构编码未登记', data: null });
    return;
  }
  const qr = str(data, 'ecQrCode');
  if (qr === null) {
    sendJson(res, 200, { code: 1, message: '缺少电子凭证二维码内容 ecQrCode', data: null });
    return;
  }
  if (FOREIGN_QR.test(qr)) {
    sendJson(res, 200, { code: 4, message: '非医保电子凭证二维码（可能是付款码），请出示医保电子凭证', data: null });
    return;
  }
  const at = qr.lastIndexOf('@');
  const token = at > 0 ? qr.slice(0, at) : qr;
  const issued = at > 0 ? stampMs(qr.slice(at + 1)) : null;
  if (at > 0 && issued === null) {
    sendJson(res, 200, { code: 2, message: '电子凭证二维码无效，请患者刷新二维码', data: null });
    return;
  }
  const person = state.index.personByEcToken(token);
  if (person === undefined) {
    sendJson(res, 200, { code: 2, message: '电子凭证无效，请患者刷新二维码', data: null });
    return;
  }
  if (issued !== null && sandboxNowMs(state) - issued > EC_QR_LIFETIME_MS) {
    sendJson(res, 200, { code: 3, message: '电子凭证二维码已过期，请患者刷新二维码', data: null });
    return;
  }
  state.log(`ec.query ${orgId} ok`);
  sendJson(res, 200, {
    code: 0,
    message: '成功',
    data: {
      idNo: person.certno,
      userName: person.psn_name,
      idType: person.psn_cert_type,
      ecToken: person.ec_token,
      insuOrg: person.insurances[0]?.insuplc_admdvs ?? '',
      gender: person.gend,
      birthday: person.brdy,
    },
  });
}

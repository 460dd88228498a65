/**
 * E-voucher decode emulation (docs/protocol.md §5): `POST /localcfc/api/hsecfc/localQrCodeQuery`.
 * The scanned text (`data.ecQrCode`) is a person's `ec_token`; the answer maps to 1101 with
 * `mdtrt_cert_type` "01" and `mdtrt_cert_no` = ecToken.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxState } from '../transactions/context';
import { parseLossless, readBody, sendJson } from './body';

/** The e-voucher decode path. */
export const EC_QUERY_PATH = '/localcfc/api/hsecfc/localQrCodeQuery';

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
  const person = state.index.personByEcToken(qr);
  if (person === undefined) {
    sendJson(res, 200, { code: 1, message: '电子凭证无效或已过期，请患者刷新二维码', data: null });
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

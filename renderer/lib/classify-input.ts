/**
 * What the cashier typed or scanned into the identify field (D-1), as a 1101 credential, using the
 * shared classifier (shared/identity/credential.ts):
 * - a card-reader line `地区|社会保障号码|卡号|卡识别码|…` (docs/protocol.md §6) → `03`, card no = 3rd
 *   field, card_sn = 4th;
 * - an 18- or 15-character ID number → `02`, checked as typed (GB 11643, D-2); a bad one is refused
 *   here with the reason and nothing is sent;
 * - anything else → an e-voucher token, `01`.
 * A typed 9-character card number has no 卡识别码, which 1101 needs, so the cashier is asked to
 * read the card instead.
 */
import type { IdentifyRequest } from '../../shared/api/requests';
import { classifyCredential } from '../../shared/identity/credential';
import { RESIDENT_ID_FAILURE_NAMES } from '../../shared/identity/gb11643';
import { assertNever } from '../../shared/result';

/** The outcome of classifying the input. */
export type Classified =
  | { readonly ok: true; readonly request: IdentifyRequest; readonly medium: 'evoucher' | 'id_number' | 'card' }
  | {
      readonly ok: false;
      readonly code: 'EMPTY' | 'BAD_ID_NUMBER' | 'BAD_CARD_LINE' | 'CARD_NOT_READ';
      readonly message: string;
    };

/** Classifies one submitted input; `today` is `yyyy-MM-dd` in China time (birth-date check). Pure. */
export function classifyInput(raw: string, today: string): Classified {
  const c = classifyCredential(raw, today);
  switch (c.kind) {
    case 'empty':
      return { ok: false, code: 'EMPTY', message: '请先扫码、读卡或输入身份证号。' };
    case 'card_read_error':
      return { ok: false, code: 'BAD_CARD_LINE', message: '读卡信息不完整（缺少卡号或卡识别码），请重新读卡。' };
    case 'id_number':
      if (!c.check.ok) {
        return {
          ok: false,
          code: 'BAD_ID_NUMBER',
          message: `${RESIDENT_ID_FAILURE_NAMES[c.check.reason]}。请核对后重新输入，或改用读卡、扫码。`,
        };
      }
      return { ok: true, medium: 'id_number', request: { mdtrt_cert_type: '02', mdtrt_cert_no: c.mdtrt_cert_no } };
    case 'ssc_card':
      if (c.card_sn === null) {
        return {
          ok: false,
          code: 'CARD_NOT_READ',
          message: '手工输入的社保卡号无法核验，请把社保卡放到读卡器上读卡。',
        };
      }
      return {
        ok: true,
        medium: 'card',
        request: { mdtrt_cert_type: '03', mdtrt_cert_no: c.mdtrt_cert_no, card_sn: c.card_sn },
      };
    case 'ec_token':
      return { ok: true, medium: 'evoucher', request: { mdtrt_cert_type: '01', mdtrt_cert_no: c.mdtrt_cert_no } };
    default:
      return assertNever(c, 'credential');
  }
}

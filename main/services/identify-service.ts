/**
 * Identify the patient (D-1, D-2): validate the credential, ask the platform (1101), remember the
 * insurance rows for later calls, and describe each row's insured place as local, intra-province
 * or cross-province, with the registrations and warnings the cashier needs to see.
 */
import type { IdentifyRequest } from '../../shared/api/requests';
import type { PatientView, PatientWarning, RegistrationRow } from '../../shared/api/views';
import type { Output1101 } from '../../shared/protocol/transactions';
import type { ServiceDeps } from './service-deps';
import type { EVoucherFailure } from '../upstream/ports';
import { AppError } from '../../shared/errors/app-error';
import { checkResidentId, RESIDENT_ID_FAILURE_NAMES } from '../../shared/identity/gb11643';
import { regionCovers, regionKind } from '../../shared/region';
import { dictName, INSUTYPE as NATIONAL_INSUTYPE, REGISTRATION_KIND } from '../../shared/dicts';
import { regionDict } from './region-dict';
import { fenToString } from '../../shared/money';
import { addDays, compareDates } from '../../shared/dates';
import { chinaDate } from '../../shared/china-time';
import { rememberSensitive } from '../../shared/redact';
import { callJournaled, outputOf } from './journaled-call';

/** Longest QR text accepted from a scan (bounded input). */
const MAX_QR_LENGTH = 512;

/** The error of each reason a QR code was not decoded (shared/errors/catalog.ts). */
const DECODE_ERRORS: Readonly<Record<EVoucherFailure, string>> = {
  expired: 'EVOUCHER_EXPIRED',
  foreign: 'EVOUCHER_FOREIGN',
  invalid: 'EVOUCHER_INVALID',
  unavailable: 'EVOUCHER_UNAVAILABLE',
};

/** Temporary registrations ending within this many days get a warning. */
const EXPIRY_WARNING_DAYS = 30;

/** Insutypes that carry a personal account the cashier may pay from (职工基本医疗保险). */
const ACCOUNT_INSUTYPES = new Set(['310']);

export class IdentifyService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Identifies a patient by a scanned e-voucher QR code: the decode service (docs/protocol.md §5) turns
   * it into an ecToken, which 1101 takes with `mdtrt_cert_type` 01. Expired, foreign and unknown
   * codes are refused with a plain request to refresh or show the right code; nothing is sent to
   * the platform then.
   */
  async identifyByQrCode(qr: string): Promise<PatientView> {
    const code = qr.trim();
    if (code === '' || code.length > MAX_QR_LENGTH) {
      throw new AppError('BAD_REQUEST', {
        message: '电子凭证二维码内容为空或过长，请重新扫码。',
        detail: { field: 'ec_qr_code' },
      });
    }
    rememberSensitive(code);
    if (!this.deps.evoucher) throw new AppError('EVOUCHER_UNAVAILABLE', { detail: { reason: 'not configured' } });
    const r = await this.deps.evoucher.decode(code);
    if (!r.ok) {
      this.deps.log.warn('e-voucher not decoded', { reason: r.reason, detail: r.detail });
      throw new AppError(DECODE_ERRORS[r.reason], { upstreamErrMsg: r.detail, detail: { reason: r.reason } });
    }
    const v = r.voucher;
    rememberSensitive(v.ecToken);
    rememberSensitive(v.idNo, 'id');
    rememberSensitive(v.userName, 'name');
    const person = {
      ...(v.idType ? { psn_cert_type: v.idType } : {}),
      ...(v.idNo ? { certno: v.idNo } : {}),
      ...(v.userName ? { psn_name: v.userName } : {}),
    };
    const view = await this.identify({ mdtrt_cert_type: '01', mdtrt_cert_no: v.ecToken }, person);
    return { ...view, credential: { mdtrt_cert_type: '01', mdtrt_cert_no: v.ecToken } };
  }

  /**
   * Identifies a patient by e-voucher token, ID number or social security card. `person`: what a
   * decoded e-voucher says about its holder (1101 `psn_cert_type`, `certno`, `psn_name`).
   */
  async identify(req: IdentifyRequest, person: Readonly<Record<string, string>> = {}): Promise<PatientView> {
    const today = this.today();
    const data: Record<string, string> = {
      mdtrt_cert_type: req.mdtrt_cert_type,
      mdtrt_cert_no: req.mdtrt_cert_no,
      ...person,
    };
    if (req.mdtrt_cert_type === '02') {
      // D-2: a typed ID number must pass GB 11643 before anything is sent.
      const id = checkResidentId(req.mdtrt_cert_no, today);
      if (!id.ok)
        throw new AppError('BAD_ID_NUMBER', {
          message: `${RESIDENT_ID_FAILURE_NAMES[id.reason]}。`,
          detail: { reason: id.reason },
        });
      data.mdtrt_cert_no = id.id;
      data.psn_cert_type = '01';
      data.certno = id.id;
    }
    if (req.mdtrt_cert_type === '03') {
      if (!req.card_sn)
        throw new AppError('BAD_REQUEST', {
          message: '社保卡识别需要卡识别码（card_sn），请重新读卡。',
          detail: { field: 'card_sn' },
        });
      data.card_sn = req.card_sn;
    }
    rememberSensitive(data.mdtrt_cert_no ?? '');
    const result = await callJournaled(this.deps, '1101', { data }, {});
    const out = outputOf('1101', result);
    const reportsRegistrations = hasKey(result.output, 'rgstinfo');
    const view = this.toView(out, today, reportsRegistrations);
    rememberSensitive(view.psn_name, 'name');
    rememberSensitive(view.certno, 'id');
    await this.deps.store.persons.save({
      psn_no: view.psn_no,
      baseinfo: { ...out.baseinfo },
      insuinfo: out.insuinfo.map((r) => ({ ...r })),
      extra: { idetinfo: out.idetinfo, rgstinfo: out.rgstinfo, reportsRegistrations },
      identified_at: this.deps.clock.now(),
    });
    return view;
  }

  private toView(out: Output1101, today: string, reportsRegistrations: boolean): PatientView {
    const admvs = this.deps.institution.mdtrtarea_admvs;
    const insutypes = regionDict(this.deps, 'insutype', NATIONAL_INSUTYPE);
    const b = out.baseinfo;
    const registrations: RegistrationRow[] = out.rgstinfo.map((r) => ({
      rgst_type: r.rgst_type ?? '',
      rgst_type_name: dictName(REGISTRATION_KIND, r.rgst_type),
      insutype: r.insutype ?? '',
      mdtrtarea_admdvs: r.mdtrtarea_admdvs ?? '',
      begndate: r.begndate ?? '',
      enddate: r.enddate ?? null,
      valid: r.vali_flag === '1',
      ...(r.dise_codg ? { dise_codg: r.dise_codg } : {}),
    }));
    const warnings: PatientWarning[] = [];
    const insuinfo = out.insuinfo.map((r) => {
      const insutype = r.insutype ?? '';
      const insuplc = r.insuplc_admdvs ?? '';
      if (r.psn_insu_stas !== '1') {
        warnings.push({
          code: 'INSURANCE_INACTIVE',
          message: `${dictName(insutypes, insutype)}当前不是正常参保状态。`,
        });
      }
      const kind = insuplc ? regionKind(insuplc, admvs) : 'local';
      if (kind !== 'local' && reportsRegistrations) {
        const applying = registrations.filter(
          (g) =>
            g.insutype === insutype && g.valid && g.rgst_type !== 'chronic' && regionCovers(g.mdtrtarea_admdvs, admvs),
        );
        if (applying.length === 0) {
          warnings.push({
            code: 'NO_REGISTRATION',
            message: `${dictName(insutypes, insutype)}：在本地没有有效的异地就医备案，不能直接结算（D-4）。`,
          });
        }
        for (const g of applying) {
          if (
            g.enddate &&
            g.rgst_type !== 'long_term' &&
            compareDates(g.enddate, addDays(today, EXPIRY_WARNING_DAYS)) <= 0
          ) {
            warnings.push({ code: 'REGISTRATION_EXPIRING', message: `${g.rgst_type_name}备案将于${g.enddate}到期。` });
          }
        }
      }
      return {
        insutype,
        insutype_name: dictName(insutypes, insutype),
        psn_type: r.psn_type ?? '',
        psn_insu_stas: r.psn_insu_stas ?? '',
        insuplc_admdvs: insuplc,
        balc: r.balc === null ? '0.00' : fenToString(r.balc),
        emp_name: r.emp_name ?? '',
        has_account: ACCOUNT_INSUTYPES.has(insutype),
      };
    });
    return {
      psn_no: b.psn_no,
      psn_name: b.psn_name ?? '',
      gend: b.gend ?? '',
      brdy: b.brdy ?? '',
      ...(b.age ? { age: b.age } : {}),
      psn_cert_type: b.psn_cert_type ?? '',
      certno: b.certno ?? '',
      insuinfo,
      regions: insuinfo.map((r) => ({
        insutype: r.insutype,
        insuplc_admdvs: r.insuplc_admdvs,
        kind: r.insuplc_admdvs ? regionKind(r.insuplc_admdvs, admvs) : 'local',
      })),
      registrations,
      idetinfo: out.idetinfo.map((i) => ({
        psn_idet_type: i.psn_idet_type ?? '',
        ...(i.begntime ? { begntime: i.begntime } : {}),
        endtime: i.endtime ?? null,
      })),
      warnings,
    };
  }

  private today(): string {
    return chinaDate(this.deps.clock.now());
  }
}

function hasKey(output: unknown, key: string): boolean {
  return typeof output === 'object' && output !== null && key in output;
}

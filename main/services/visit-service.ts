/**
 * Opening a visit at the platform (docs/his-api.md "Identify → open visit"): eligibility first (2001;
 * "not entitled" is a refusal and nothing is left open), then 2201 + 2203 for outpatients and
 * pharmacy sales (a refused 2203 is undone with 2202), or 2401 for inpatients. Also discharge (2402)
 * and reading a visit back.
 */
import type { DischargeRequest, OpenVisitRequest } from '../../shared/api/requests';
import type { EligibilityView, OpenVisitAnswer, VisitKind } from '../../shared/api/views';
import type { CallJournal, CallResult } from '../upstream/ports';
import type { VisitRecord } from '../store/ports/records';
import type { ServiceDeps } from './service-deps';
import type { IdentifyService } from './identify-service';
import { AppError, upstreamCodeOf } from '../../shared/errors/app-error';
import { parseOutput } from '../../shared/protocol/transactions';
import { explain, isKnownErrorCode } from '../../shared/errors/catalog';
import { regionKind } from '../../shared/region';
import { PHARMACY_MED_TYPE, transactionsFor } from '../domain/settlement-flow';
import { REVERSE_ADMISSION } from './job-names';
import { callJournaled, errorOfResult, journalEntryOf, journalOutcomeOf, outputOf } from './journaled-call';
import { refuseWhileOffline } from './offline-guard';
import { chinaDateTime } from '../../shared/china-time';
import { SELF_PAY_SETLWAY } from '../../shared/dicts/psn-setlway';

/** The open-visit details kept with the visit (diagnoses, doctor, department …). */
interface VisitDetails {
  readonly diagnoses: readonly Readonly<Record<string, unknown>>[];
  readonly atddr_no: string;
  readonly dr_name: string;
  readonly dept_code: string;
  readonly dept_name: string;
  readonly adm_bed?: string;
  readonly open_msgid?: string;
  /** `"retail"` for a pharmacy sale settled with 2101–2103 (absent: the outpatient flow). */
  readonly pharmacy_flow?: 'retail';
  /** Full self-pay with upload (D-21): opened and settled with the self-pay way. */
  readonly self_pay?: boolean;
}

export class VisitService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly identify: IdentifyService,
  ) {}

  /** Opens a visit; answers only when the platform holds it fully opened. */
  async open(req: OpenVisitRequest, visitId?: string): Promise<OpenVisitAnswer> {
    const kind: VisitKind = req.kind;
    const med_type = kind === 'pharmacy' ? PHARMACY_MED_TYPE : req.med_type;
    // The institution's pharmacy flow (config `institution.pharmacy_flow`) is fixed on the visit.
    const flow = this.deps.institution.pharmacy_flow ?? 'outpatient';
    const retail = transactionsFor(kind, flow).open === null;
    // Offline mode: the cashier learns at once that nothing can be opened now (issue item 4).
    refuseWhileOffline(this.deps, '办理就诊');
    const insuplc_admdvs = await this.insuredPlace(req);
    if (req.self_pay && kind === 'inpatient') {
      throw new AppError('SELF_PAY_NOT_ALLOWED', {
        message: '全自费上传目前只用于门诊和药店购药。',
        detail: { field: 'self_pay' },
      });
    }
    // Full self-pay (D-21): the patient pays everything, so entitlement is not asked; the platform
    // still receives the visit and the fees for online manual reimbursement.
    const eligibility: EligibilityView = req.self_pay
      ? { entitled: false, trtinfo: [] }
      : await this.checkEligibility(req, med_type, insuplc_admdvs);
    const now = this.deps.clock.now();
    const details: VisitDetails = {
      diagnoses: (req.diagnoses ?? []).map((d) => ({ ...d })),
      atddr_no: req.atddr_no ?? '',
      dr_name: req.dr_name ?? '',
      dept_code: req.dept_code ?? '',
      dept_name: req.dept_name ?? '',
      ...(req.adm_bed ? { adm_bed: req.adm_bed } : {}),
      ...(retail ? { pharmacy_flow: 'retail' } : {}),
      ...(req.self_pay ? { self_pay: true } : {}),
    };
    const visit: VisitRecord = {
      visit_id: visitId ?? this.deps.ids.next(),
      kind,
      psn_no: req.psn_no,
      insutype: req.insutype,
      med_type,
      insuplc_admdvs,
      region_kind: regionKind(insuplc_admdvs, this.deps.institution.mdtrtarea_admvs),
      mdtrt_cert_type: req.mdtrt_cert_type,
      mdtrt_cert_no: req.mdtrt_cert_no,
      card_sn: req.card_sn ?? null,
      mdtrt_id: null,
      ipt_otp_no: req.ipt_otp_no,
      begntime: req.begntime,
      endtime: null,
      dise_codg: req.dise_codg ?? null,
      dise_name: req.dise_name ?? null,
      chrg_bchno: null,
      batch_seq: 0,
      state: 'opening',
      eligibility,
      details: details as unknown as Readonly<Record<string, unknown>>,
      created_at: now,
      updated_at: now,
    };
    if (await this.deps.store.visits.get(visit.visit_id)) {
      throw new AppError('VISIT_STATE_CONFLICT', {
        message: '该就诊号已经办理过，不能重复办理。',
        detail: { visit_id: visit.visit_id },
      });
    }
    if (retail) {
      // docs/sandbox-policy.md §9: a retail sale registers nothing; 2102 opens the platform's visit.
      await this.deps.store.visits.createOpening({ ...visit, state: 'open' }, null);
      return { visit_id: visit.visit_id, mdtrt_id: '', eligibility };
    }
    const mdtrt_id = kind === 'inpatient' ? await this.admit(visit) : await this.registerOutpatient(visit);
    return { visit_id: visit.visit_id, mdtrt_id, eligibility };
  }

  /** 2402: discharges an inpatient. */
  async discharge(visit_id: string, req: DischargeRequest): Promise<VisitRecord> {
    const v = await this.requireVisit(visit_id);
    if (v.kind !== 'inpatient') throw new AppError('VISIT_STATE_CONFLICT', { message: '只有住院就诊需要办理出院。' });
    if (v.state !== 'open')
      throw new AppError('VISIT_STATE_CONFLICT', {
        message: v.state === 'discharged' ? '该患者已经办理出院。' : '该就诊当前不能办理出院。',
      });
    const d = v.details as unknown as VisitDetails;
    const dise_codg = req.dise_codg ?? v.dise_codg ?? '';
    const dise_name = req.dise_name ?? v.dise_name ?? '';
    const input = {
      dscginfo: {
        mdtrt_id: v.mdtrt_id,
        psn_no: v.psn_no,
        insutype: v.insutype,
        endtime: req.endtime,
        dise_codg,
        dise_name,
        dscg_dept_codg: d.dept_code,
        dscg_dept_name: d.dept_name,
        dscg_way: req.dscg_way ?? '1',
      },
      diseinfo: this.inpatientDiagnoses(v, dise_codg, dise_name, req.endtime),
    };
    const r = await callJournaled(this.deps, '2402', input, { visit_id, insuplc_admdvs: v.insuplc_admdvs });
    outputOf('2402', r);
    return this.deps.store.visits.update(
      visit_id,
      { state: 'discharged', endtime: req.endtime, dise_codg: dise_codg || null, dise_name: dise_name || null },
      this.deps.clock.now(),
    );
  }

  /** A visit or VISIT_NOT_FOUND. */
  async requireVisit(visit_id: string): Promise<VisitRecord> {
    const v = await this.deps.store.visits.get(visit_id);
    if (!v) throw new AppError('VISIT_NOT_FOUND', { detail: { field: 'visit_id' } });
    return v;
  }

  /** The insured place: given, remembered from the latest identify, or asked again (1101). */
  private async insuredPlace(req: OpenVisitRequest): Promise<string> {
    if (req.insuplc_admdvs) return req.insuplc_admdvs;
    const remembered = await this.rememberedRow(req.psn_no, req.insutype);
    if (remembered) return remembered;
    const patient = await this.identify.identify({
      mdtrt_cert_type: req.mdtrt_cert_type,
      mdtrt_cert_no: req.mdtrt_cert_no,
      ...(req.card_sn ? { card_sn: req.card_sn } : {}),
    });
    if (patient.psn_no !== req.psn_no) {
      throw new AppError('BAD_REQUEST', {
        message: '凭证识别出的人员与请求中的人员编号不一致。',
        detail: { field: 'psn_no' },
      });
    }
    const row = patient.insuinfo.find((r) => r.insutype === req.insutype);
    if (!row)
      throw new AppError('INSURANCE_INACTIVE', {
        message: '该患者没有所选险种的参保记录。',
        detail: { insutype: req.insutype },
      });
    return row.insuplc_admdvs;
  }

  private async rememberedRow(psn_no: string, insutype: string): Promise<string | null> {
    const p = await this.deps.store.persons.get(psn_no);
    const row = p?.insuinfo.find((r) => r.insutype === insutype);
    const place = row?.insuplc_admdvs;
    return typeof place === 'string' && place !== '' ? place : null;
  }

  /**
   * The insurance's standing at identify time (issue 14 item 4): a 2001 check for a general
   * outpatient visit today, so that a suspension (SUSPENDED) or an inactive insurance
   * (INSURANCE_INACTIVE) shows on the patient panel before any visit is opened. Returns the
   * refusal as a warning, or null when entitled or when the check itself could not be made (the
   * visit's own 2001 will say it again).
   */
  async standingWarning(
    psn_no: string,
    insutype: string,
    insuplc_admdvs: string,
  ): Promise<{ code: string; message: string } | null> {
    const begntime = chinaDateTime(this.deps.clock.now());
    try {
      await this.checkEligibility({ psn_no, insutype, begntime }, '11', insuplc_admdvs);
      return null;
    } catch (e) {
      const code = e instanceof AppError ? e.code : '';
      if (code !== 'SUSPENDED' && code !== 'INSURANCE_INACTIVE') return null;
      return { code, message: explain(code).message };
    }
  }

  /** 2001: not entitled is a refusal with the platform's code (docs/his-api.md "Eligibility"). */
  private async checkEligibility(
    req: Pick<OpenVisitRequest, 'psn_no' | 'insutype' | 'begntime' | 'dise_codg' | 'dise_name'>,
    med_type: string,
    insuplc_admdvs: string,
  ): Promise<EligibilityView> {
    const data = {
      psn_no: req.psn_no,
      insutype: req.insutype,
      fixmedins_code: this.deps.institution.fixmedins_code,
      med_type,
      begntime: req.begntime,
      ...(req.dise_codg ? { dise_codg: req.dise_codg } : {}),
      ...(req.dise_name ? { dise_name: req.dise_name } : {}),
    };
    const r = await callJournaled(this.deps, '2001', { data }, { insuplc_admdvs });
    const out = outputOf('2001', r);
    const trtinfo = out.trtinfo.map((t) => ({
      ...(t.fund_pay_type ? { fund_pay_type: t.fund_pay_type } : {}),
      trt_enjymnt_flag: t.trt_enjymnt_flag ?? '',
      trt_chk_rslt: t.trt_chk_rslt ?? null,
    }));
    const refused = trtinfo.find((t) => t.trt_enjymnt_flag !== '1');
    if (refused) {
      const code = upstreamCodeOf(refused.trt_chk_rslt);
      throw new AppError(code && isKnownErrorCode(code) ? code : 'UPSTREAM_REFUSED', {
        ...(refused.trt_chk_rslt ? { upstreamErrMsg: refused.trt_chk_rslt } : {}),
        detail: { infno: '2001' },
      });
    }
    return { entitled: true, trtinfo };
  }

  /** 2201 then 2203; a refused or unclear 2203 is undone with 2202. Returns mdtrt_id. */
  private async registerOutpatient(v: VisitRecord): Promise<string> {
    const d = v.details as unknown as VisitDetails;
    const data = {
      psn_no: v.psn_no,
      insutype: v.insutype,
      begntime: v.begntime,
      mdtrt_cert_type: v.mdtrt_cert_type,
      mdtrt_cert_no: v.mdtrt_cert_no,
      ...(v.card_sn ? { card_sn: v.card_sn } : {}),
      ipt_otp_no: v.ipt_otp_no,
      atddr_no: d.atddr_no,
      dr_name: d.dr_name,
      dept_code: d.dept_code,
      dept_name: d.dept_name,
      caty: d.dept_code,
      ...(d.self_pay ? { psn_setlway: this.deps.selfPaySetlway ?? SELF_PAY_SETLWAY } : {}),
    };
    const reg = await this.deps.upstream.call(
      '2201',
      { data },
      { journal: this.openingJournal(v), insuplc_admdvs: v.insuplc_admdvs },
    );
    const mdtrt_id = await this.afterOpening(v, reg, () => outputOf('2201', reg).data.mdtrt_id);
    const diag = this.outpatientDiagnoses(v);
    const info = {
      mdtrtinfo: {
        mdtrt_id,
        psn_no: v.psn_no,
        med_type: v.med_type,
        begntime: v.begntime,
        ...(v.dise_codg ? { dise_codg: v.dise_codg } : {}),
        ...(v.dise_name ? { dise_name: v.dise_name } : {}),
      },
      diseinfo: diag,
    };
    const r = await this.deps.upstream.call('2203', info, {
      insuplc_admdvs: v.insuplc_admdvs,
      journal: {
        beforeSend: async (p) =>
          this.deps.store.journal.recordAttempt(journalEntryOf(this.deps, p, { visit_id: v.visit_id })),
        afterOutcome: async (res) => {
          const outcome = { msgid: res.msgid, journal: journalOutcomeOf(res) };
          if (res.outcome === 'SUCCESS')
            await this.deps.store.visits.update(v.visit_id, { state: 'open' }, this.deps.clock.now(), outcome);
          else await this.deps.store.journal.recordOutcome(res.msgid, outcome.journal);
        },
      },
    });
    if (r.outcome !== 'SUCCESS') {
      // docs/his-api.md: if 2203 is refused, the visit is cancelled with 2202 and the refusal returned.
      const undo = await callJournaled(
        this.deps,
        '2202',
        { data: { psn_no: v.psn_no, mdtrt_id, ipt_otp_no: v.ipt_otp_no } },
        { visit_id: v.visit_id, insuplc_admdvs: v.insuplc_admdvs },
      );
      if (undo.outcome !== 'SUCCESS')
        this.deps.log.warn('2202 after a failed 2203 did not succeed', { visit_id: v.visit_id, outcome: undo.outcome });
      await this.deps.store.visits.update(
        v.visit_id,
        { state: undo.outcome === 'SUCCESS' ? 'cancelled' : 'failed' },
        this.deps.clock.now(),
      );
      throw errorOfResult(r);
    }
    return mdtrt_id;
  }

  /** 2401; an admission whose outcome is unknown is reversed from the queue (2601 of the 2401). */
  private async admit(v: VisitRecord): Promise<string> {
    const d = v.details as unknown as VisitDetails;
    const dise_codg = v.dise_codg ?? '';
    const dise_name = v.dise_name ?? '';
    const input = {
      mdtrtinfo: {
        psn_no: v.psn_no,
        insutype: v.insutype,
        begntime: v.begntime,
        mdtrt_cert_type: v.mdtrt_cert_type,
        mdtrt_cert_no: v.mdtrt_cert_no,
        ...(v.card_sn ? { card_sn: v.card_sn } : {}),
        med_type: v.med_type,
        ipt_no: v.ipt_otp_no,
        atddr_no: d.atddr_no,
        chfpdr_name: d.dr_name,
        adm_diag_dscr: dise_name,
        adm_dept_codg: d.dept_code,
        adm_dept_name: d.dept_name,
        ...(d.adm_bed ? { adm_bed: d.adm_bed } : {}),
        dscg_maindiag_code: dise_codg,
        dscg_maindiag_name: dise_name,
        dise_codg,
        dise_name,
      },
      diseinfo: this.inpatientDiagnoses(v, dise_codg, dise_name, v.begntime),
    };
    const r = await this.deps.upstream.call('2401', input, {
      journal: this.openingJournal(v),
      insuplc_admdvs: v.insuplc_admdvs,
    });
    return this.afterOpening(v, r, () => outputOf('2401', r).result.mdtrt_id);
  }

  /** The journal of the opening call: the visit row and the journal entry commit together. */
  private openingJournal(v: VisitRecord): CallJournal {
    return {
      beforeSend: async (p) => {
        const entry = journalEntryOf(this.deps, p, { visit_id: v.visit_id });
        const details = { ...(v.details as Record<string, unknown>), open_msgid: p.msgid };
        const existing = await this.deps.store.visits.get(v.visit_id);
        // A sign-in retry repeats the opening call with a new msgid: the visit row exists by then.
        if (existing) {
          await this.deps.store.journal.recordAttempt(entry);
          await this.deps.store.visits.update(v.visit_id, { details }, this.deps.clock.now());
        } else {
          await this.deps.store.visits.createOpening({ ...v, details }, entry);
        }
      },
      afterOutcome: async (r) => {
        const outcome = { msgid: r.msgid, journal: journalOutcomeOf(r) };
        const mdtrt_id = r.outcome === 'SUCCESS' ? readMdtrtId(r) : null;
        // The platform's visit id is stored in the same transaction as the call's outcome.
        if (mdtrt_id)
          await this.deps.store.visits.update(
            v.visit_id,
            r.infno === '2401' ? { mdtrt_id, state: 'open' } : { mdtrt_id },
            this.deps.clock.now(),
            outcome,
          );
        else await this.deps.store.journal.recordOutcome(r.msgid, outcome.journal);
      },
    };
  }

  /** Stores the opening's outcome; returns mdtrt_id or throws the call's error. */
  private async afterOpening(v: VisitRecord, r: CallResult, readId: () => string): Promise<string> {
    const now = this.deps.clock.now();
    if (r.outcome === 'SUCCESS') {
      let mdtrt_id: string;
      try {
        mdtrt_id = readId();
      } catch (e) {
        await this.failOpening(v, r, now);
        throw e;
      }
      return mdtrt_id;
    }
    await this.failOpening(v, r, now);
    throw errorOfResult(r);
  }

  private async failOpening(v: VisitRecord, r: CallResult, now: number): Promise<void> {
    // Ended before its journal row (not sent: a trade the region lacks, a gateway refusal of the
    // token or sign-in): the visit row was never created, so there is nothing to mark.
    if (r.outcome === 'NOT_SENT' && !(await this.deps.store.visits.get(v.visit_id))) return;
    if (r.infno === '2401' && (r.outcome === 'UNKNOWN' || r.outcome === 'SUCCESS')) {
      // The platform may hold an admission we cannot use: reverse it (2601 of the 2401, docs/protocol.md §2.5).
      await this.deps.store.visits.updateWithJob(
        v.visit_id,
        { state: 'failed' },
        this.deps.jobs.job(REVERSE_ADMISSION, v.visit_id, {
          visit_id: v.visit_id,
          psn_no: v.psn_no,
          omsgid: r.msgid,
          insuplc_admdvs: v.insuplc_admdvs,
        }),
        now,
      );
      this.deps.jobs.wake();
      return;
    }
    await this.deps.store.visits.update(v.visit_id, { state: 'failed' }, now);
  }

  private outpatientDiagnoses(v: VisitRecord): Record<string, unknown>[] {
    const d = v.details as unknown as VisitDetails;
    const list =
      d.diagnoses.length > 0
        ? d.diagnoses
        : v.dise_codg
          ? [{ diag_type: '1', diag_code: v.dise_codg, diag_name: v.dise_name ?? v.dise_codg }]
          : [];
    return list.map((g, i) => ({
      diag_type: g.diag_type ?? '1',
      diag_srt_no: g.diag_srt_no ?? i + 1,
      diag_code: g.diag_code,
      diag_name: g.diag_name,
      diag_dept: g.diag_dept ?? d.dept_name,
      dise_dor_no: g.dise_dor_no ?? d.atddr_no,
      dise_dor_name: g.dise_dor_name ?? d.dr_name,
      diag_time: g.diag_time ?? v.begntime,
      vali_flag: '1',
    }));
  }

  private inpatientDiagnoses(
    v: VisitRecord,
    dise_codg: string,
    dise_name: string,
    time: string,
  ): Record<string, unknown>[] {
    const d = v.details as unknown as VisitDetails;
    const list =
      d.diagnoses.length > 0
        ? d.diagnoses
        : dise_codg
          ? [{ diag_type: '1', diag_code: dise_codg, diag_name: dise_name || dise_codg }]
          : [];
    return list.map((g, i) => ({
      psn_no: v.psn_no,
      diag_type: g.diag_type ?? '1',
      maindiag_flag: g.maindiag_flag ?? (i === 0 ? '1' : '0'),
      diag_srt_no: g.diag_srt_no ?? i + 1,
      diag_code: g.diag_code,
      diag_name: g.diag_name,
      diag_dept: g.diag_dept ?? d.dept_name,
      dise_dor_no: g.dise_dor_no ?? d.atddr_no,
      dise_dor_name: g.dise_dor_name ?? d.dr_name,
      diag_time: g.diag_time ?? time,
    }));
  }
}

/** The platform's visit id from a 2201 or 2401 reply, or null when the reply does not carry one. */
function readMdtrtId(r: CallResult): string | null {
  const parsed = r.infno === '2401' ? parseOutput('2401', r.output) : parseOutput('2201', r.output);
  if (!parsed.success) return null;
  return 'result' in parsed.data ? parsed.data.result.mdtrt_id : parsed.data.data.mdtrt_id;
}

/**
 * The HIS API's JSON shapes (docs/his-api.md), shared by main/his-api, the
 * Electron bridge and the renderer. Money is a 2-dp decimal string; dates are strings as the
 * national interface writes them; domain fields keep their national names.
 */
import type { RegionKind } from '../region';

/** Visit kinds the adapter opens. Pharmacy sales follow the outpatient path with med_type 41. */
export type VisitKind = 'outpatient' | 'inpatient' | 'pharmacy';

/**
 * Settlement and visit states: the journal states of docs/reliability.md §2 in lower case (the
 * same list as main/domain's SettlementStateCode; test/domain/state-sets.test.ts compares the two),
 * plus `open` (no settlement yet) and `presettled` (the UI's state after a pre-settle).
 */
export type SettlementState =
  | 'sending'
  | 'settled'
  | 'cash_collected'
  | 'unknown'
  | 'reversing'
  | 'reversed'
  | 'not_settled'
  | 'failed_definite'
  | 'not_sent'
  | 'needs_attention'
  | 'cancelling'
  | 'cancel_unknown'
  | 'cancelled';

export type VisitState = 'open' | 'presettled' | SettlementState | 'closed';

/** One insurance row of the person (1101 insuinfo). */
export interface InsuranceRow {
  readonly insutype: string;
  readonly insutype_name: string;
  readonly psn_type: string;
  readonly psn_insu_stas: string;
  readonly insuplc_admdvs: string;
  /** Personal account balance, 2-dp string. */
  readonly balc: string;
  readonly emp_name: string;
  /** Whether the insurance row can pay from a personal account (职工 310 with a balance). */
  readonly has_account: boolean;
}

/** Where the patient is insured relative to this institution. */
export interface RegionRow {
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly kind: RegionKind;
}

/** A registration (备案) the platform reported (sandbox extension `rgstinfo`; optional). */
export interface RegistrationRow {
  readonly rgst_type: string;
  readonly rgst_type_name: string;
  readonly insutype: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly valid: boolean;
  readonly dise_codg?: string;
}

/** A warning for the patient panel (suspended, no registration, expiring registration …). */
export interface PatientWarning {
  readonly code: string;
  readonly message: string;
}

/** Answer of `POST /api/v1/patients/identify`. */
export interface PatientView {
  readonly psn_no: string;
  readonly psn_name: string;
  readonly gend: string;
  readonly brdy: string;
  readonly age?: string;
  readonly psn_cert_type: string;
  readonly certno: string;
  readonly insuinfo: readonly InsuranceRow[];
  readonly regions: readonly RegionRow[];
  readonly registrations: readonly RegistrationRow[];
  readonly idetinfo: readonly {
    readonly psn_idet_type: string;
    readonly begntime?: string;
    readonly endtime?: string | null;
  }[];
  readonly warnings: readonly PatientWarning[];
  /**
   * The credential to open the visit with, when it differs from what was presented: after an
   * e-voucher QR code is decoded, `01` + the `ecToken` (docs/protocol.md §5).
   */
  readonly credential?: { readonly mdtrt_cert_type: '01'; readonly mdtrt_cert_no: string };
}

/** A fee line as the HIS sends it (`POST /visits/{id}/fees`). */
export interface FeeLineInput {
  readonly feedetl_sn: string;
  readonly med_list_codg?: string;
  readonly medins_list_codg: string;
  readonly name: string;
  readonly cnt: string;
  readonly pric: string;
  readonly det_item_fee_sumamt: string;
  readonly fee_ocur_time: string;
  /** Refund lines of inpatients (negative cnt) name the line refunded. */
  readonly init_feedetl_sn?: string;
}

/** The per-line split, as the platform returned it or as previewed (D-15). */
export interface LineSplitView {
  readonly fulamt_ownpay_amt: string;
  readonly overlmt_amt: string;
  readonly preselfpay_amt: string;
  readonly inscp_scp_amt: string;
  readonly chrgitm_lv: string;
  readonly med_chrgitm_type: string;
  readonly selfpay_prop: string;
  /** Unit price cap, or null when none ("999999" from the platform reads as none). */
  readonly pric_uplmt_amt: string | null;
}

/** A fee line of a visit with the platform's split once uploaded. */
export interface FeeLineView extends FeeLineInput {
  readonly uploaded: boolean;
  readonly chrg_bchno?: string;
  readonly platform?: LineSplitView;
  /** The adapter's own preview (local-payment-scope issue), when available. */
  readonly preview?: LineSplitView & { readonly attention: readonly string[] };
  /** Differences between preview and platform, each with a reason. */
  readonly differences?: readonly {
    readonly field: string;
    readonly preview: string | null;
    readonly platform: string | null;
    readonly reason: string;
  }[];
}

/** One fund line of a settlement (setldetail). */
export interface FundLineView {
  readonly fund_pay_type: string;
  readonly fund_pay_type_name: string;
  readonly fund_payamt: string;
  readonly inscp_scp_amt?: string | null;
  readonly crt_payb_lmt_amt?: string | null;
  readonly setl_proc_info?: string | null;
}

/** The settlement figures (setlinfo): money as 2-dp strings, null where the platform gave none. */
export interface SetlInfoView {
  readonly setl_id?: string | null;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly setl_time?: string | null;
  readonly insutype?: string | null;
  readonly med_type?: string | null;
  readonly clr_type?: string | null;
  readonly clr_optins?: string | null;
  readonly medins_setl_id?: string | null;
  readonly pool_prop_selfpay?: string | null;
  readonly medfee_sumamt: string | null;
  readonly fulamt_ownpay_amt: string | null;
  readonly overlmt_selfpay: string | null;
  readonly preselfpay_amt: string | null;
  readonly inscp_scp_amt: string | null;
  readonly act_pay_dedc: string | null;
  readonly hifp_pay: string | null;
  readonly cvlserv_pay: string | null;
  readonly hifes_pay: string | null;
  readonly hifmi_pay: string | null;
  readonly hifob_pay: string | null;
  readonly maf_pay: string | null;
  readonly oth_pay: string | null;
  readonly fund_pay_sumamt: string | null;
  readonly psn_part_amt: string | null;
  readonly acct_pay: string | null;
  readonly psn_cash_pay: string | null;
  readonly hosp_part_amt: string | null;
  readonly balc: string | null;
}

/** Answer of pre-settle, settle, cancel and `GET /api/v1/settlements/{id}`. */
export interface SettlementView {
  /** null for a pre-settlement. */
  readonly settlement_id: string | null;
  readonly visit_id: string;
  readonly state: SettlementState | 'presettled';
  readonly setlinfo: SetlInfoView | null;
  readonly setldetail: readonly FundLineView[];
  /** e.g. `figures_inconsistent` (docs/his-api.md). */
  readonly flags: readonly string[];
  readonly msgid?: string;
  readonly acct_used_flag?: string;
  readonly created_at?: string;
  readonly updated_at?: string;
  /** For unknown/needs_attention: what happened, in Chinese, newest last. */
  readonly history?: readonly { readonly at: string; readonly state: string; readonly note: string }[];
  /** A cancel's figures (negative amounts), when cancelled. */
  readonly cancel_setlinfo?: SetlInfoView | null;
  /** Things the cashier should know that did not stop the step (e.g. an undo step that failed). */
  readonly warnings?: readonly string[];
}

/** Eligibility as 2001 reported it. */
export interface EligibilityView {
  readonly entitled: boolean;
  readonly trtinfo: readonly {
    readonly fund_pay_type?: string;
    readonly trt_enjymnt_flag: string;
    readonly trt_chk_rslt?: string | null;
  }[];
  readonly registration?: RegistrationRow | null;
}

/** Answer of `GET /api/v1/visits/{id}` and of the visit-changing calls. */
export interface VisitView {
  readonly visit_id: string;
  readonly kind: VisitKind;
  readonly state: VisitState;
  readonly psn_no: string;
  readonly psn_name: string;
  readonly insutype: string;
  readonly med_type: string;
  readonly insuplc_admdvs: string;
  readonly region_kind: RegionKind;
  readonly mdtrt_id: string | null;
  readonly ipt_otp_no: string;
  readonly begntime: string;
  readonly endtime?: string | null;
  readonly dise_codg?: string | null;
  readonly dise_name?: string | null;
  readonly eligibility: EligibilityView | null;
  readonly fees: readonly FeeLineView[];
  readonly totals: {
    readonly det_item_fee_sumamt: string;
    readonly fulamt_ownpay_amt: string;
    readonly overlmt_amt: string;
    readonly preselfpay_amt: string;
    readonly inscp_scp_amt: string;
  };
  readonly settlement: SettlementView | null;
  readonly presettlement: SettlementView | null;
}

/** Answer of `POST /api/v1/visits`. */
export interface OpenVisitAnswer {
  readonly visit_id: string;
  readonly mdtrt_id: string;
  readonly eligibility: EligibilityView;
}

/** Answer of `GET /api/v1/health`. */
export interface HealthView {
  readonly status: 'ok' | 'degraded' | 'offline';
  readonly training: boolean;
  readonly version: string;
  readonly institution: {
    readonly fixmedins_code: string;
    readonly fixmedins_name: string;
    readonly mdtrtarea_admvs: string;
  };
  readonly upstream: {
    readonly url: string;
    readonly reachable: boolean | null;
    readonly last_success_at: string | null;
    readonly last_failure_at: string | null;
    readonly latency_ms: number | null;
    readonly sign_in_age_s: number | null;
    /** The gateway style in front of the platform (`plain`, `csb`, `tif`, `sm`). */
    readonly gateway?: string;
    /**
     * The gateway's last refusal (`GATEWAY_SIGNATURE` …), shown to IT until a call goes through;
     * `at` is China time. Null when none.
     */
    readonly gateway_refusal?: {
      readonly code: string;
      readonly message: string;
      readonly err_msg: string | null;
      readonly at: string;
    } | null;
  };
  readonly store: { readonly ok: boolean; readonly journal_mode: string; readonly synchronous: number };
  readonly queue: { readonly depth: number; readonly oldest_at: string | null; readonly needs_attention: number };
  /** Days (`yyyy-MM-dd`, last 31) whose newest reconciliation did not balance or failed (issue 18). */
  readonly reconciliation?: { readonly unbalanced_days: readonly string[] };
}

/** The HIS API's error body. */
export interface ApiErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly hint: string;
    readonly upstream_err_msg?: string;
    readonly detail?: unknown;
    /** ROLE_REQUIRED only: the role the action needs (`supervisor`, `it_admin`), also in `detail`. */
    readonly role_needed?: string;
  };
}

/**
 * What every use case is built with (constructor injection, docs/architecture.md §1 "Ports"): the store
 * and upstream ports, a clock, an id source, the institution and a redacting logger. Concrete
 * classes are made only in main/app.
 */
import type { SettlementStore } from '../store/ports/settlement-store';
import type { EVoucherDecoder, UpstreamClient } from '../upstream/ports';
import type { CrashPointHook } from '../domain/crash-points';
import type { JobScheduler } from '../queue/ports';
import type { Clock } from '../domain/clock';
import type { PharmacyFlow } from '../domain/settlement-flow';

/** Makes app ids (ULIDs in production): settlement ids, visit ids, journal call ids. */
export interface IdGenerator {
  next(): string;
}

/** A logger whose sink redacts personal data (shared/redact); messages are for IT. */
export interface Logger {
  info(message: string, data?: Readonly<Record<string, unknown>>): void;
  warn(message: string, data?: Readonly<Record<string, unknown>>): void;
  error(message: string, data?: Readonly<Record<string, unknown>>): void;
}

/** The institution this adapter serves (config `institution.*`). */
export interface InstitutionInfo {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  /** 就医地医保区划 of the institution (`institution.mdtrtarea_admvs`). */
  readonly mdtrtarea_admvs: string;
  /**
   * How pharmacy sales settle (config `institution.pharmacy_flow`, from the region profile):
   * `outpatient` (2201…2208, med_type 41; the default) or `retail` (2101 / 2102 / 2103).
   */
  readonly pharmacy_flow?: PharmacyFlow;
}

/**
 * What use cases see of the job queue: `job(type, key, payload)` builds a job row from the job
 * registry (the type's money flag and attempt budget, the payload checked by its schema) for an
 * outbox write, and `wake()` runs due jobs after that write committed. Services never build job
 * rows by hand, so each type's policy always applies (the queue runner implements it).
 */
export type JobWaker = Pick<JobScheduler, 'job' | 'wake'>;

/**
 * The state of the link to the platform as use cases need it (offline mode, issue item 4): while
 * it is offline, new settles, pre-settles and visit openings fail fast instead of waiting for D.
 */
export interface UpstreamLinkState {
  /** True while the platform is known to be unreachable (a probe runs in the background). */
  isOffline(): boolean;
  /** When the link went offline, epoch ms; null while online. */
  offlineSince(): number | null;
}

export interface ServiceDeps {
  readonly store: SettlementStore;
  readonly upstream: UpstreamClient;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly institution: InstitutionInfo;
  readonly log: Logger;
  readonly jobs: JobWaker;
  /** Upstream deadline D, ms: the grace of the confirming 2601 is 2 × D (docs/reliability.md §2). */
  readonly upstreamTimeoutMs: number;
  /** The e-voucher decode service (config `evoucher.*`); absent: QR codes cannot be decoded. */
  readonly evoucher?: EVoucherDecoder;
  /** The link monitor (main/services/link-monitor); absent: always treated as online. */
  readonly link?: UpstreamLinkState;
  /** Fee uploads (2204 / 2301): most lines per call (config `upstream.fee_upload_batch_lines`; default 50). */
  readonly feeUpload?: { readonly batchLines: number };
  /** `psn_setlway` of a full self-pay with upload (config `upstream.self_pay_setlway`; default `SELF_PAY_SETLWAY`, 02). */
  readonly selfPaySetlway?: string;
  /**
   * This adapter instance's window (config `window_id`, default the PC's host name): recorded on
   * every settlement, so "今日结算" lists this window's. Absent: settlements record no window.
   */
  readonly windowId?: string;
  /** Named kill points of the crash harness (docs/reliability.md §4); absent outside the harness. */
  readonly crashPoint?: CrashPointHook;
  /**
   * The region's reversal rule (region profile `reversal.infnos`): true when an unknown outcome of
   * `infno` may be reversed with 2601. Default: every transaction the 2601 schema accepts.
   */
  readonly reversible?: (infno: string) => boolean;
  /**
   * The region's dictionary labels over the national ones (region profile `dictionaries`):
   * `{dict: {code: label}}`, e.g. `{"insutype": {"310": "…"}}`. Read through `regionDict`.
   */
  readonly dictionaries?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

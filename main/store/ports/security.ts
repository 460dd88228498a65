/**
 * Store ports of the security issue: the operator roster and the audit trail (docs/architecture.md §3:
 * asynchronous, engine-free). The SQLite implementation is `main/store/security-repository.ts`.
 */
import type { Role } from '../../../shared/access/roles';

/** One operator of the roster. `password_hash` is a self-describing memory-hard hash, never a password. */
export interface OperatorRecord {
  readonly opter: string;
  readonly opter_name: string;
  readonly role: Role;
  readonly password_hash: string;
  readonly active: boolean;
  /** Failed sign-ins since the last success (lockout counter). */
  readonly failed_count: number;
  /** Sign-in refused until this time, epoch ms; null when not locked. */
  readonly locked_until: number | null;
  readonly created_at: number;
  readonly updated_at: number;
}

/** What an audit row says; `detail` holds ids and codes, never personal data. */
export interface AuditEntry {
  /** Epoch ms. */
  readonly at: number;
  /** Who acted (`opter`), or `system` / `admin-cli` for the adapter itself. */
  readonly opter: string;
  readonly role: Role | null;
  /** e.g. `call.2207`, `sign_in.failed`, `operator.add`, `settings.save`, `patient.reveal`. */
  readonly action: string;
  /** The object acted on (settlement id, msgid, opter …), when there is one. */
  readonly target: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A stored audit row: the entry, its sequence number and its place in the hash chain. */
export interface AuditRecord extends AuditEntry {
  readonly seq: number;
  readonly prev_hash: string;
  readonly hash: string;
}

/** The result of checking the chain: rows checked and the first row that breaks it, if any. */
export interface AuditVerdict {
  readonly checked: number;
  readonly broken: {
    readonly seq: number;
    readonly reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';
  } | null;
}

/** The append-only, hash-chained audit trail (S6). */
export interface AuditTrail {
  /** Appends one row, chained to the last one, in its own transaction. */
  append(e: AuditEntry): Promise<AuditRecord>;
  /** Recomputes the whole chain. */
  verify(): Promise<AuditVerdict>;
  /** Rows with `seq > afterSeq`, oldest first, at most `limit` (for export). */
  list(afterSeq: number, limit: number): Promise<AuditRecord[]>;
}

/** Fields of an operator that change after creation. */
export type OperatorPatch = Partial<
  Pick<OperatorRecord, 'opter_name' | 'role' | 'password_hash' | 'active' | 'failed_count' | 'locked_until'>
>;

/** The operator roster. Every change is written with its audit row in one transaction. */
export interface OperatorRepository {
  /** Number of operators, active or not: any row means "a roster exists". */
  count(): Promise<number>;
  get(opter: string): Promise<OperatorRecord | null>;
  list(): Promise<OperatorRecord[]>;
  /** Adds an operator; throws OPERATOR_EXISTS-like constraint errors when `opter` is taken. */
  add(r: OperatorRecord, audit: AuditEntry): Promise<void>;
  /** Changes an operator (returns false when unknown); the audit row is optional for counters. */
  update(opter: string, patch: OperatorPatch, now: number, audit: AuditEntry | null): Promise<boolean>;
}

/** The security store: roster, audit trail and who made a settlement. */
export interface SecurityStore {
  readonly operators: OperatorRepository;
  readonly audit: AuditTrail;
  /**
   * The `opter` of the settle call (2207/2304) of a settlement, from the journal; null when the
   * journal row names none (rows older than the roster); undefined when there is no such settlement.
   */
  settledBy(settlement_id: string): Promise<string | null | undefined>;
}

/**
 * Seals personal-data columns (the concrete AES-256-GCM one is main/security/field-cipher.ts).
 * `seal` output starts with `SEALED_PREFIX`; `index` is a keyed, deterministic look-up value.
 */
export interface FieldCipher {
  seal(plain: string): string;
  open(sealed: string): string;
  index(value: string): string;
}

/** Prefix of every sealed column value (lets plaintext rows of an older database be found and sealed). */
export const SEALED_PREFIX = 'enc1:';
/** Prefix of every blind-index value. */
export const INDEX_PREFIX = 'idx1:';

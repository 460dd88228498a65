/**
 * The operator roster as a use case (the security issue): adding, listing, disabling operators and
 * resetting passwords (IT, through `npm run admin` or later a settings page), signing in with
 * lockout (S5: 5 failures → 15 minutes), and resolving the operator a HIS API request names.
 * Every change and every sign-in, failed or not, writes an audit row; passwords never do.
 */
import type { AuditEntry, AuditTrail, OperatorRecord, OperatorRepository } from '../store/ports/security';
import type { ActingOperator, Role } from '../../shared/access/roles';
import { AppError } from '../../shared/errors/app-error';
import { hashPassword, verifyPassword } from './password-hash';

/** Failed sign-ins in a row that lock an operator (S5). */
export const LOCKOUT_FAILURES = 5;
/** How long a locked operator is refused, ms (S5: 15 minutes). */
export const LOCKOUT_MS = 15 * 60_000;

/** Who performs a roster change: an operator, or the admin command at the machine. */
export interface RosterActor {
  readonly opter: string;
  readonly role: Role | null;
}

/** The admin command run by IT at the machine (it has the data folder, hence the key). */
export const ADMIN_CLI_ACTOR: RosterActor = { opter: 'admin-cli', role: 'it_admin' };

/** What a listing shows of an operator (never the hash). */
export interface OperatorSummary {
  readonly opter: string;
  readonly opter_name: string;
  readonly role: Role;
  readonly active: boolean;
  readonly locked_until: number | null;
}

export interface OperatorRosterDeps {
  readonly operators: OperatorRepository;
  readonly audit: AuditTrail;
  readonly clock: { now(): number };
}

const OPTER = /^[A-Za-z0-9_.-]{1,30}$/;

export class OperatorRoster {
  constructor(private readonly d: OperatorRosterDeps) {}

  /** True once any operator exists: from then on every request must name an active operator. */
  async exists(): Promise<boolean> {
    return (await this.d.operators.count()) > 0;
  }

  async add(
    a: { opter: string; opter_name: string; role: Role; password: string },
    by: RosterActor,
  ): Promise<OperatorSummary> {
    if (!OPTER.test(a.opter))
      throw new AppError('BAD_REQUEST', {
        message: '操作员编码只能由 1–30 位字母、数字、下划线、点或连字符组成。',
        detail: { field: 'opter' },
      });
    const name = a.opter_name.trim();
    if (name.length < 1 || name.length > 50)
      throw new AppError('BAD_REQUEST', { message: '操作员姓名应为 1–50 个字。', detail: { field: 'opter_name' } });
    if (await this.d.operators.get(a.opter))
      throw new AppError('BAD_REQUEST', { message: `操作员编码 ${a.opter} 已存在。`, detail: { field: 'opter' } });
    const now = this.d.clock.now();
    const r: OperatorRecord = {
      opter: a.opter,
      opter_name: name,
      role: a.role,
      password_hash: await hashPassword(a.password),
      active: true,
      failed_count: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    };
    await this.d.operators.add(r, this.entry(by, 'operator.add', a.opter, { role: a.role }));
    return summary(r);
  }

  async list(): Promise<OperatorSummary[]> {
    return (await this.d.operators.list()).map(summary);
  }

  async disable(opter: string, by: RosterActor): Promise<void> {
    const changed = await this.d.operators.update(
      opter,
      { active: false },
      this.d.clock.now(),
      this.entry(by, 'operator.disable', opter, {}),
    );
    if (!changed) throw new AppError('OPERATOR_UNKNOWN', { detail: { field: 'opter' } });
  }

  /** Changes an operator's role (audited with the old and the new role). */
  async setRole(opter: string, role: Role, by: RosterActor): Promise<void> {
    const r = await this.d.operators.get(opter);
    if (!r) throw new AppError('OPERATOR_UNKNOWN', { detail: { field: 'opter' } });
    await this.d.operators.update(
      opter,
      { role },
      this.d.clock.now(),
      this.entry(by, 'operator.set_role', opter, { from: r.role, to: role }),
    );
  }

  /** Sets a new password, re-enables the operator and clears any lockout. */
  async resetPassword(opter: string, password: string, by: RosterActor): Promise<void> {
    const hash = await hashPassword(password);
    const changed = await this.d.operators.update(
      opter,
      { password_hash: hash, failed_count: 0, locked_until: null, active: true },
      this.d.clock.now(),
      this.entry(by, 'operator.reset_password', opter, {}),
    );
    if (!changed) throw new AppError('OPERATOR_UNKNOWN', { detail: { field: 'opter' } });
  }

  /**
   * The active operator `opter`, for a request that names it. Throws OPERATOR_UNKNOWN for an
   * unknown or disabled one. (A locked operator may still be named by the HIS: the lock is on
   * password sign-in at the window.)
   */
  async resolve(opter: string): Promise<ActingOperator> {
    const r = await this.d.operators.get(opter);
    if (!r || !r.active) throw new AppError('OPERATOR_UNKNOWN', { detail: { field: 'opter' } });
    return { opter: r.opter, opter_name: r.opter_name, role: r.role };
  }

  /**
   * Password sign-in with lockout: after LOCKOUT_FAILURES failures in a row the operator is refused
   * (OPERATOR_LOCKED) for LOCKOUT_MS, even with the right password. Unknown operators and wrong
   * passwords get the same BAD_CREDENTIALS.
   */
  async signIn(opter: string, password: string): Promise<ActingOperator> {
    const now = this.d.clock.now();
    const r = await this.d.operators.get(opter);
    if (!r || !r.active) {
      await this.d.audit.append(
        this.entry({ opter: opter.slice(0, 30) || '?', role: null }, 'sign_in.failed', opter.slice(0, 30), {
          reason: 'unknown',
        }),
      );
      throw new AppError('BAD_CREDENTIALS');
    }
    if (r.locked_until !== null && r.locked_until > now) {
      await this.d.audit.append(
        this.entry(r, 'sign_in.refused', r.opter, { reason: 'locked', locked_until: r.locked_until }),
      );
      throw new AppError('OPERATOR_LOCKED', { detail: { locked_until: new Date(r.locked_until).toISOString() } });
    }
    if (!(await verifyPassword(password, r.password_hash))) {
      const failed = (r.locked_until !== null ? 0 : r.failed_count) + 1;
      const lock = failed >= LOCKOUT_FAILURES;
      await this.d.operators.update(
        r.opter,
        { failed_count: lock ? 0 : failed, locked_until: lock ? now + LOCKOUT_MS : null },
        now,
        this.entry(r, lock ? 'sign_in.locked' : 'sign_in.failed', r.opter, { failures: failed }),
      );
      if (lock)
        throw new AppError('OPERATOR_LOCKED', { detail: { locked_until: new Date(now + LOCKOUT_MS).toISOString() } });
      throw new AppError('BAD_CREDENTIALS', { detail: { failures: failed, lockout_after: LOCKOUT_FAILURES } });
    }
    await this.d.operators.update(
      r.opter,
      { failed_count: 0, locked_until: null },
      now,
      this.entry(r, 'sign_in.ok', r.opter, {}),
    );
    return { opter: r.opter, opter_name: r.opter_name, role: r.role };
  }

  /** Records a sign-out (by hand or for idleness). */
  async signedOut(op: ActingOperator, reason: 'manual' | 'idle'): Promise<void> {
    await this.d.audit.append(this.entry(op, 'sign_out', op.opter, { reason }));
  }

  private entry(by: RosterActor, action: string, target: string | null, detail: Record<string, unknown>): AuditEntry {
    return { at: this.d.clock.now(), opter: by.opter, role: by.role, action, target, detail };
  }
}

function summary(r: OperatorRecord): OperatorSummary {
  return { opter: r.opter, opter_name: r.opter_name, role: r.role, active: r.active, locked_until: r.locked_until };
}

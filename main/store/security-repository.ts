/**
 * The operator roster and the audit trail on SQLite (the security issue). The audit trail is a
 * hash chain: each row's `hash` is SHA-256 over the previous row's hash and the row's own fields
 * (`auditHash`), appended inside an IMMEDIATE transaction so two processes cannot fork the chain.
 * UPDATE and DELETE are refused by triggers (migration 0040); `verify` recomputes every link.
 */
import { createHash } from 'node:crypto';
import type { SqliteDb } from './sqlite-database';
import type {
  AuditEntry,
  AuditRecord,
  AuditTrail,
  AuditVerdict,
  OperatorPatch,
  OperatorRecord,
  OperatorRepository,
  SecurityStore,
} from './ports/security';
import type { Role } from '../../shared/access/roles';
import { AUDIT_GENESIS_HASH } from './migrations/0040-security';
import { sql, type SqlQuery } from './sql';
import { all, get, run } from './sql-exec';

interface OperatorRow extends Omit<OperatorRecord, 'active'> {
  active: number;
}

interface AuditRow extends Omit<AuditRecord, 'detail'> {
  detail: string;
}

/** Rows read per page while verifying (bounded memory on a long trail). */
const VERIFY_PAGE = 5_000;

const operatorOf = (r: OperatorRow): OperatorRecord => ({ ...r, active: r.active === 1 });

/**
 * The hash of an audit row: SHA-256 (hex) of the previous hash and the row's fields, in a fixed
 * order as a JSON array, so any change to any field (or to the order of rows) breaks the chain.
 */
export function auditHash(
  prev_hash: string,
  r: {
    seq: number;
    at: number;
    opter: string;
    role: string | null;
    action: string;
    target: string | null;
    detail: string;
  },
): string {
  const body = JSON.stringify([r.seq, r.at, r.opter, r.role, r.action, r.target, r.detail]);
  return createHash('sha256').update(prev_hash).update('\n').update(body).digest('hex');
}

/** Appends an audit row inside the caller's transaction; returns it. */
export function appendAuditRow(db: SqliteDb, e: AuditEntry): AuditRecord {
  const last = get<{ seq: number; hash: string }>(db, sql`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  const seq = (last?.seq ?? 0) + 1;
  const prev_hash = last?.hash ?? AUDIT_GENESIS_HASH;
  const detail = JSON.stringify(e.detail);
  const hash = auditHash(prev_hash, {
    seq,
    at: e.at,
    opter: e.opter,
    role: e.role,
    action: e.action,
    target: e.target,
    detail,
  });
  run(
    db,
    sql`INSERT INTO audit_log (seq, at, opter, role, action, target, detail, prev_hash, hash)
    VALUES (${seq}, ${e.at}, ${e.opter}, ${e.role}, ${e.action}, ${e.target}, ${detail}, ${prev_hash}, ${hash})`,
  );
  return { ...e, seq, prev_hash, hash };
}

/** Checks the chain of `db`'s audit trail, page by page. */
export function verifyAuditChain(db: SqliteDb): AuditVerdict {
  let prev = AUDIT_GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = all<AuditRow>(
      db,
      sql`SELECT * FROM audit_log WHERE seq >= ${expectedSeq} ORDER BY seq LIMIT ${VERIFY_PAGE}`,
    );
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { checked, broken: { seq: expectedSeq, reason: 'sequence_gap' } };
      if (r.prev_hash !== prev) return { checked, broken: { seq: r.seq, reason: 'prev_hash_mismatch' } };
      if (auditHash(prev, r) !== r.hash) return { checked, broken: { seq: r.seq, reason: 'hash_mismatch' } };
      prev = r.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < VERIFY_PAGE) break;
  }
  // A deleted tail cannot be seen from the rows alone; a gap in the middle can (above).
  return { checked, broken: null };
}

class SqliteAuditTrail implements AuditTrail {
  constructor(private readonly db: SqliteDb) {}

  async append(e: AuditEntry): Promise<AuditRecord> {
    return this.db.transaction(() => appendAuditRow(this.db, e)).immediate();
  }

  async verify(): Promise<AuditVerdict> {
    return verifyAuditChain(this.db);
  }

  async list(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return all<AuditRow>(this.db, sql`SELECT * FROM audit_log WHERE seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`).map(
      (r) => ({ ...r, role: r.role as Role | null, detail: JSON.parse(r.detail) as Record<string, unknown> }),
    );
  }
}

class SqliteOperatorRepository implements OperatorRepository {
  constructor(private readonly db: SqliteDb) {}

  async count(): Promise<number> {
    return get<{ n: number }>(this.db, sql`SELECT COUNT(*) AS n FROM operators`)?.n ?? 0;
  }

  async get(opter: string): Promise<OperatorRecord | null> {
    const r = get<OperatorRow>(this.db, sql`SELECT * FROM operators WHERE opter = ${opter}`);
    return r ? operatorOf(r) : null;
  }

  async list(): Promise<OperatorRecord[]> {
    return all<OperatorRow>(this.db, sql`SELECT * FROM operators ORDER BY opter`).map(operatorOf);
  }

  async add(r: OperatorRecord, audit: AuditEntry): Promise<void> {
    this.db
      .transaction(() => {
        run(
          this.db,
          sql`INSERT INTO operators (opter, opter_name, role, password_hash, active, failed_count, locked_until, created_at, updated_at)
        VALUES (${r.opter}, ${r.opter_name}, ${r.role}, ${r.password_hash}, ${r.active ? 1 : 0}, ${r.failed_count}, ${r.locked_until},
          ${r.created_at}, ${r.updated_at})`,
        );
        appendAuditRow(this.db, audit);
      })
      .immediate();
  }

  async update(opter: string, patch: OperatorPatch, now: number, audit: AuditEntry | null): Promise<boolean> {
    const sets: SqlQuery[] = [sql`updated_at = ${now}`];
    if (patch.opter_name !== undefined) sets.push(sql`opter_name = ${patch.opter_name}`);
    if (patch.role !== undefined) sets.push(sql`role = ${patch.role}`);
    if (patch.password_hash !== undefined) sets.push(sql`password_hash = ${patch.password_hash}`);
    if (patch.active !== undefined) sets.push(sql`active = ${patch.active ? 1 : 0}`);
    if (patch.failed_count !== undefined) sets.push(sql`failed_count = ${patch.failed_count}`);
    if (patch.locked_until !== undefined) sets.push(sql`locked_until = ${patch.locked_until}`);
    return this.db
      .transaction(() => {
        const n = run(this.db, sql`UPDATE operators SET ${sql.join(sets, ', ')} WHERE opter = ${opter}`);
        if (n > 0 && audit) appendAuditRow(this.db, audit);
        return n > 0;
      })
      .immediate();
  }
}

/** The security store on an opened, migrated database. */
export function securityStoreOn(db: SqliteDb): SecurityStore {
  return {
    operators: new SqliteOperatorRepository(db),
    audit: new SqliteAuditTrail(db),
    async settledBy(settlement_id) {
      const r = get<{ opter: string | null }>(
        db,
        sql`SELECT j.opter AS opter FROM settlements s JOIN journal j ON j.msgid = s.msgid
        WHERE s.settlement_id = ${settlement_id}`,
      );
      return r === undefined ? undefined : r.opter;
    },
  };
}

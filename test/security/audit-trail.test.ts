/**
 * The audit trail (S6): append-only in the database itself (UPDATE and DELETE fail, so rows are
 * kept for good, ≥ 180 days), hash-chained, and `npm run admin -- audit verify` names the first
 * row that breaks the chain after someone edits a row underneath (trigger dropped, raw SQL).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { auditHash, securityStoreOn } from '../../main/store/security-repository';
import { AUDIT_GENESIS_HASH } from '../../main/store/migrations/0040-security';
import { runAdmin, type AdminIo } from '../../main/app/admin-commands';

let dir: string;
let opened: OpenedStore | undefined;
afterEach(() => {
  opened?.close();
  opened = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;

async function trailWith(n: number): Promise<string> {
  dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
  opened = openSettlementStore(path.join(dir, 'adapter.db'));
  const audit = securityStoreOn(opened.db).audit;
  for (let i = 1; i <= n; i++) {
    await audit.append({
      at: 1_700_000_000_000 + i * DAY,
      opter: `C0${i % 3}`,
      role: 'cashier',
      action: i % 2 ? 'call.2207' : 'sign_in.ok',
      target: `M${i}`,
      detail: { i },
    });
  }
  opened.close();
  opened = undefined;
  return dir;
}

async function admin(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: AdminIo = {
    readStdin: async () => '',
    out: (l) => (out += `${l}\n`),
    err: (l) => (err += `${l}\n`),
    now: () => 1_800_000_000_000,
  };
  const code = await runAdmin(args, io);
  return { code, out, err };
}

function raw(d: string): Database.Database {
  return new Database(path.join(d, 'adapter.db'));
}

describe('audit trail', () => {
  it('chains each row to the one before (hand-checked first link)', async () => {
    const d = await trailWith(2);
    const db = raw(d);
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as {
      seq: number;
      at: number;
      opter: string;
      role: string;
      action: string;
      target: string;
      detail: string;
      prev_hash: string;
      hash: string;
    }[];
    db.close();
    expect(rows[0]?.prev_hash).toBe(AUDIT_GENESIS_HASH);
    expect(rows[0]?.detail).toBe('{"i":1}');
    expect(rows[0]?.hash).toBe(auditHash(AUDIT_GENESIS_HASH, rows[0]!));
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
  });

  it('refuses UPDATE and DELETE in the database, even of rows older than 180 days', async () => {
    const d = await trailWith(3);
    const db = raw(d);
    expect(() => db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE at < ?').run(1_800_000_000_000 - 180 * DAY)).toThrow(
      /append-only/,
    );
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 3 });
    db.close();
  });

  it('audit verify counts the rows of an intact chain and exits 0', async () => {
    const d = await trailWith(7);
    const r = await admin(['audit', 'verify', '--data', d]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('7 rows checked');
  });

  it('names the row edited underneath (trigger dropped, raw SQL) and exits non-zero', async () => {
    const d = await trailWith(6);
    const db = raw(d);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET opter = 'C99' WHERE seq = 4").run();
    db.close();
    const r = await admin(['audit', 'verify', '--data', d]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('3 rows checked');
    expect(r.err).toContain('chain broken at row 4 (hash_mismatch)');
  });

  it('names a row whose hash was recomputed to hide an edit: the next link breaks', async () => {
    const d = await trailWith(5);
    const db = raw(d);
    db.exec('DROP TRIGGER audit_log_no_update');
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Parameters<typeof auditHash>[1] & {
      prev_hash: string;
    };
    const forged = { ...row, detail: '{"i":999}' };
    db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2').run(
      forged.detail,
      auditHash(row.prev_hash, forged),
    );
    db.close();
    const r = await admin(['audit', 'verify', '--data', d]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('chain broken at row 3 (prev_hash_mismatch)');
  });

  it('names a row deleted from the middle', async () => {
    const d = await trailWith(5);
    const db = raw(d);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    db.close();
    const r = await admin(['audit', 'verify', '--data', d]);
    expect(r.err).toContain('chain broken at row 2 (sequence_gap)');
  });

  it('exports the whole trail for an auditor as JSON lines', async () => {
    const d = await trailWith(4);
    const out = path.join(d, 'audit.jsonl');
    expect((await admin(['audit', 'export', '--data', d, '--out', out])).code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; detail: { i: number } });
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(lines[3]?.detail).toEqual({ i: 4 });
  });

  it('answers bad usage with exit 2', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    expect((await admin(['audit', 'verify'])).code).toBe(2);
    expect((await admin(['audit', 'fix', '--data', dir])).code).toBe(2);
  });
});

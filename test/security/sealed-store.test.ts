/**
 * Personal data at rest (S3/S4) on real SQLite files: migration 0040's schema; a plaintext
 * database of an older version taken over (every personal-data column sealed, the file VACUUMed,
 * the WAL emptied, so no byte of the canary remains); the inbox still found by ID number through
 * the blind index; a lost key refused (KEY_UNAVAILABLE), never replaced by a new one; the key file
 * 0600 in a 0700 folder; the cipher a round trip for any text and never the same bytes twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openSettlementStore } from '../../main/store/sqlite-settlement-store';
import { openSqlite } from '../../main/store/sqlite-database';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';
import { MIGRATIONS } from '../../main/store/migrations/index';
import { openSecureStore } from '../../main/app/secure-store';
import { createFieldCipher } from '../../main/security/field-cipher';
import { keyFilePath } from '../../main/security/data-key';
import type { VisitRecord } from '../../main/store/ports/records';

const CANARY_ID = '43010219880808555X';
const CANARY_NAME = '金雀测试';
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const visit = (id: string): VisitRecord => ({
  visit_id: id,
  kind: 'outpatient',
  psn_no: 'P1',
  insutype: '310',
  med_type: '11',
  insuplc_admdvs: '430100',
  region_kind: 'cross_province',
  mdtrt_cert_type: '02',
  mdtrt_cert_no: CANARY_ID,
  card_sn: null,
  mdtrt_id: null,
  ipt_otp_no: 'MZ1',
  begntime: '2026-11-20 09:00:00',
  endtime: null,
  dise_codg: 'I10',
  dise_name: '高血压',
  chrg_bchno: null,
  batch_seq: 0,
  state: 'opening',
  eligibility: { psn_name: CANARY_NAME },
  details: { psn_name: CANARY_NAME },
  created_at: 1,
  updated_at: 1,
});

/** Writes an older (unsealed) store: persons, a visit, an inbox bill and settlement figures, all plaintext. */
async function plaintextStore(d: string): Promise<void> {
  const old = openSettlementStore(path.join(d, 'adapter.db'));
  await old.store.persons.save({
    psn_no: 'P1',
    baseinfo: { psn_name: CANARY_NAME, certno: CANARY_ID },
    insuinfo: [],
    extra: {},
    identified_at: 1,
  });
  await old.store.visits.createOpening(visit('V1'), {
    call_id: 'C1',
    msgid: 'M1',
    infno: '2201',
    request: '{}',
    created_at: 1,
  });
  await old.store.inbox.push({
    inbox_id: 'I1',
    his_visit_id: null,
    visit_id: null,
    kind: 'outpatient',
    certno: CANARY_ID,
    psn_no: null,
    payload: { psn_name: CANARY_NAME },
    state: 'waiting',
    created_at: 1,
  } as never);
  old.close();
}

function bytesUnder(d: string): Buffer[] {
  return ['adapter.db', 'adapter.db-wal', 'adapter.db-shm']
    .map((f) => path.join(d, f))
    .filter(existsSync)
    .map((f) => readFileSync(f));
}

describe('migration 0040-security', () => {
  it('brings the schema from 30 to 40: STRICT roster and audit tables, the journal operator, the sealed inbox ID', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'm0040-'));
    const db = openSqlite(path.join(dir, 'a.db'));
    migrate(db, 30);
    expect(MIGRATIONS.map((m) => m.version)).toContain(40);
    expect(migrate(db, 40)).toEqual([40]);
    expect(schemaVersion(db)).toBe(40);
    const strict = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE name IN ('operators','audit_log','seal_state') ORDER BY name",
      )
      .all();
    expect(strict).toEqual([
      { name: 'audit_log', strict: 1 },
      { name: 'operators', strict: 1 },
      { name: 'seal_state', strict: 1 },
    ]);
    expect(db.prepare('SELECT id, sealed_at FROM seal_state').all()).toEqual([{ id: 1, sealed_at: null }]);
    expect(
      (db.prepare('SELECT name FROM pragma_table_info(?)').all('journal') as { name: string }[]).map((c) => c.name),
    ).toContain('opter');
    expect(
      (db.prepare('SELECT name FROM pragma_table_info(?)').all('inbox') as { name: string }[]).map((c) => c.name),
    ).toContain('certno_sealed');
    expect(() =>
      db
        .prepare(
          "INSERT INTO operators (opter, opter_name, role, password_hash, created_at, updated_at) VALUES ('A', 'a', 'boss', 'h', 1, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO audit_log (seq, at, opter, action, detail, prev_hash, hash) VALUES (1, 1, 'a', 'x', '{}', 'short', 'short')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});

describe('personal data sealed at rest', () => {
  it('takes over a plaintext store: seals every column, VACUUMs, and no canary byte is left in the db, -wal or -shm', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'seal-'));
    await plaintextStore(dir);
    expect(Buffer.concat(bytesUnder(dir)).includes(Buffer.from(CANARY_ID))).toBe(true); // the test can fail

    const s = openSecureStore(dir, () => undefined);
    expect(s.sealedAtStart).toBeGreaterThanOrEqual(8);
    // Read back through the same ports, unchanged.
    expect((await s.store.persons.get('P1'))?.baseinfo).toEqual({ psn_name: CANARY_NAME, certno: CANARY_ID });
    expect(await s.store.visits.get('V1')).toMatchObject({
      mdtrt_cert_no: CANARY_ID,
      dise_name: '高血压',
      details: { psn_name: CANARY_NAME },
    });
    const found = await s.store.inbox.forPatient({ certno: CANARY_ID }, 10);
    expect(found.map((r) => [r.inbox_id, r.certno])).toEqual([['I1', CANARY_ID]]);
    // New writes are sealed too.
    await s.store.persons.save({
      psn_no: 'P2',
      baseinfo: { psn_name: CANARY_NAME },
      insuinfo: [],
      extra: {},
      identified_at: 2,
    });
    s.db.pragma('wal_checkpoint(PASSIVE)');
    for (const b of bytesUnder(dir)) {
      expect(b.includes(Buffer.from(CANARY_ID))).toBe(false);
      expect(b.includes(Buffer.from(CANARY_ID.slice(0, 17)))).toBe(false);
      expect(b.includes(Buffer.from(CANARY_NAME))).toBe(false);
    }
    s.close();
    // A second start finds nothing left to seal.
    const again = openSecureStore(dir, () => undefined);
    expect(again.sealedAtStart).toBe(0);
    expect(again.db.prepare('SELECT sealed_at IS NOT NULL AS done FROM seal_state').get()).toEqual({ done: 1 });
    again.close();
  });

  it('keeps the key in a 0600 file in a 0700 folder; a lost key is refused, never replaced', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'seal-'));
    const s = openSecureStore(dir, () => undefined);
    await s.store.persons.save({
      psn_no: 'P1',
      baseinfo: { psn_name: CANARY_NAME },
      insuinfo: [],
      extra: {},
      identified_at: 1,
    });
    s.close();
    const key = keyFilePath(dir);
    expect((statSync(key).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(path.dirname(key)).mode & 0o777).toString(8)).toBe('700');
    expect((statSync(path.join(dir, 'adapter.db')).mode & 0o777).toString(8)).toBe('600');
    unlinkSync(key);
    expect(() => openSecureStore(dir, () => undefined)).toThrow(expect.objectContaining({ code: 'KEY_UNAVAILABLE' }));
    expect(existsSync(key)).toBe(false);
    // Without any key the sealed rows cannot be read through the ports either.
    const bare = openSettlementStore(path.join(dir, 'adapter.db'));
    await expect(bare.store.persons.get('P1')).rejects.toMatchObject({ code: 'KEY_UNAVAILABLE' });
    bare.close();
  });
});

describe('field cipher', () => {
  const c = createFieldCipher(randomBytes(32));
  it('opens what it sealed, for any text, and never seals the same text to the same bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => {
        const a = c.seal(t);
        expect(c.open(a)).toBe(t);
        expect(a).not.toBe(c.seal(t));
        expect(a.startsWith('enc1:')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a value sealed with another key or altered', () => {
    const other = createFieldCipher(randomBytes(32));
    expect(() => other.open(c.seal('x'))).toThrow(expect.objectContaining({ code: 'KEY_UNAVAILABLE' }));
    const s = c.seal('hello world');
    const flipped = `${s.slice(0, -2)}${s.endsWith('A') ? 'B' : 'A'}${s.slice(-1)}`;
    expect(() => c.open(flipped)).toThrow(expect.objectContaining({ code: 'KEY_UNAVAILABLE' }));
  });

  it('gives a deterministic blind index per key that differs between keys', () => {
    expect(c.index(CANARY_ID)).toBe(c.index(CANARY_ID));
    expect(c.index(CANARY_ID)).not.toBe(c.index('43010219880808556X'));
    expect(createFieldCipher(randomBytes(32)).index(CANARY_ID)).not.toBe(c.index(CANARY_ID));
    expect(c.index(CANARY_ID)).not.toContain(CANARY_ID);
  });
});

/**
 * Operators through the HIS API, as an outside check drives them (docs/his-api.md "Operators"): the roster
 * is made with the admin command while the service runs, then requests name their operator in the
 * body or the X-Opter header. Shown here: the configured operator acts while there is no roster;
 * 401 OPERATOR_REQUIRED / OPERATOR_UNKNOWN; the operator in the journal and the upstream envelope;
 * a cashier refused another's cancel and IT actions (403 ROLE_REQUIRED naming the role); a
 * supervisor's cancel; `audit verify` passing; no canary ID number or name in any byte under the
 * data folder (database, -wal, -shm, logs, bundle); files 0600 and folders 0700; and the whole run
 * under an egress guard that records any connection other than to the configured platform (S2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSandboxOn, startServe, type ManagedProcess } from '../support/managed-process';
import { idWithCheck, RETURN_HOME_PERSON, writeTestScenario } from '../support/test-scenario';
import { hisApi, type HisApi } from '../support/his-api-client';
import { runAdminCommand } from '../support/admin-command';
import { REPO_ROOT } from '../support/sandbox-process';
import { ctAndLiverBill, DEMO_HOSPITAL, HIS_TOKEN, PATIENTS, writeConfig } from '../integration/settlement-env';

const CANARY_ID = idWithCheck('43010219880808666');
const CANARY_NAME = '雀鸟金测';
const EGRESS_GUARD = path.join(REPO_ROOT, 'test', 'support', 'egress-guard.mjs');

let root: string;
let dataDir: string;
let egressLog: string;
let sandbox: ManagedProcess;
let serve: ManagedProcess;
let api: HisApi;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'operators-'));
  const canary = {
    ...RETURN_HOME_PERSON,
    psn_no: 'CANARY0002',
    certno: CANARY_ID,
    psn_name: CANARY_NAME,
    ec_token: 'ec-canary-op-1',
    brdy: '1988-08-08',
    insurances: [{ ...RETURN_HOME_PERSON.insurances[0], insuplc_admdvs: '430100' }],
    registrations: [
      { kind: 'long_term', insutype: '310', mdtrtarea_admdvs: '410200', begndate: '2025-01-01', enddate: null },
    ],
  };
  sandbox = await startSandboxOn(path.join(root, 'sandbox'), writeTestScenario([canary]));
  const upstream = new URL(sandbox.found.url ?? '');
  egressLog = path.join(root, 'egress.log');
  const config = writeConfig(path.join(root, 'adapter'), DEMO_HOSPITAL, upstream.origin, 3000);
  dataDir = path.join(root, 'adapter', 'data');
  serve = await startServe(config, {
    nodeArgs: ['--import', EGRESS_GUARD],
    env: { EGRESS_ALLOW: `127.0.0.1:${upstream.port}`, EGRESS_LOG: egressLog },
  });
  api = hisApi(serve.found.api ?? '', HIS_TOKEN);
});
afterAll(async () => {
  await serve?.stop();
  await sandbox?.stop();
  rmSync(root, { recursive: true, force: true });
});

type Err = { error?: { code: string; role_needed?: string; detail?: { role_needed?: string } } };

function journalRows(sqlText: string, ...params: unknown[]): Record<string, unknown>[] {
  const db = new Database(path.join(dataDir, 'adapter.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sqlText).all(...params) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Opens, bills and settles a visit of `who` as `opter`; returns the settlement id. */
async function settleAs(
  opter: string | null,
  who: { psn_no: string; certno: string; insutype: string },
  no: string,
): Promise<string> {
  const as = opter ? { opter, opter_name: `name-${opter}` } : {};
  const v = await api.post<{ visit_id: string } & Err>('/api/v1/visits', {
    kind: 'outpatient',
    psn_no: who.psn_no,
    insutype: who.insutype,
    med_type: '11',
    mdtrt_cert_type: '02',
    mdtrt_cert_no: who.certno,
    ipt_otp_no: no,
    begntime: '2026-11-20 09:00:00',
    ...as,
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const f = await api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no), ...as });
  expect(f.status).toBe(200);
  const s = await api.post<{ state: string; settlement_id: string }>(`/api/v1/visits/${v.body.visit_id}/settle`, {
    acct_used_flag: '0',
    ...as,
  });
  expect(s.body.state).toBe('settled');
  return s.body.settlement_id;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? [path.join(dir, d.name), ...filesUnder(path.join(dir, d.name))] : [path.join(dir, d.name)],
  );
}

describe('operators at the HIS API (docs/his-api.md "Operators")', () => {
  it('without a roster, requests need no operator and the configured one goes into the envelope and the journal', async () => {
    const id = await settleAs(null, PATIENTS.longTerm, 'NR-1');
    const [row] = journalRows(
      'SELECT j.opter, j.request FROM journal j JOIN settlements s ON s.msgid = j.msgid WHERE s.settlement_id = ?',
      id,
    );
    expect(row?.opter).toBe('T001');
    expect((JSON.parse(String(row?.request)) as { opter: string }).opter).toBe('T001');
  });

  it('IT makes the roster with the admin command (password on stdin), each change audited', async () => {
    const add = (opter: string, name: string, role: string, viaNpm = false) =>
      runAdminCommand(
        ['operator', 'add', '--opter', opter, '--name', name, '--role', role, '--data', dataDir],
        'correct-horse-1\n',
        viaNpm,
      );
    expect((await add('C01', '收费员甲', 'cashier', true)).code).toBe(0);
    expect((await add('C02', '收费员乙', 'cashier')).code).toBe(0);
    expect((await add('S01', '主管丙', 'supervisor')).code).toBe(0);
    expect((await add('I01', '信息科丁', 'it_admin')).code).toBe(0);
    const dup = await add('C01', '重复', 'cashier');
    expect(dup.code).toBe(1);
    const short = await runAdminCommand(
      ['operator', 'add', '--opter', 'C09', '--name', 'x', '--role', 'cashier', '--data', dataDir],
      'short\n',
    );
    expect(short.stderr).toContain('PASSWORD_WEAK');
    const badRole = await runAdminCommand(
      ['operator', 'add', '--opter', 'C09', '--name', 'x', '--role', 'boss', '--data', dataDir],
      'correct-horse-1\n',
    );
    expect(badRole.code).toBe(2);
    const list = await runAdminCommand(['operator', 'list', '--json', '--data', dataDir]);
    expect((JSON.parse(list.stdout) as { opter: string; role: string }[]).map((o) => `${o.opter}:${o.role}`)).toEqual([
      'C01:cashier',
      'C02:cashier',
      'I01:it_admin',
      'S01:supervisor',
    ]);
    expect(list.stdout).not.toContain('scrypt');
    const added = journalRows("SELECT action, target, opter FROM audit_log WHERE action = 'operator.add' ORDER BY seq");
    expect(added.map((r) => r.target)).toEqual(['C01', 'C02', 'S01', 'I01']);
    expect(added.every((r) => r.opter === 'admin-cli')).toBe(true);
  });

  it('with a roster, a request without an active operator is refused 401', async () => {
    const none = await api.post<Err>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.longTerm.certno,
    });
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('OPERATOR_REQUIRED');
    const unknown = await api.post<Err>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.longTerm.certno,
      opter: 'NOPE',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.code).toBe('OPERATOR_UNKNOWN');
    expect((await api.get<Err>('/api/v1/inbox')).body.error?.code).toBe('OPERATOR_REQUIRED');
    expect(
      (
        await api.call('GET', '/api/v1/inbox', undefined, {
          'X-Opter': 'C01',
          'X-Opter-Name': encodeURIComponent('收费员甲'),
        })
      ).status,
    ).toBe(200);
    expect((await api.get('/api/v1/health')).status).toBe(200);
  });

  it("puts the operator in the envelope and the journal; a cashier is refused another's cancel, a supervisor may", async () => {
    const who = await api.post<{ psn_no: string }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: CANARY_ID,
      opter: 'C01',
    });
    expect(who.status).toBe(200);
    const id = await settleAs('C01', { psn_no: who.body.psn_no, certno: CANARY_ID, insutype: '310' }, 'OP-1');
    const rows = journalRows(
      'SELECT j.infno, j.opter, j.request FROM journal j JOIN settlements s ON s.visit_id = j.visit_id WHERE s.settlement_id = ? ORDER BY j.created_at',
      id,
    );
    expect(rows.map((r) => r.infno)).toEqual(expect.arrayContaining(['2201', '2204', '2207']));
    for (const r of rows) {
      expect(r.opter).toBe('C01');
      expect((JSON.parse(String(r.request)) as { opter: string }).opter).toBe('C01');
    }

    const refused = await api.post<Err>(`/api/v1/settlements/${id}/cancel`, {
      scope: 'visit',
      reason: '患者要求',
      opter: 'C02',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('ROLE_REQUIRED');
    expect(refused.body.error?.detail?.role_needed).toBe('supervisor');
    expect(refused.body.error?.role_needed).toBe('supervisor');
    expect(
      (
        await api
          .get<{ state: string }>(`/api/v1/settlements/${id}`)
          .then(() => api.call<{ state: string }>('GET', `/api/v1/settlements/${id}`, undefined, { 'X-Opter': 'C01' }))
      ).body.state,
    ).toBe('settled');

    const cancelled = await api.post<{ state: string }>(`/api/v1/settlements/${id}/cancel`, {
      scope: 'visit',
      reason: '患者要求',
      opter: 'S01',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    const c = journalRows("SELECT opter FROM journal WHERE infno = '2208' ORDER BY created_at DESC LIMIT 1");
    expect(c[0]?.opter).toBe('S01');
  });

  it('a cashier may cancel their own settlement', async () => {
    const id = await settleAs('C02', PATIENTS.referral, 'OP-2');
    const own = await api.post<{ state: string }>(`/api/v1/settlements/${id}/cancel`, {
      scope: 'visit',
      reason: '收费错误',
      opter: 'C02',
    });
    expect(own.status).toBe(200);
    expect(own.body.state).toBe('cancelled');
  });

  it('a reconciliation fix is for a supervisor only', async () => {
    const fix = { action: 'adopt', reason: '平台已结算，本地补记' };
    const asCashier = await api.post<Err>('/api/v1/reconciliations/R-NONE/differences/D-NONE/fix', {
      ...fix,
      opter: 'C01',
    });
    expect(asCashier.status).toBe(403);
    expect(asCashier.body.error?.code).toBe('ROLE_REQUIRED');
    expect(asCashier.body.error?.role_needed).toBe('supervisor');
    // A supervisor passes the gate; this difference does not exist, so the service answers for it.
    const asSupervisor = await api.post<Err>('/api/v1/reconciliations/R-NONE/differences/D-NONE/fix', {
      ...fix,
      opter: 'S01',
    });
    expect(asSupervisor.status).not.toBe(403);
    expect(asSupervisor.body.error?.code).not.toBe('ROLE_REQUIRED');
  });

  it('catalog and mapping changes are for IT only', async () => {
    const asCashier = await api.call<Err>('POST', '/api/v1/catalog/sync', '{}', { 'X-Opter': 'C01' });
    expect(asCashier.status).toBe(403);
    expect(asCashier.body.error?.detail?.role_needed).toBe('it_admin');
    const asSupervisor = await api.call<Err>('PUT', '/api/v1/mappings/CT64', {
      med_list_codg: '002104000010000',
      opter: 'S01',
    });
    expect(asSupervisor.body.error?.code).toBe('ROLE_REQUIRED');
    const imp = await api.call<Err>('POST', '/api/v1/mappings/import?format=csv', 'a,b\n', {
      'X-Opter': 'C01',
      'Content-Type': 'text/csv',
    });
    expect(imp.body.error?.code).toBe('ROLE_REQUIRED');
    expect((await api.call('POST', '/api/v1/catalog/sync', '{}', { 'X-Opter': 'I01' })).status).toBe(202);
  });

  it('a disabled operator is refused; a reset password re-enables', async () => {
    expect((await runAdminCommand(['operator', 'disable', '--opter', 'C02', '--data', dataDir])).code).toBe(0);
    expect((await api.call<Err>('GET', '/api/v1/inbox', undefined, { 'X-Opter': 'C02' })).body.error?.code).toBe(
      'OPERATOR_UNKNOWN',
    );
    expect(
      (await runAdminCommand(['operator', 'reset-password', '--opter', 'C02', '--data', dataDir], 'another-pass-2\n'))
        .code,
    ).toBe(0);
    expect((await api.call('GET', '/api/v1/inbox', undefined, { 'X-Opter': 'C02' })).status).toBe(200);
  });

  it('audit verify passes and the trail has one row per money attempt, naming the operator', async () => {
    const v = await runAdminCommand(['audit', 'verify', '--data', dataDir]);
    expect(v.code, v.stderr).toBe(0);
    const audit = journalRows('SELECT action, opter, target FROM audit_log ORDER BY seq');
    expect(v.stdout).toContain(`${audit.length} rows checked`);
    const settles = journalRows("SELECT msgid FROM journal WHERE infno IN ('2207','2208') ORDER BY created_at");
    const audited = audit.filter((r) => r.action === 'call.2207' || r.action === 'call.2208');
    expect(audited.map((r) => r.target).sort()).toEqual(settles.map((r) => r.msgid).sort());
    expect(audit.filter((r) => r.action === 'call.2207').map((r) => r.opter)).toEqual(['T001', 'C01', 'C02']);
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['operator.disable', 'operator.reset_password']));
    expect(() => journalRows('DELETE FROM audit_log WHERE seq = 1')).toThrow();
  });

  it('leaves no canary ID number or name in any byte under the data folder; files 0600, folders 0700', async () => {
    const ui = new URL(serve.found.ui ?? '');
    const uiToken = new URLSearchParams(ui.hash.slice(1)).get('token') ?? '';
    const bundle = await fetch(`${ui.origin}/bridge/diagnosticBundle`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${uiToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(bundle.status).toBeLessThan(500);
    const entries = filesUnder(dataDir);
    const files = entries.filter((f) => statSync(f).isFile());
    expect(files.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['adapter.db', 'adapter.db-wal', 'adapter.db-shm', 'data.key']),
    );
    const needles = [CANARY_ID, CANARY_ID.slice(0, 17), CANARY_NAME].map((s) => Buffer.from(s, 'utf8'));
    let sealedSeen = false;
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const n of needles) expect(bytes.indexOf(n), `${path.relative(dataDir, f)} holds a canary`).toBe(-1);
      if (bytes.includes(Buffer.from('enc1:'))) sealedSeen = true;
    }
    expect(sealedSeen).toBe(true);
    for (const e of entries.filter((f) => !f.includes(`${path.sep}ui${path.sep}`) && !f.endsWith(`${path.sep}ui`))) {
      expect((statSync(e).mode & 0o777).toString(8), path.relative(dataDir, e)).toBe(
        statSync(e).isDirectory() ? '700' : '600',
      );
    }
  });

  it('never puts the data key in the config, the logs, the database, the bundle or a bridge answer (S4)', async () => {
    const key = readFileSync(path.join(dataDir, 'keys', 'data.key'));
    expect(key).toHaveLength(32);
    const forms = [
      key,
      Buffer.from(key.toString('hex')),
      Buffer.from(key.toString('base64')),
      Buffer.from(key.toString('base64url')),
    ];
    const ui = new URL(serve.found.ui ?? '');
    const uiToken = new URLSearchParams(ui.hash.slice(1)).get('token') ?? '';
    const answers: string[] = [];
    for (const m of ['getSettings', 'whoAmI', 'health', 'diagnosticBundle']) {
      const r = await fetch(`${ui.origin}/bridge/${m}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${uiToken}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      answers.push(await r.text());
    }
    const others = filesUnder(path.join(root, 'adapter')).filter(
      (f) => statSync(f).isFile() && !f.endsWith(path.join('keys', 'data.key')),
    );
    expect(others.some((f) => f.endsWith('config.json'))).toBe(true);
    for (const bytes of [...others.map((f) => readFileSync(f)), ...answers.map((a) => Buffer.from(a))]) {
      for (const form of forms) expect(bytes.includes(form)).toBe(false);
    }
  });

  it('made no connection outside the configured platform (egress guard)', () => {
    expect(existsSync(egressLog) ? readFileSync(egressLog, 'utf8') : '').toBe('');
    // The guard was armed and saw the real traffic: every connection went to the platform.
    const allowed = readFileSync(`${egressLog}.ok`, 'utf8').trim().split('\n');
    expect(allowed.length).toBeGreaterThan(3);
    expect(new Set(allowed)).toEqual(new Set([`127.0.0.1:${new URL(sandbox.found.url ?? '').port}`]));
  });
});

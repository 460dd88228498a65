/**
 * Personal data never leaks into logs, the journal or the diagnostic bundle (S3): a canary ID
 * number and name are planted in the scenario, a patient is identified and settled, and every
 * byte of those outputs is searched for them. (The database's personal-data columns are sealed at
 * rest; test/security/operators-his-api.test.ts searches every byte under the data folder.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSandboxOn, startServe, type ManagedProcess } from '../support/managed-process';
import { idWithCheck, RETURN_HOME_PERSON, writeTestScenario } from '../support/test-scenario';
import { hisApi } from '../support/his-api-client';
import { maskIdNumber } from '../../shared/redact';
import { ctAndLiverBill, DEMO_HOSPITAL, HIS_TOKEN, writeConfig } from './settlement-env';

const CANARY_ID = idWithCheck('43010219880808777');
const CANARY_NAME = '金丝雀测';
const CANARY_TOKEN = 'ec-canary-7f3a9';
const CANARY_BRDY = '1988-08-08';
const CANARY_PSN_NO = 'CANARY0001';
/** The canary's account balance (RETURN_HOME_PERSON's insurance row). */
const CANARY_BALANCE = '500.00';

let root: string;
let sandbox: ManagedProcess;
let serve: ManagedProcess;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'canary-'));
  const canary = {
    ...RETURN_HOME_PERSON,
    psn_no: 'CANARY0001',
    certno: CANARY_ID,
    psn_name: CANARY_NAME,
    ec_token: CANARY_TOKEN,
    brdy: '1988-08-08',
    insurances: [{ ...RETURN_HOME_PERSON.insurances[0], insuplc_admdvs: '430100' }],
    registrations: [
      { kind: 'long_term', insutype: '310', mdtrtarea_admdvs: '410200', begndate: '2025-01-01', enddate: null },
    ],
  };
  const scenario = writeTestScenario([canary]);
  sandbox = await startSandboxOn(path.join(root, 'sandbox'), scenario);
  serve = await startServe(writeConfig(path.join(root, 'adapter'), DEMO_HOSPITAL, sandbox.found.url ?? '', 3000));
});
afterAll(async () => {
  await serve?.stop();
  await sandbox?.stop();
  rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
}

describe('canary personal data', () => {
  it('is absent from logs, the journal and the diagnostic bundle after a full settlement', async () => {
    const api = hisApi(serve.found.api ?? '', HIS_TOKEN);
    const who = await api.post<{ psn_no: string; psn_name: string }>('/api/v1/patients/identify', {
      mdtrt_cert_type: '01',
      mdtrt_cert_no: CANARY_TOKEN,
    });
    expect(who.body.psn_name).toBe(CANARY_NAME); // the HIS itself gets the data it asked for
    const v = await api.post<{ visit_id: string }>('/api/v1/visits', {
      kind: 'outpatient',
      psn_no: who.body.psn_no,
      insutype: '310',
      med_type: '11',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: CANARY_ID,
      ipt_otp_no: 'MZ-CAN-1',
      begntime: '2026-11-20 09:00:00',
    });
    expect(v.status).toBe(201);
    await api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill('CAN') });
    const s = await api.post<{ state: string }>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '1' });
    expect(s.body.state).toBe('settled');
    // A bad ID number in a request, so the error path is covered too.
    await api.post('/api/v1/patients/identify', { mdtrt_cert_type: '02', mdtrt_cert_no: `${CANARY_ID.slice(0, 17)}0` });

    const ui = new URL(serve.found.ui ?? '');
    const uiToken = new URLSearchParams(ui.hash.slice(1)).get('token') ?? '';
    const bundle = await fetch(`${ui.origin}/bridge/diagnosticBundle`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${uiToken}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const b = (await bundle.json()) as { ok: boolean; value: { saved_to: string } };
    expect(b.ok).toBe(true);

    const dataDir = path.join(root, 'adapter', 'data');
    const texts = [...filesUnder(path.join(dataDir, 'logs')), b.value.saved_to].map((f) => readFileSync(f, 'utf8'));
    expect(texts.join('').length).toBeGreaterThan(1000);
    const db = new Database(path.join(dataDir, 'adapter.db'), { readonly: true });
    const journal = (
      db.prepare('SELECT request, response, err_msg, late_response FROM journal').all() as Record<
        string,
        string | null
      >[]
    )
      .map((r) => JSON.stringify(r))
      .join('\n');
    db.close();
    expect(journal).toContain('1101');
    // The journal did carry the person — masked, which is what makes the search meaningful.
    expect(journal).toContain(maskIdNumber(CANARY_ID));
    writeFileSync(path.join(root, 'journal.txt'), journal);
    for (const text of [...texts, journal]) {
      expect(text).not.toContain(CANARY_ID);
      expect(text).not.toContain(CANARY_ID.slice(0, 17));
      expect(text).not.toContain(CANARY_NAME);
      expect(text).not.toContain(CANARY_TOKEN);
      // Issue 13 item 3: the birth date beside a masked ID number gives the number back.
      expect(text).not.toContain(CANARY_BRDY);
      expect(text).not.toContain(CANARY_BRDY.replaceAll('-', ''));
    }
    // Issue 14 item 9: the bundle, which leaves the site, holds no psn_no and no balance either.
    const bundleText = readFileSync(b.value.saved_to, 'utf8');
    expect(bundleText).toContain('1101');
    expect(bundleText).not.toContain(CANARY_PSN_NO);
    expect(bundleText).not.toContain(CANARY_BALANCE);
    expect(bundleText).not.toMatch(/"balc"\s*:\s*"?\d/);
  });

  it('the window bridge answers identify with the age, not the birth date, and getVisit with the name masked', async () => {
    const ui = new URL(serve.found.ui ?? '');
    const uiToken = new URLSearchParams(ui.hash.slice(1)).get('token') ?? '';
    const call = async <T>(method: string, body: unknown): Promise<T> => {
      const r = await fetch(`${ui.origin}/bridge/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${uiToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return ((await r.json()) as { value: T }).value;
    };
    const p = await call<{ psn_name: string; certno: string; brdy: string; age?: string }>('identify', {
      mdtrt_cert_type: '01',
      mdtrt_cert_no: CANARY_TOKEN,
    });
    expect(JSON.stringify(p)).not.toContain(CANARY_BRDY);
    expect(p.brdy).toBe('****-**-**');
    expect(p.certno).toBe(maskIdNumber(CANARY_ID));
    expect(p.psn_name).toBe('金***');
    // Born 1988-08-08: 38 from 2026-08-08 on, 37 before (the run's own date decides).
    expect(['37', '38', '39', '40']).toContain(p.age);
    const api = hisApi(serve.found.api ?? '', HIS_TOKEN);
    const v = await api.post<{ visit_id: string }>('/api/v1/visits', {
      kind: 'outpatient',
      psn_no: 'CANARY0001',
      insutype: '310',
      med_type: '11',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: CANARY_ID,
      ipt_otp_no: 'MZ-CAN-2',
      begntime: '2026-11-20 09:00:00',
    });
    const visit = await call<{ psn_name: string }>('getVisit', { visit_id: v.body.visit_id });
    expect(visit.psn_name).toBe('金***');
  });
});

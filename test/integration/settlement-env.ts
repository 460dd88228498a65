/**
 * The environment of the settlement integration tests: a real sandbox process with the test
 * scenario, a config file pointing at it, and the adapter's real `serve` process — talking over
 * HTTP on 127.0.0.1 with real SQLite files in temp folders.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSandboxOn, startServe, type ManagedProcess } from '../support/managed-process';
import { writeTestScenario } from '../support/test-scenario';
import { hisApi, type HisApi } from '../support/his-api-client';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { egressGuarded, egressViolations } from '../support/egress';

export const HIS_TOKEN = 'test-token-0123456789abcdef';

/** An institution of the demo scenario. */
export interface Institution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly mdtrtarea_admvs: string;
}

export const DEMO_HOSPITAL: Institution = {
  fixmedins_code: 'H41020200011',
  fixmedins_name: '开封市示范第一医院',
  mdtrtarea_admvs: '410202',
};
export const DEMO_PHARMACY: Institution = {
  fixmedins_code: 'P41020200105',
  fixmedins_name: '开封示范大药房',
  mdtrtarea_admvs: '410202',
};

export interface SettlementEnv {
  readonly api: HisApi;
  readonly sandboxUrl: string;
  readonly dataDir: string;
  readonly sandboxDir: string;
  readonly scenario: string;
  sandbox: ManagedProcess;
  serve: ManagedProcess;
  /** The fault proxy between adapter and sandbox, when started with `viaProxy`. */
  readonly proxy: FaultProxy | null;
  /** Rows of the adapter's journal (read-only connection to the real file). */
  journal(visit_id: string): { infno: string; msgid: string; state: string }[];
  /** A second adapter (its own data folder) for another institution, on the same sandbox. */
  adapterFor(institution: Institution): Promise<HisApi>;
  close(): Promise<void>;
}

/** Writes a config file for an adapter of `institution` on `upstreamUrl`; returns its path. */
export function writeConfig(dir: string, institution: Institution, upstreamUrl: string, timeout_ms: number): string {
  mkdirSync(dir, { recursive: true });
  const configPath = path.join(dir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      institution,
      upstream: { url: upstreamUrl, timeout_ms },
      operator: { opter: 'T001', opter_name: '测试收费员' },
      his_api: { port: 0, token: HIS_TOKEN },
      data_dir: path.join(dir, 'data'),
    }),
  );
  return configPath;
}

/** Starts sandbox + adapter; `timeout_ms` is the upstream deadline D. */
export async function startSettlementEnv(
  opts: { timeout_ms?: number; viaProxy?: boolean } = {},
): Promise<SettlementEnv> {
  const root = mkdtempSync(path.join(tmpdir(), 'adapter-it-'));
  const scenario = writeTestScenario();
  const sandboxDir = path.join(root, 'sandbox');
  const sandbox = await startSandboxOn(sandboxDir, scenario);
  const sandboxUrl = sandbox.found.url ?? '';
  const timeout = opts.timeout_ms ?? 3000;
  const proxy = opts.viaProxy ? await startFaultProxy(Number(new URL(sandboxUrl).port)) : null;
  const configPath = writeConfig(path.join(root, 'adapter'), DEMO_HOSPITAL, proxy ? proxy.url : sandboxUrl, timeout);
  const dataDir = path.join(root, 'adapter', 'data');
  // S2: the adapter runs under the egress guard; closing the env fails on any other connection.
  const guard = egressGuarded([proxy ? proxy.url : sandboxUrl], root);
  const serve = await startServe(configPath, guard);
  const others: ManagedProcess[] = [];
  const env: SettlementEnv = {
    api: hisApi(serve.found.api ?? '', HIS_TOKEN),
    sandboxUrl,
    dataDir,
    sandboxDir,
    scenario,
    sandbox,
    serve,
    proxy,
    journal(visit_id) {
      const db = new Database(path.join(dataDir, 'adapter.db'), { readonly: true, fileMustExist: true });
      try {
        return db
          .prepare('SELECT infno, msgid, state FROM journal WHERE visit_id = ? ORDER BY created_at, rowid')
          .all(visit_id) as { infno: string; msgid: string; state: string }[];
      } finally {
        db.close();
      }
    },
    async adapterFor(institution) {
      const other = await startServe(
        writeConfig(path.join(root, institution.fixmedins_code), institution, sandboxUrl, timeout),
        egressGuarded([sandboxUrl], root),
      );
      others.push(other);
      return hisApi(other.found.api ?? '', HIS_TOKEN);
    },
    async close() {
      for (const o of others) await o.stop();
      await env.serve.stop();
      await proxy?.close();
      await env.sandbox.stop();
      const blocked = egressViolations(root);
      rmSync(root, { recursive: true, force: true });
      if (blocked.length > 0) throw new Error(`egress guard: connections outside the allowlist: ${blocked.join(', ')}`);
    },
  };
  return env;
}

/** A fee line as the HIS sends it (amount = pric × cnt). */
export function line(
  feedetl_sn: string,
  med_list_codg: string,
  name: string,
  pric: string,
  cnt: string,
  amount: string,
) {
  return {
    feedetl_sn,
    med_list_codg,
    medins_list_codg: `HIS-${med_list_codg.slice(0, 8)}`,
    name,
    cnt,
    pric,
    det_item_fee_sumamt: amount,
    fee_ocur_time: '2026-11-20 09:10:00',
  };
}

/** The standard outpatient test bill: CT over its cap (乙 10 %) + liver panel (甲) = 365.00, in scope 319.00. */
export function ctAndLiverBill(prefix: string) {
  return [
    line(`${prefix}-1`, '002104000010000', '64排CT平扫', '280.00', '1', '280.00'),
    line(`${prefix}-2`, '002202000030000', '肝功能全套', '85.00', '1', '85.00'),
  ];
}

/** The demo patients by what they test. */
export const PATIENTS = {
  longTerm: { psn_no: 'DEMO000102031X', certno: '43010219560302031X', insutype: '310' },
  referral: { psn_no: 'DEMO0002200228', certno: '430104197111200228', insutype: '390' },
  otherTemporary: { psn_no: 'DEMO0003140158', certno: '220102198807140158', insutype: '310' },
  noRegistration: { psn_no: 'DEMO0004280487', certno: '430103199002280487', insutype: '310' },
  local: { psn_no: 'DEMO0005090198', certno: '410202198305090198', insutype: '310' },
  inpatient: { psn_no: 'DEMO0007010576', certno: '430111195912010576', insutype: '310' },
  emergencyAssisted: { psn_no: 'DEMO0008160640', certno: '430121197804160640', insutype: '390' },
  suspended: { psn_no: 'DEMO0009080713', certno: '430102196908080713', insutype: '310' },
  pharmacyAccount: { psn_no: 'DEMO0010250839', certno: '430102195001250839', insutype: '310' },
} as const;

/** Opens an outpatient (or pharmacy) visit for a patient identified by ID number. */
export async function openVisit(
  api: HisApi,
  p: { psn_no: string; certno: string; insutype: string },
  ipt_otp_no: string,
  kind: 'outpatient' | 'pharmacy' | 'inpatient' = 'outpatient',
  extra: Record<string, unknown> = {},
) {
  return api.post<{ visit_id: string; mdtrt_id: string; error?: { code: string } }>('/api/v1/visits', {
    kind,
    psn_no: p.psn_no,
    insutype: p.insutype,
    med_type: kind === 'pharmacy' ? '41' : kind === 'inpatient' ? '21' : '11',
    mdtrt_cert_type: '02',
    mdtrt_cert_no: p.certno,
    ipt_otp_no,
    begntime: '2026-11-20 09:00:00',
    ...extra,
  });
}

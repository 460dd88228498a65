/**
 * What the crash harness, the fault matrix and the R7 property share: a real sandbox process on
 * 127.0.0.1 with the test scenario, an adapter config pointing at it (or at a proxy in front of
 * it), read-only looks at the adapter's SQLite file and the sandbox's ledger (`/__admin/…`), the
 * bills the harnesses settle, and the R1/R2 ledger invariants.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSandboxOn, type ManagedProcess } from '../support/managed-process';
import { writeTestScenario } from '../support/test-scenario';
import { TERMINAL_STATES } from '../../main/domain/settlement-state';

/** Drain cycles allowed after a restart before R1 counts the restart as failing. */
export const MAX_DRAIN_CYCLES = 10;

/** The demo hospital (the adapter's institution in every harness). */
export const HARNESS_INSTITUTION = {
  fixmedins_code: 'H41020200011',
  fixmedins_name: '开封市示范第一医院',
  mdtrtarea_admvs: '410202',
} as const;

/** Outpatients of the demo scenario whose visits settle without refusals (registered elsewhere or local). */
export const HARNESS_PATIENTS = [
  { psn_no: 'DEMO000102031X', certno: '43010219560302031X', insutype: '310' },
  { psn_no: 'DEMO0005090198', certno: '410202198305090198', insutype: '310' },
  { psn_no: 'DEMO0003140158', certno: '220102198807140158', insutype: '310' },
] as const;

/** The inpatient of the demo scenario. */
export const HARNESS_INPATIENT = { psn_no: 'DEMO0007010576', certno: '430111195912010576', insutype: '310' } as const;

/** The demo pharmacy in the retail flow (2101 / 2102 / 2103, docs/sandbox-policy.md §9). */
export const HARNESS_RETAIL_PHARMACY = {
  fixmedins_code: 'P41020200105',
  fixmedins_name: '开封示范大药房',
  mdtrtarea_admvs: '410202',
  pharmacy_flow: 'retail',
} as const;

/** The patient of the retail pharmacy cells. */
export const HARNESS_RETAIL_PATIENT = {
  psn_no: 'DEMO0010250839',
  certno: '430102195001250839',
  insutype: '310',
} as const;

/** A temp folder for one harness run. */
export function harnessRoot(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

/** Starts the sandbox process on `root/sandbox` with the test scenario (fixed business date). */
export async function startHarnessSandbox(
  root: string,
): Promise<{ proc: ManagedProcess; url: string; scenario: string; dir: string }> {
  const scenario = writeTestScenario();
  const dir = path.join(root, 'sandbox');
  const proc = await startSandboxOn(dir, scenario);
  return { proc, url: proc.found.url ?? '', scenario, dir };
}

/** Writes the adapter's config (HIS API on a free port) and returns its path and data folder. */
export function writeHarnessConfig(
  dir: string,
  upstreamUrl: string,
  timeoutMs: number,
  institution: Readonly<Record<string, string>> = HARNESS_INSTITUTION,
): { configPath: string; dataDir: string; dbFile: string } {
  mkdirSync(dir, { recursive: true });
  const configPath = path.join(dir, 'config.json');
  const dataDir = path.join(dir, 'data');
  writeFileSync(
    configPath,
    JSON.stringify({
      institution,
      upstream: { url: upstreamUrl, timeout_ms: timeoutMs },
      operator: { opter: 'H001', opter_name: '演练收费员' },
      his_api: { port: 0, token: 'harness-token-0123456789abcdef' },
      data_dir: dataDir,
    }),
  );
  return { configPath, dataDir, dbFile: path.join(dataDir, 'adapter.db') };
}

/** An outpatient fee bill of two lines (CT + liver panel = 365.00) with unique sns. */
export function harnessBill(prefix: string): {
  feedetl_sn: string;
  med_list_codg: string;
  medins_list_codg: string;
  name: string;
  cnt: string;
  pric: string;
  det_item_fee_sumamt: string;
  fee_ocur_time: string;
}[] {
  const line = (sn: string, code: string, name: string, pric: string) => ({
    feedetl_sn: sn,
    med_list_codg: code,
    medins_list_codg: `HIS-${code.slice(0, 8)}`,
    name,
    cnt: '1',
    pric,
    det_item_fee_sumamt: pric,
    fee_ocur_time: '2026-11-20 09:10:00',
  });
  return [
    line(`${prefix}-1`, '002104000010000', '64排CT平扫', '280.00'),
    line(`${prefix}-2`, '002202000030000', '肝功能全套', '85.00'),
  ];
}

/** A pharmacy bill of two lines (阿莫西林 30.40 + 黄芪饮片 36.00 = 66.40) with unique sns. */
export function harnessPharmacyBill(prefix: string): ReturnType<typeof harnessBill> {
  const line = (sn: string, code: string, name: string, pric: string, cnt: string, amount: string) => ({
    feedetl_sn: sn,
    med_list_codg: code,
    medins_list_codg: `HIS-${code.slice(0, 8)}`,
    name,
    cnt,
    pric,
    det_item_fee_sumamt: amount,
    fee_ocur_time: '2026-11-20 09:10:00',
  });
  return [
    line(`${prefix}-1`, 'XJ01CRA137A001010100788', '阿莫西林胶囊', '15.20', '2', '30.40'),
    line(`${prefix}-2`, 'T000100234', '黄芪饮片', '3.60', '10', '36.00'),
  ];
}

/** One settlement of the sandbox's ledger as `GET /__admin/settlements` lists it. */
export interface LedgerRow {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly infno: string;
  readonly msgid: string;
  readonly state: 'settled' | 'cancelled' | 'reversed';
}

/** The sandbox's settlements (optionally of one visit, or of one person). */
export async function ledger(sandboxUrl: string, mdtrt_id?: string, psn_no?: string): Promise<LedgerRow[]> {
  const q = mdtrt_id
    ? `?mdtrt_id=${encodeURIComponent(mdtrt_id)}`
    : psn_no
      ? `?psn_no=${encodeURIComponent(psn_no)}`
      : '';
  const res = await fetch(`${sandboxUrl}/__admin/settlements${q}`);
  if (res.status !== 200) throw new Error(`sandbox admin answered ${res.status}`);
  return (await res.json()) as LedgerRow[];
}

/** Arms sandbox fault rules (docs/sandbox-policy.md §6). */
export async function armSandboxFaults(sandboxUrl: string, rules: readonly object[]): Promise<void> {
  const res = await fetch(`${sandboxUrl}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults: rules }),
  });
  if (res.status !== 200) throw new Error(`arming faults answered ${res.status}: ${await res.text()}`);
}

/** Clears every armed sandbox fault. */
export async function clearSandboxFaults(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/__admin/faults`, { method: 'DELETE' });
}

/** A settlement row of the adapter, as the invariants need it. */
export interface LocalSettlement {
  readonly settlement_id: string;
  readonly visit_id: string;
  readonly mdtrt_id: string;
  readonly state: string;
  readonly setl_id: string | null;
  readonly msgid: string;
}

/** Reads the adapter's store with its own connection (the adapter process may be dead or alive). */
export function readLocal(dbFile: string): {
  settlements: LocalSettlement[];
  settleCallsPerVisit: Map<string, number>;
  integrity: string;
} {
  const db = new Database(dbFile, { fileMustExist: true, timeout: 10_000 });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
    const settlements = db
      .prepare('SELECT settlement_id, visit_id, mdtrt_id, state, setl_id, msgid FROM settlements')
      .all() as LocalSettlement[];
    const calls = db
      .prepare(
        "SELECT visit_id, COUNT(*) AS n FROM journal WHERE infno IN ('2207','2304','2102') AND visit_id IS NOT NULL GROUP BY visit_id",
      )
      .all() as { visit_id: string; n: number }[];
    return { settlements, settleCallsPerVisit: new Map(calls.map((c) => [c.visit_id, c.n])), integrity };
  } finally {
    db.close();
  }
}

/** Settlement states that hold money at the platform as the adapter sees it. */
const LOCAL_LIVE = new Set(['SETTLED', 'CASH_COLLECTED']);

/** Result of the ledger invariants (R1, R2). */
export interface LedgerCheck {
  /** Visits with two or more live (`settled`) settlements at the sandbox. */
  readonly doubleSettled: string[];
  /** Local rows not in a terminal state. */
  readonly nonTerminal: LocalSettlement[];
  /** setl_ids settled locally but not live at the sandbox. */
  readonly localOnly: string[];
  /** setl_ids live at the sandbox but not settled locally (NEEDS_ATTENTION rows count as known). */
  readonly sandboxOnly: string[];
  /** Local SETTLED rows without an upstream settlement. */
  readonly settledWithoutUpstream: string[];
}

/**
 * Compares the adapter's settlements with the sandbox's ledger: no visit settled twice upstream,
 * every local row terminal, local settled = sandbox live settled. A row in NEEDS_ATTENTION is a
 * known state for a supervisor: its upstream settlement (if any) is not counted as a mismatch.
 */
export function checkLedgers(local: readonly LocalSettlement[], upstream: readonly LedgerRow[]): LedgerCheck {
  const liveByVisit = new Map<string, number>();
  for (const r of upstream)
    if (r.state === 'settled') liveByVisit.set(r.mdtrt_id, (liveByVisit.get(r.mdtrt_id) ?? 0) + 1);
  const doubleSettled = [...liveByVisit].filter(([, n]) => n > 1).map(([m]) => m);
  const terminal = new Set<string>(TERMINAL_STATES);
  const nonTerminal = local.filter((s) => !terminal.has(s.state));
  const localLive = new Set(local.filter((s) => LOCAL_LIVE.has(s.state) && s.setl_id).map((s) => s.setl_id as string));
  const attention = new Set(local.filter((s) => s.state === 'NEEDS_ATTENTION').map((s) => s.mdtrt_id));
  const upstreamLive = new Set(upstream.filter((r) => r.state === 'settled').map((r) => r.setl_id));
  const upstreamLiveVisits = new Set(upstream.filter((r) => r.state === 'settled').map((r) => r.mdtrt_id));
  const localOnly = [...localLive].filter((id) => !upstreamLive.has(id));
  const sandboxOnly = upstream
    .filter((r) => r.state === 'settled' && !localLive.has(r.setl_id) && !attention.has(r.mdtrt_id))
    .map((r) => r.setl_id);
  const settledWithoutUpstream = local
    .filter((s) => LOCAL_LIVE.has(s.state) && !upstreamLiveVisits.has(s.mdtrt_id))
    .map((s) => s.settlement_id);
  return { doubleSettled, nonTerminal, localOnly, sandboxOnly, settledWithoutUpstream };
}

/**
 * A retail pharmacy's settlements keyed by the adapter's visit: each 2102 opens its own platform
 * visit, so the ledger's rows are mapped to the local visit by msgid (every 2102 is journaled, with
 * its settlement row, before it is sent) and both sides carry the visit id as `mdtrt_id`; a row
 * the adapter never sent keeps its own mdtrt_id and shows up as a mismatch.
 */
export function byVisit(
  local: readonly LocalSettlement[],
  upstream: readonly LedgerRow[],
): [LocalSettlement[], LedgerRow[]] {
  const visitOf = new Map(local.map((s) => [s.msgid, s.visit_id]));
  return [
    local.map((s) => ({ ...s, mdtrt_id: s.visit_id })),
    upstream.map((r) => ({ ...r, mdtrt_id: visitOf.get(r.msgid) ?? r.mdtrt_id })),
  ];
}

/** True when every list of the check is empty. */
export function ledgersAgree(c: LedgerCheck): boolean {
  return (
    c.doubleSettled.length === 0 &&
    c.nonTerminal.length === 0 &&
    c.localOnly.length === 0 &&
    c.sandboxOnly.length === 0 &&
    c.settledWithoutUpstream.length === 0
  );
}

/** A seeded PRNG (mulberry32) in [0, 1), so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sleeps `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The random-SIGKILL crash harness (docs/reliability.md §4, target R1). A sandbox process stays up on
 * 127.0.0.1; the adapter runs as a child process (`crash-child.ts`, the real runtime) that the
 * parent kills — at a random moment 20–250 ms after it is ready, or at a named point where it kills
 * itself — restarts, and drains. After every kill, and once more at the end:
 *
 * - `PRAGMA integrity_check` = ok;
 * - every settlement row terminal within {@link MAX_DRAIN_CYCLES} drain cycles of the restart;
 * - 0 acknowledged records lost: every ACKed settlement is there, an ACKed `settled` one still
 *   SETTLED with the same setl_id;
 * - 0 visits with two live settlements at the sandbox; local settled = the sandbox's live ones;
 * - never a second 2207 for a visit (each visit settles once here, so one 2207 journal row at most).
 *
 * `retailLanes` of the lanes run a retail pharmacy (`pharmacy_flow: "retail"`): their settles are
 * 2102s (docs/sandbox-policy.md §9), each opening its own platform visit, so their ledger rows are
 * matched to the adapter's visits by msgid before the same checks run.
 *
 * Several lanes (each its own sandbox and adapter folder) may run at once to use both cores.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/sandbox-process';
import { CRASH_POINTS, type CrashPoint } from '../../main/domain/crash-points';
import {
  HARNESS_INSTITUTION,
  HARNESS_RETAIL_PHARMACY,
  MAX_DRAIN_CYCLES,
  byVisit,
  checkLedgers,
  harnessRoot,
  ledger,
  ledgersAgree,
  readLocal,
  seededRandom,
  startHarnessSandbox,
  writeHarnessConfig,
  clearSandboxFaults,
} from './harness-env';

/** What to run. */
export interface CrashHarnessOptions {
  /** Random kills in all (20–250 ms after the child is ready). */
  readonly randomKills: number;
  /** Kills per named point. */
  readonly perPoint: number;
  /** Lanes run in parallel (default 2). */
  readonly lanes?: number;
  /** How many of the lanes run the retail pharmacy flow (2102) instead of the outpatient one (default 0). */
  readonly retailLanes?: number;
  /** Upstream deadline D of the adapter, ms (default 1500). */
  readonly timeoutMs?: number;
  readonly seed?: number;
  /** Stop starting new kills after this long, ms (the report says how many ran). */
  readonly timeCapMs?: number;
  readonly log?: (line: string) => void;
}

/** One acknowledged settle. */
interface Ack {
  readonly settlement_id: string;
  readonly state: string;
  readonly visit_id: string;
  readonly setl_id: string | null;
}

/** The figures of a run. */
export interface CrashReport {
  readonly randomKills: number;
  readonly namedKills: Readonly<Record<CrashPoint, number>>;
  /** Named runs whose child finished without passing its point (not counted as kills). */
  readonly namedMissed: number;
  /** Random runs whose child finished before the kill came. */
  readonly randomFinishedFirst: number;
  readonly restarts: number;
  readonly acks: number;
  readonly ackedSettled: number;
  readonly settlementsTotal: number;
  readonly statesAtEnd: Readonly<Record<string, number>>;
  readonly integrityChecks: number;
  readonly integrityOk: number;
  /** Restarts whose rows were all terminal within the drain-cycle budget. */
  readonly drainsWithinBudget: number;
  readonly drains: number;
  readonly maxDrainCycles: number;
  readonly lostAcks: number;
  readonly doubleSettledVisits: number;
  readonly localSandboxMismatches: number;
  readonly secondSettleCalls: number;
  readonly durationMs: number;
  /** Every broken invariant, in words; empty when R1 holds. */
  readonly failures: readonly string[];
}

interface ChildRun {
  readonly stdout: string;
  readonly killedBy: 'parent' | 'self' | 'none';
}

let bundled: Promise<string | null> | null = null;

/**
 * The child as one ESM file built with esbuild (once per run, under node_modules/.cache so that
 * better-sqlite3 resolves): the same code as `crash-child.ts`, but a restart skips tsx's per-file
 * transforms (~0.5 s of CPU per restart). Falls back to `--import tsx` if the build fails.
 */
function childEntry(): Promise<string | null> {
  bundled ??= (async () => {
    try {
      const { build } = await import('esbuild');
      const outfile = path.join(REPO_ROOT, 'node_modules', '.cache', 'yidi-harness', `crash-child-${process.pid}.mjs`);
      await build({
        entryPoints: [path.join(REPO_ROOT, 'test', 'harness', 'crash-child.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        outfile,
        external: ['better-sqlite3', 'esbuild'],
        logLevel: 'silent',
        banner: {
          js: "import { createRequire as __harnessRequire } from 'node:module'; const require = __harnessRequire(import.meta.url);",
        },
      });
      return outfile;
    } catch {
      return null;
    }
  })();
  return bundled;
}

/** Spawns the child and, for random runs, kills it `delayMs` after READY. */
async function runChild(
  configPath: string,
  args: readonly string[],
  killAfterMs: number | null,
  capMs: number,
): Promise<ChildRun> {
  const entry = await childEntry();
  const argv = entry === null ? ['--import', 'tsx', path.join('test', 'harness', 'crash-child.ts')] : [entry];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...argv, '--config', configPath, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killer: NodeJS.Timeout | undefined;
    let byParent = false;
    const cap = setTimeout(() => {
      byParent = true;
      child.kill('SIGKILL');
    }, capMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (killAfterMs !== null && killer === undefined && out.includes('READY\n')) {
        killer = setTimeout(() => {
          byParent = true;
          child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(cap);
      if (killer) clearTimeout(killer);
      if (signal === null && code !== 0) {
        reject(new Error(`crash child exited with ${String(code)}: ${err.slice(-2000)}`));
        return;
      }
      resolve({ stdout: out, killedBy: signal === 'SIGKILL' ? (byParent ? 'parent' : 'self') : 'none' });
    });
  });
}

function parseAcks(stdout: string): Ack[] {
  const acks: Ack[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^ACK (\S+) (\S+) (\S+) (\S+) (\S+)$/.exec(line);
    if (m && m[1] !== '-')
      acks.push({ settlement_id: m[1]!, state: m[2]!, visit_id: m[3]!, setl_id: m[5] === '-' ? null : m[5]! });
  }
  return acks;
}

function parseDrain(stdout: string): { cycles: number; left: number } | null {
  const m = /^DRAINED (\d+) (\d+)$/m.exec(stdout);
  return m ? { cycles: Number(m[1]), left: Number(m[2]) } : null;
}

type Plan = ({ kind: 'random'; delay: number } | { kind: 'named'; point: CrashPoint })[];

/** Runs one lane's plan; returns its partial figures. */
async function runLane(lane: number, plan: Plan, opts: CrashHarnessOptions, deadline: number) {
  const log = opts.log ?? (() => undefined);
  const root = harnessRoot(`crash-lane${lane}`);
  const sandbox = await startHarnessSandbox(root);
  const timeout = opts.timeoutMs ?? 1500;
  const retail = lane > Math.max(1, opts.lanes ?? 2) - (opts.retailLanes ?? 0);
  const { configPath, dbFile } = writeHarnessConfig(
    path.join(root, 'adapter'),
    sandbox.url,
    timeout,
    retail ? HARNESS_RETAIL_PHARMACY : HARNESS_INSTITUTION,
  );
  const figures = {
    randomKills: 0,
    randomFinishedFirst: 0,
    namedMissed: 0,
    restarts: 0,
    namedKills: Object.fromEntries(CRASH_POINTS.map((p) => [p, 0])) as Record<CrashPoint, number>,
    integrityChecks: 0,
    integrityOk: 0,
    drains: 0,
    drainsWithinBudget: 0,
    maxDrainCycles: 0,
  };
  const acks: Ack[] = [];
  const failures: string[] = [];
  const noteDrain = (stdout: string, when: string) => {
    const d = parseDrain(stdout);
    if (!d) return;
    figures.drains += 1;
    figures.maxDrainCycles = Math.max(figures.maxDrainCycles, d.cycles);
    if (d.left === 0) figures.drainsWithinBudget += 1;
    else failures.push(`lane ${lane} ${when}: ${d.left} settlement(s) not terminal after ${d.cycles} drain cycles`);
  };
  try {
    let i = 0;
    for (const step of plan) {
      if (Date.now() > deadline) break;
      i += 1;
      const args = [
        '--prefix',
        `L${lane}K${i}-`,
        ...(retail ? ['--flow', 'retail'] : []),
        ...(step.kind === 'named' ? ['--kill-at', step.point] : []),
      ];
      const run = await runChild(configPath, args, step.kind === 'random' ? step.delay : null, 60_000);
      figures.restarts += 1;
      noteDrain(run.stdout, `restart ${i}`);
      acks.push(...parseAcks(run.stdout));
      if (step.kind === 'random') {
        if (run.killedBy === 'parent') figures.randomKills += 1;
        else figures.randomFinishedFirst += 1;
      } else if (run.killedBy === 'self') {
        figures.namedKills[step.point] += 1;
      } else {
        figures.namedMissed += 1;
        log(`lane ${lane}: ${step.point} not reached (${run.killedBy})`);
      }
      // The mid-2601 child armed a sandbox fault; a kill before its settle may leave it armed.
      if (step.kind === 'named' && step.point === 'mid-2601') await clearSandboxFaults(sandbox.url);
      const local = readLocal(dbFile);
      figures.integrityChecks += 1;
      if (local.integrity === 'ok') figures.integrityOk += 1;
      else failures.push(`lane ${lane} kill ${i}: integrity_check = ${local.integrity}`);
      if (i % 25 === 0) log(`lane ${lane}: ${i}/${plan.length} kills, ${acks.length} acks`);
    }
    // Final restart + drain, then the ledger invariants.
    const last = await runChild(configPath, ['--mode', 'drain'], null, 120_000);
    figures.restarts += 1;
    noteDrain(last.stdout, 'final drain');
    const local = readLocal(dbFile);
    figures.integrityChecks += 1;
    if (local.integrity === 'ok') figures.integrityOk += 1;
    else failures.push(`lane ${lane} final: integrity_check = ${local.integrity}`);
    const upstream = await ledger(sandbox.url);
    const check = retail
      ? checkLedgers(...byVisit(local.settlements, upstream))
      : checkLedgers(local.settlements, upstream);
    if (!ledgersAgree(check)) failures.push(`lane ${lane} ledgers: ${JSON.stringify(check)}`);
    const byId = new Map(local.settlements.map((s) => [s.settlement_id, s]));
    let lost = 0;
    for (const a of acks) {
      const row = byId.get(a.settlement_id);
      const ok =
        row !== undefined &&
        (a.state !== 'settled' || (['SETTLED', 'CASH_COLLECTED'].includes(row.state) && row.setl_id === a.setl_id));
      if (!ok) {
        lost += 1;
        failures.push(
          `lane ${lane}: acknowledged ${a.state} ${a.settlement_id} is ${row ? `${row.state}/${row.setl_id ?? '-'}` : 'missing'}`,
        );
      }
    }
    const second = [...local.settleCallsPerVisit.values()].filter((n) => n > 1).length;
    if (second > 0) failures.push(`lane ${lane}: ${second} visit(s) with a second ${retail ? '2102' : '2207'}`);
    const states: Record<string, number> = {};
    for (const s of local.settlements) states[s.state] = (states[s.state] ?? 0) + 1;
    return {
      ...figures,
      acks: acks.length,
      ackedSettled: acks.filter((a) => a.state === 'settled').length,
      lost,
      settlementsTotal: local.settlements.length,
      states,
      failures,
      second,
      doubles: check.doubleSettled.length,
      mismatches: check.localOnly.length + check.sandboxOnly.length + check.settledWithoutUpstream.length,
    };
  } finally {
    await sandbox.proc.stop();
    // Keep the folders of a lane that broke an invariant, for a post-mortem.
    if (failures.length === 0) rmSync(root, { recursive: true, force: true });
    else log(`lane ${lane}: data kept in ${root}`);
  }
}

/** Runs the harness and reports its figures (it does not throw on broken invariants: read `failures`). */
export async function runCrashHarness(opts: CrashHarnessOptions): Promise<CrashReport> {
  const started = Date.now();
  const random = seededRandom(opts.seed ?? 20261120);
  const lanes = Math.max(1, opts.lanes ?? 2);
  const steps: Plan = [
    ...Array.from({ length: opts.randomKills }, () => ({
      kind: 'random' as const,
      delay: 20 + Math.floor(random() * 231),
    })),
    ...CRASH_POINTS.flatMap((point) =>
      Array.from({ length: opts.perPoint }, () => ({ kind: 'named' as const, point })),
    ),
  ];
  // Shuffle so that named points and random kills interleave on every lane.
  for (let i = steps.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [steps[i], steps[j]] = [steps[j]!, steps[i]!];
  }
  const plans: Plan[] = Array.from({ length: lanes }, (_, l) => steps.filter((_s, i) => i % lanes === l));
  const deadline = started + (opts.timeCapMs ?? Number.POSITIVE_INFINITY);
  let results: Awaited<ReturnType<typeof runLane>>[];
  try {
    results = await Promise.all(plans.map((p, l) => runLane(l + 1, p, opts, deadline)));
  } finally {
    const entry = await childEntry();
    if (entry !== null) rmSync(entry, { force: true });
    bundled = null;
  }
  const sum = (f: (r: (typeof results)[number]) => number) => results.reduce((a, r) => a + f(r), 0);
  const namedKills = Object.fromEntries(CRASH_POINTS.map((p) => [p, sum((r) => r.namedKills[p])])) as Record<
    CrashPoint,
    number
  >;
  const statesAtEnd: Record<string, number> = {};
  for (const r of results) for (const [s, n] of Object.entries(r.states)) statesAtEnd[s] = (statesAtEnd[s] ?? 0) + n;
  return {
    randomKills: sum((r) => r.randomKills),
    namedKills,
    namedMissed: sum((r) => r.namedMissed),
    randomFinishedFirst: sum((r) => r.randomFinishedFirst),
    restarts: sum((r) => r.restarts),
    acks: sum((r) => r.acks),
    ackedSettled: sum((r) => r.ackedSettled),
    settlementsTotal: sum((r) => r.settlementsTotal),
    statesAtEnd,
    integrityChecks: sum((r) => r.integrityChecks),
    integrityOk: sum((r) => r.integrityOk),
    drains: sum((r) => r.drains),
    drainsWithinBudget: sum((r) => r.drainsWithinBudget),
    maxDrainCycles: Math.max(...results.map((r) => r.maxDrainCycles)),
    lostAcks: sum((r) => r.lost),
    doubleSettledVisits: sum((r) => r.doubles),
    localSandboxMismatches: sum((r) => r.mismatches),
    secondSettleCalls: sum((r) => r.second),
    durationMs: Date.now() - started,
    failures: results.flatMap((r) => r.failures),
  };
}

/** The report as lines for people. */
export function formatCrashReport(r: CrashReport): string {
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${Math.floor((a * 1000) / b) / 10} %`);
  return [
    `crash harness (R1) — ${Math.round(r.durationMs / 100) / 10} s`,
    `  random kills:            ${r.randomKills} (child finished first: ${r.randomFinishedFirst})`,
    `  named kills:             ${CRASH_POINTS.map((p) => `${p} ${r.namedKills[p]}`).join(', ')} (missed: ${r.namedMissed})`,
    `  restarts:                ${r.restarts}`,
    `  acknowledged settles:    ${r.acks} (settled ${r.ackedSettled}); settlements in store: ${r.settlementsTotal}`,
    `  states at end:           ${Object.entries(r.statesAtEnd)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
    `  acknowledged lost:       ${r.lostAcks}`,
    `  visits settled twice:    ${r.doubleSettledVisits} (at the sandbox)`,
    `  local ≠ sandbox:         ${r.localSandboxMismatches}`,
    `  second settle of a visit: ${r.secondSettleCalls} (2207, or 2102 on retail lanes)`,
    `  integrity_check ok:      ${r.integrityOk}/${r.integrityChecks} (${pct(r.integrityOk, r.integrityChecks)})`,
    `  terminal within ${MAX_DRAIN_CYCLES} drain cycles: ${r.drainsWithinBudget}/${r.drains} restarts that drained (${pct(r.drainsWithinBudget, r.drains)}), most cycles ${r.maxDrainCycles}; ${r.restarts - r.drains} killed while draining (mid-2601)`,
    `  R1: ${r.failures.length === 0 ? 'HOLDS' : `BROKEN (${r.failures.length})`}`,
    ...r.failures.slice(0, 20).map((f) => `    - ${f}`),
  ].join('\n');
}

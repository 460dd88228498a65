/**
 * The child of the crash harness (docs/reliability.md §4): the real runtime (store, upstream client,
 * services, durable queue) against the sandbox process on 127.0.0.1, configured by a config file.
 *
 * 1. Restart + drain: start-up recovery has run inside `startRuntime`; then `queue.drain()` cycles
 *    until every settlement row is terminal (prints `DRAINED <cycles> <non-terminal>`).
 * 2. `READY`, then settles visits one after another through the services (open → upload → settle),
 *    printing `ACK <settlement_id> <state> <visit_id> <mdtrt_id> <setl_id|->` AFTER each settle's
 *    outcome is committed (a synchronous write to fd 1, so a kill never loses a printed line's
 *    order). The parent SIGKILLs it at a random moment.
 * 3. With `--kill-at POINT` (or `KILL_AT=POINT`) it SIGKILLs itself at that named point of the
 *    first settle (2207/2304/2102) or reversal (2601) that passes it. For `mid-2601`, the first
 *    settle is made UNKNOWN by a sandbox fault (`process_then_drop`) and its reversal is drained at once.
 * 4. With `--flow retail` the adapter is a retail pharmacy (`pharmacy_flow: "retail"` in its config):
 *    it sells to the pharmacy patient and settles with 2102 (docs/sandbox-policy.md §9).
 *
 * `--mode drain` only restarts and drains, then prints `DONE`.
 */
import { writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startRuntime } from '../../main/app/runtime';
import { isCrashPoint, type CrashPoint } from '../../main/domain/crash-points';
import { isTerminal, type SettlementStateCode } from '../../main/domain/settlement-state';
import { OpenVisitRequest, SettleRequest, UploadFeesRequest } from '../../shared/api/requests';
import { AppError } from '../../shared/errors/app-error';
import {
  HARNESS_PATIENTS,
  HARNESS_RETAIL_PATIENT,
  MAX_DRAIN_CYCLES,
  harnessBill,
  harnessPharmacyBill,
} from './harness-env';

/** The child serves no UI: an empty renderer folder skips the UI build (it only uses the services). */
const NO_UI = path.join(tmpdir(), 'yidi-crash-child-no-ui');

const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    mode: { type: 'string', default: 'settle' },
    'kill-at': { type: 'string' },
    settlements: { type: 'string', default: '60' },
    prefix: { type: 'string', default: 'C' },
    flow: { type: 'string', default: 'outpatient' },
  },
});
const killAtText = values['kill-at'] ?? process.env.KILL_AT ?? '';
const killAt: CrashPoint | null = isCrashPoint(killAtText) ? killAtText : null;
if (killAtText !== '' && killAt === null) {
  process.stderr.write(`unknown kill point ${killAtText}\n`);
  process.exit(2);
}

/** The transactions whose passage through a point kills the child. */
const WATCHED: Readonly<Record<CrashPoint, readonly string[]>> = {
  'after-prepared-commit': ['2207', '2304', '2102'],
  'after-sending-commit': ['2207', '2304', '2102'],
  'after-request-written': ['2207', '2304', '2102'],
  'after-response-before-commit': ['2207', '2304', '2102'],
  'mid-2601': ['2601'],
};

function crashPoint(name: CrashPoint, infno: string): void {
  if (killAt === null || name !== killAt || !WATCHED[name].includes(infno)) return;
  say(`KILL ${name} ${infno}`);
  process.kill(process.pid, 'SIGKILL');
}

async function countNonTerminal(count: () => Promise<Record<string, number>>): Promise<number> {
  const by = await count();
  return Object.entries(by)
    .filter(([s]) => !isTerminal(s as SettlementStateCode))
    .reduce((a, [, n]) => a + n, 0);
}

async function main(): Promise<void> {
  const rt = await startRuntime({
    configPath: values.config ?? '',
    port: 0,
    startQueue: false,
    rendererDir: NO_UI,
    ...(killAt ? { crashPoint } : {}),
  });
  const store = rt.services.deps.store;
  // Restart + drain: cycles of queue.drain(), waiting for the next due job between them.
  let cycles = 0;
  let left = await countNonTerminal(() => store.settlements.countByState());
  while (left > 0 && cycles < MAX_DRAIN_CYCLES) {
    cycles += 1;
    await rt.queue.drain({ maxCycles: 20 });
    left = await countNonTerminal(() => store.settlements.countByState());
    if (left === 0) break;
    const next = await rt.jobs.nextWakeAt(Date.now());
    const wait = next === null ? 200 : Math.min(3_000, Math.max(20, next - Date.now()));
    await new Promise((r) => setTimeout(r, wait));
  }
  say(`DRAINED ${cycles} ${left}`);
  if (values.mode === 'drain') {
    await rt.close();
    say('DONE');
    return;
  }
  say('READY');
  const sandboxUrl = rt.config.upstream.url;
  const total = Number(values.settlements);
  const retail = values.flow === 'retail';
  for (let i = 0; i < total; i++) {
    const p = retail ? HARNESS_RETAIL_PATIENT : HARNESS_PATIENTS[i % HARNESS_PATIENTS.length]!;
    const no = `${values.prefix}${process.pid}-${i}`;
    try {
      const opened = await rt.services.visits.open(
        OpenVisitRequest.parse({
          kind: retail ? 'pharmacy' : 'outpatient',
          psn_no: p.psn_no,
          insutype: p.insutype,
          med_type: retail ? '41' : '11',
          mdtrt_cert_type: '02',
          mdtrt_cert_no: p.certno,
          ipt_otp_no: no,
          begntime: '2026-11-20 09:00:00',
        }),
      );
      await rt.services.uploader.upload(
        opened.visit_id,
        UploadFeesRequest.parse({ lines: retail ? harnessPharmacyBill(no) : harnessBill(no) }),
      );
      if (killAt === 'mid-2601' && i === 0) {
        const faults = [{ infno: retail ? '2102' : '2207', action: 'process_then_drop', count: 1 }];
        await fetch(`${sandboxUrl}/__admin/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ faults }),
        });
      }
      const a = await rt.services.settlements.settle(opened.visit_id, SettleRequest.parse({ acct_used_flag: '0' }));
      const s = a.view;
      say(
        `ACK ${s.settlement_id ?? '-'} ${s.state} ${opened.visit_id} ${opened.mdtrt_id} ${s.setlinfo?.setl_id ?? '-'}`,
      );
      if (killAt === 'mid-2601' && i === 0) await rt.queue.drain({ maxCycles: 5 });
    } catch (e) {
      say(`ERR ${e instanceof AppError ? e.code : e instanceof Error ? e.message.slice(0, 80) : 'error'}`);
    }
  }
  await rt.close();
  say('DONE');
}

main().catch((e: unknown) => {
  process.stderr.write(`crash child failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

/**
 * Starts the sandbox platform (docs/sandbox-policy.md): validates the scenario, opens the SQLite
 * ledger, loads fault rules, and listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatDateTime, SandboxClock } from './clock';
import { CHINA_OFFSET_MS } from '../shared/china-time';
import { FaultBook, loadFaultFile } from './http/faults';
import { createRouter } from './http/router';
import { openLedger } from './ledger/ledger';
import { getMeta } from './ledger/meta-repo';
import { indexScenario } from './scenario/scenario-index';
import { loadScenario } from './scenario/validate';
import type { SandboxState } from './transactions/context';
import { loadGatewayFile, parseGatewayFile, type GatewayFile } from './gateway/gateway-file';
import type { SandboxGateway } from './gateway/gateway-router';
import { SmTokens } from './gateway/sm-gateway';

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** A scenario file path, or the scenario object itself. */
  readonly scenario: string | object;
  /** Folder of the ledger `sandbox.db`; created when missing. */
  readonly dataDir: string;
  /** A fault file `{"faults": [...]}` to arm at start. */
  readonly faultsFile?: string;
  /**
   * A gateway in front (`--gateway FILE`): a file path or the parsed object. Overrides the
   * scenario's top-level `"gateway"`. Default: the scenario's, else none (plain).
   */
  readonly gateway?: string | object;
  /** Shifts the gateway's clock, ms (drills: a gateway whose clock differs from the PC's). */
  readonly gatewayClockOffsetMs?: number;
  /** Log sink (one line per call, no personal data); silent by default. */
  readonly log?: (line: string) => void;
}

/** A running sandbox. */
export interface SandboxHandle {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening, drops open connections and closes the ledger. */
  close(): Promise<void>;
}

/** `yyyyMMddHHmmss` of the real China time (names of moved-aside ledgers). */
function realStamp(): string {
  return new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace(/[-:T]/g, '');
}

/**
 * Starts the sandbox. Throws `ScenarioError` for a malformed scenario (its message names the
 * bad path) and an Error for a bad fault file.
 */
export async function startSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const log = opts.log ?? ((): void => undefined);
  const loaded = loadScenario(opts.scenario);
  const faults = new FaultBook();
  if (opts.faultsFile !== undefined) faults.add(loadFaultFile(opts.faultsFile));
  const clock = new SandboxClock(loaded.scenario.business_date ?? null);
  const db = openLedger({
    dataDir: opts.dataDir,
    scenario: loaded.scenario,
    hash: loaded.hash,
    nowText: formatDateTime(clock.now()),
    stamp: realStamp(),
    log,
  });
  try {
    clock.setOverride(getMeta(db, 'clock_override'));
  } catch {
    clock.setOverride(null);
  }
  const state: SandboxState = { db, index: indexScenario(loaded.scenario), clock, log };
  let gateway: SandboxGateway | null;
  try {
    gateway = gatewayOf(opts, loaded.scenario);
  } catch (e) {
    db.close();
    throw e;
  }
  if (gateway !== null) log(`gateway: ${gateway.file.style}`);
  const server = createServer(createRouter(state, faults, gateway));
  server.keepAliveTimeout = 5000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    db.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}

/** The gateway in front of the sandbox: `--gateway` first, else the scenario's `"gateway"`; null for plain. */
function gatewayOf(opts: SandboxOptions, scenario: { gateway?: unknown }): SandboxGateway | null {
  let file: GatewayFile | null = null;
  if (typeof opts.gateway === 'string') file = loadGatewayFile(opts.gateway);
  else if (opts.gateway !== undefined) file = parseGatewayFile(opts.gateway, '--gateway');
  else if (scenario.gateway !== undefined) file = parseGatewayFile(scenario.gateway, 'scenario');
  if (file === null || file.style === 'plain') return null;
  const offset = opts.gatewayClockOffsetMs ?? 0;
  return { file, now: () => Date.now() + offset, tokens: file.style === 'sm' ? new SmTokens(file.token_ttl_s) : null };
}

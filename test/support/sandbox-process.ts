/**
 * Spawns the real sandbox as a separate process (`tsx sandbox/cli.ts --port 0 --data DIR`), the
 * way an integration test meets a real platform: over HTTP on 127.0.0.1. Reads the one stdout
 * line `sandbox: http://127.0.0.1:PORT`. The process runs on the same Node as the tests.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above test/support). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running sandbox process. */
export interface SandboxProcess {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Everything the sandbox wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, wait for exit, delete the data folder. */
  stop(): Promise<void>;
}

/** Options of {@link spawnSandbox}. */
export interface SpawnSandboxOptions {
  /** Scenario file; default the demo scenario. */
  readonly scenario?: string;
  /** Extra CLI arguments (`--faults FILE`). */
  readonly args?: readonly string[];
  /** Give up waiting for the URL line after this many ms (default 30 s). */
  readonly startTimeoutMs?: number;
}

/** Starts the sandbox CLI in a fresh temp data folder and waits for its URL. */
export async function spawnSandbox(opts: SpawnSandboxOptions = {}): Promise<SandboxProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sandbox-'));
  const tsxCli = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const args = [tsxCli, 'sandbox/cli.ts', '--port', '0', '--data', dataDir];
  if (opts.scenario !== undefined) args.push('--scenario', opts.scenario);
  args.push(...(opts.args ?? []));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`sandbox did not start in time; stderr: ${err}`)),
      opts.startTimeoutMs ?? 30_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /sandbox: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${String(code)}; stderr: ${err}`));
    });
  }).catch(async (e: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

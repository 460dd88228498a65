/**
 * Spawns the REAL sandbox (`node_modules/.bin/tsx sandbox/cli.ts --port 0 …`) and reads the URL
 * it prints. Used by the sandbox integration tests; everything binds to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json } from './platform-client';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The demo scenario, parsed. */
export function demoScenario(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'sandbox/scenarios/demo.json'), 'utf8')) as Record<string, unknown>;
}

/** A fresh temp dir. */
export function tempDir(prefix = 'sandbox-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes the demo scenario with a fixed business date into `dir`; returns the file path. */
export function writeScenario(dir: string, patch: (s: Json) => void = () => undefined, name = 'scenario.json'): string {
  const s: Json = demoScenario();
  s.business_date = '2026-11-20';
  patch(s);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(s, null, 2));
  return file;
}

/** A running sandbox child process. */
export interface SandboxProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** stderr so far. */
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** The result of a sandbox process that exited before listening. */
export interface FailedStart {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function launch(args: readonly string[]): ChildProcess {
  // tsx's shebang runs `node` from PATH: put the Node 22 running the tests first.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  return spawn(join(ROOT, 'node_modules/.bin/tsx'), ['sandbox/cli.ts', '--port', '0', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the sandbox; resolves once it printed its URL. */
export function startSandboxProcess(args: readonly string[]): Promise<SandboxProcess> {
  const child = launch(args);
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sandbox did not start in time: ${err}`));
    }, 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^sandbox: (http:\/\/127\.0\.0\.1:\d+)\n/m.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolvePromise({
          url: m[1],
          child,
          stderr: () => err,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${String(code)} before listening: ${err}`));
    });
  });
}

/** Runs the sandbox expecting it to fail at start; resolves with its exit code and output. */
export function runSandboxExpectingFailure(args: readonly string[]): Promise<FailedStart> {
  const child = launch(args);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((res) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      res({ code, stdout: out, stderr: err });
    });
  });
}

/**
 * A real child process of this repository started with tsx (the same Node 22 as the tests), whose
 * readiness is a line on stdout. Used for the sandbox and the adapter's `serve` in integration
 * tests: they talk to it over HTTP on 127.0.0.1 and may SIGKILL and restart it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './sandbox-process';

export interface ManagedProcess {
  /** Values captured from the ready lines, by pattern name. */
  readonly found: Readonly<Record<string, string>>;
  stdout(): string;
  stderr(): string;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait (no clean shutdown). */
  kill(): Promise<void>;
  readonly child: ChildProcess;
}

/**
 * Starts `node --import tsx <script> ...args` in the repository and waits until every pattern has matched
 * stdout (each pattern's first group is captured under its name).
 */
export async function startManaged(
  script: string,
  args: readonly string[],
  ready: Readonly<Record<string, RegExp>>,
  timeoutMs = 30_000,
  extra: { nodeArgs?: readonly string[]; env?: Readonly<Record<string, string>> } = {},
): Promise<ManagedProcess> {
  // `node --import tsx` runs the script in THIS process (the tsx CLI would fork a child that a
  // SIGKILL of the parent leaves running).
  const child = spawn(process.execPath, ['--import', 'tsx', ...(extra.nodeArgs ?? []), script, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(extra.env ? { env: { ...process.env, ...extra.env } } : {}),
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const found: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not become ready; stdout: ${out}; stderr: ${err}`)),
      timeoutMs,
    );
    const check = () => {
      for (const [name, re] of Object.entries(ready)) {
        const m = re.exec(out);
        if (m?.[1] !== undefined) found[name] = m[1];
      }
      if (Object.keys(ready).every((k) => found[k] !== undefined)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      check();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${String(code)}; stdout: ${out}; stderr: ${err}`));
    });
  });
  child.stdout?.on('data', () => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    found,
    child,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (alive()) {
        child.kill('SIGTERM');
        await exited;
      }
    },
    kill: async () => {
      if (alive()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** The sandbox CLI on a given data folder (restartable: same folder, new port unless given). */
export function startSandboxOn(dataDir: string, scenario: string, port = 0): Promise<ManagedProcess> {
  return startManaged(
    'sandbox/cli.ts',
    ['--port', String(port), '--data', dataDir, '--scenario', scenario, '--quiet'],
    { url: /sandbox: (http:\/\/127\.0\.0\.1:\d+)/ },
  );
}

/** The adapter's headless service with a config file. */
export function startServe(
  configPath: string,
  extra: { nodeArgs?: readonly string[]; env?: Readonly<Record<string, string>> } = {},
): Promise<ManagedProcess> {
  return startManaged(
    'main/app/serve.ts',
    ['--config', configPath],
    { api: /his-api: (http:\/\/127\.0\.0\.1:\d+)/, ui: /ui: (\S+)/ },
    30_000,
    extra,
  );
}

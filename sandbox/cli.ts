/**
 * `npm run sandbox -- --port 8701 --scenario FILE --data DIR [--faults FILE] [--gateway FILE]`. Prints exactly one
 * line `sandbox: http://127.0.0.1:PORT` on stdout when listening (logs go to stderr), and shuts
 * down cleanly on SIGTERM/SIGINT. A malformed scenario exits with code 2 and names the bad path.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './server';
import { ScenarioError } from './scenario/validate';

const DEFAULTS = { port: '8701', scenario: 'sandbox/scenarios/demo.json', data: './.data/sandbox' };

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let values: { port?: string; scenario?: string; data?: string; faults?: string; gateway?: string; quiet?: boolean };
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: {
        port: { type: 'string' },
        scenario: { type: 'string' },
        data: { type: 'string' },
        faults: { type: 'string' },
        gateway: { type: 'string' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail(
      `sandbox: ${(e as Error).message}\nusage: npm run sandbox -- [--port 8701] [--scenario FILE] [--data DIR] [--faults FILE] [--gateway FILE] [--quiet]`,
      2,
    );
  }
  const portText = values.port ?? DEFAULTS.port;
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    fail(`sandbox: --port must be 0–65535, got "${portText}"`, 2);
  const log =
    values.quiet === true ? (): void => undefined : (line: string): void => void process.stderr.write(`${line}\n`);
  let handle;
  try {
    handle = await startSandbox({
      port: Number(portText),
      scenario: values.scenario ?? DEFAULTS.scenario,
      dataDir: values.data ?? DEFAULTS.data,
      ...(values.faults !== undefined ? { faultsFile: values.faults } : {}),
      ...(values.gateway !== undefined ? { gateway: values.gateway } : {}),
      log,
    });
  } catch (e) {
    if (e instanceof ScenarioError) fail(e.message, 2);
    fail(`sandbox: ${(e as Error).message}`, (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 3 : 1);
  }
  process.stdout.write(`sandbox: ${handle.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    handle
      .close()
      .then(() => process.exit(0))
      .catch((e: unknown) => fail(`sandbox: error while closing: ${(e as Error).message}`, 1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();

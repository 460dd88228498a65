/**
 * The UI test harness: the real product in browser mode (`serve --training`, its embedded sandbox,
 * a fresh data folder) driven by real Chromium through playwright-core (docs/toolchain.md).
 */
import { afterAll, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Chromium from Debian, and the flags of docs/toolchain.md. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** A running `serve --training`. */
export interface Served {
  readonly uiUrl: string;
  readonly sandboxUrl: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `tsx main/app/serve.ts --training --port 0` (plus `extraArgs`, e.g. `--institution`) on a
 * fresh data folder; resolves once `ui:` and `sandbox:` are printed.
 */
export async function startServe(extraArgs: readonly string[] = []): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ui-serve-'));
  const child: ChildProcessWithoutNullStreams = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['main/app/serve.ts', '--training', '--port', '0', '--data', dataDir, ...extraArgs],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  let out = '';
  const lines = new Promise<{ ui: string; sandbox: string }>((res, rej) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const ui = /^ui: (\S+)$/m.exec(out)?.[1];
      const sandbox = /^sandbox: (\S+)$/m.exec(out)?.[1];
      if (ui && sandbox) res({ ui, sandbox });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => rej(new Error(`serve exited (${code}) before printing ui:\n${out}`)));
  });
  const { ui, sandbox } = await lines;
  return {
    uiUrl: ui,
    sandboxUrl: sandbox,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Chromium with a new temporary user-data-dir. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ui-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Console errors and page errors of a page (CSP violations show up here). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return problems;
}

/** Saves a full-page screenshot to test-artifacts/ui/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'test-artifacts', 'ui');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Types or scans `text` into the identify field and presses Enter. */
export async function identify(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('identify-input');
  await input.fill(text);
  await input.press('Enter');
}

/** The `data-amount` of a result element. */
export async function amountOf(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).getAttribute('data-amount');
}

/** Arms sandbox faults through its admin endpoint (docs/sandbox-policy.md §6). */
export async function armFaults(sandboxUrl: string, faults: readonly Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${sandboxUrl}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults }),
  });
  if (!res.ok) throw new Error(`faults not armed: ${res.status}`);
}

/** Clears every armed sandbox fault. */
export async function clearFaults(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/__admin/faults`, { method: 'DELETE' });
}

/** The sandbox ledger's settlements of a person (the platform's side). */
export async function ledgerOf(
  sandboxUrl: string,
  psnNo: string,
): Promise<{ setl_id: string; state: string; medfee_sumamt: string }[]> {
  const res = await fetch(`${sandboxUrl}/__admin/settlements?psn_no=${encodeURIComponent(psnNo)}`);
  const body = (await res.json()) as unknown;
  return (Array.isArray(body) ? body : ((body as { settlements?: unknown[] }).settlements ?? [])) as never;
}

/**
 * The setup every UI suite shares: a `serve --training` process (with `extraArgs`, e.g.
 * `--institution P41020200105`) and a Chromium, started before the suite and stopped after it.
 * Read `env.served` and `env.browser` inside the tests.
 */
export function useCashierWindow(extraArgs: readonly string[] = []): {
  readonly served: Served;
  readonly browser: { context: BrowserContext; close(): Promise<void> };
} {
  const env = {} as { served: Served; browser: { context: BrowserContext; close(): Promise<void> } };
  beforeAll(async () => {
    env.served = await startServe(extraArgs);
    env.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.served?.stop();
  });
  return env;
}

/** The HIS API of a running `serve --training` (its URL and token as printed), for tests that act as the HIS. */
export function hisApiOf(served: Served): { readonly url: string; readonly token: string } {
  const out = served.output();
  const url = /^his-api: (\S+)$/m.exec(out)?.[1];
  const token = /^his-api token: (\S+)$/m.exec(out)?.[1];
  if (!url || !token) throw new Error(`serve printed no HIS API address or token:\n${out}`);
  return { url, token };
}

/** Looks at the page at the cashier's screen size, 1366×768. */
export async function atCashierSize(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
}

/** Saves a screenshot of the viewport only (what the cashier sees without scrolling). */
export async function screenshotViewport(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'test-artifacts', 'ui');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

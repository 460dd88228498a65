// `npm start`: bundles the main process, the preload and the renderer into dist/, then launches
// Electron on it. Where Electron cannot run (no binary, as on the build machines, or no display),
// it says so plainly and points to the browser mode.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { buildMain } from './build-main.mjs';
import { buildPreload } from './build-preload.mjs';
import { buildRendererInto } from './build-renderer.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FALLBACK =
  '无法启动 Electron 窗口（本机没有 Electron 程序，或没有图形界面），改用浏览器模式：请用浏览器打开下面的 ui: 地址。\n' +
  'Electron cannot start here (no Electron binary, or no display): serving the same cashier screen in the browser instead.\n';

/**
 * Where Electron cannot run, the same product runs in browser mode (docs/architecture.md §1): the headless
 * service serves the cashier screen on 127.0.0.1 and prints its `ui:` address. With `--config FILE`
 * it uses that file; otherwise training mode on the embedded sandbox.
 */
function fail(detail) {
  process.stderr.write(`${FALLBACK}${detail ? `(${detail})\n` : ''}`);
  const args = process.argv.slice(2);
  const serveArgs = args.includes('--config') ? args : ['--training', ...args.filter((a) => a !== '--training')];
  const serve = spawn(process.execPath, ['scripts/serve.mjs', ...serveArgs], { cwd: ROOT, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => serve.kill(sig));
  serve.on('exit', (code) => process.exit(code ?? 1));
}

await buildMain();
await buildPreload();
await buildRendererInto('dist/renderer');
process.stdout.write('built dist/main/app/electron-main.cjs, dist/main/app/preload.cjs, dist/renderer/\n');

let electronPath = null;
try {
  // electron's index.js answers the binary's path, downloading it on first use where the
  // internet is reachable; on the build machines this fails.
  electronPath = createRequire(import.meta.url)('electron');
} catch (err) {
  electronPath = null;
  fail(err instanceof Error ? err.message.split('\n')[0] : 'no binary');
}
if (electronPath !== null && typeof electronPath !== 'string') {
  electronPath = null;
  fail('no binary');
}
if (electronPath !== null) startElectron(electronPath);

/** Launches Electron on the bundle; if it cannot start or dies, falls back to browser mode. */
function startElectron(binary) {
  const child = spawn(binary, [ROOT, ...process.argv.slice(2)], { stdio: 'inherit', windowsHide: false });
  child.on('error', (err) => fail(err.message));
  child.on('exit', (code, signal) => {
    if (code === 0) process.exit(0);
    fail(signal ? `signal ${signal}` : `exit code ${code}`);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

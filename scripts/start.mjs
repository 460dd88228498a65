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
  '无法启动 Electron 窗口（本机没有 Electron 程序，或没有图形界面）。\n' +
  'Electron cannot start here (no Electron binary, or no display).\n' +
  '可以改用浏览器模式 / use the browser mode instead:  npm run serve -- --training\n';

function fail(detail) {
  process.stderr.write(`${FALLBACK}${detail ? `(${detail})\n` : ''}`);
  process.exit(1);
}

await buildMain();
await buildPreload();
await buildRendererInto('dist/renderer');
process.stdout.write('built dist/main/app/electron-main.cjs, dist/main/app/preload.cjs, dist/renderer/\n');

let electronPath;
try {
  // electron's index.js answers the binary's path, downloading it on first use where the
  // internet is reachable; on the build machines this fails.
  electronPath = createRequire(import.meta.url)('electron');
} catch (err) {
  fail(err instanceof Error ? err.message.split('\n')[0] : 'no binary');
}
if (typeof electronPath !== 'string') fail('no binary');

const child = spawn(electronPath, [ROOT, ...process.argv.slice(2)], { stdio: 'inherit', windowsHide: false });
child.on('error', (err) => fail(err.message));
child.on('exit', (code, signal) => {
  if (code === 0) process.exit(0);
  fail(signal ? `signal ${signal}` : `exit code ${code}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));

/**
 * The Electron shell of the cashier window (docs/architecture.md §1 `main/app`, §4). One instance per
 * PC; the services come from `startRuntime` (./runtime); the window comes from the one factory;
 * the page is served from the app's own scheme; the bridge is registered on IPC with the sender
 * check. Training mode (the embedded sandbox) when nothing is configured. On quit the runtime is
 * closed and awaited, so the journal and queue stop cleanly.
 *
 * Bundled to dist/main/app/electron-main.cjs by scripts/start.mjs; the preload and the renderer
 * sit next to it (dist/main/app/preload.cjs, dist/renderer/).
 */
import { app, protocol, safeStorage } from 'electron';
import type { BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startRuntime } from './runtime';
import { electronSlipPrinter } from './slip-printer';
import { createSecureWindow } from './window-factory';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { registerBridgeIpc } from './ipc/register-bridge-handlers';
import { ownWindowCheck } from './ipc/sender-check';
import { safeStorageKeyWrapper } from './safe-storage-key';

/** Where the config file is: `--config <path>` in development only; else the user-data folder. */
function configPathOf(argv: readonly string[]): string {
  // A packaged build ignores overrides (docs/architecture.md §5.18): only the user-data config counts.
  if (!app.isPackaged) {
    const i = argv.indexOf('--config');
    const given = i >= 0 ? argv[i + 1] : undefined;
    if (given !== undefined) return given;
  }
  return join(app.getPath('userData'), 'config.json');
}

/** True when `--config` named the file (a development start; a packaged build ignores it). */
function configFromFlag(argv: readonly string[]): boolean {
  return !app.isPackaged && argv.includes('--config');
}

/** One line to the console; no personal data ever goes through here. */
function log(line: string): void {
  process.stdout.write(`[electron-main] ${line}\n`);
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    // Two windows on one PC would share one journal and one queue: the second simply leaves.
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

  let win: BrowserWindow | null = null;
  let runtime: Awaited<ReturnType<typeof startRuntime>> | null = null;
  let closed = false;

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    // Belt and braces: no page of this app may open windows, whoever created it.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app
    .whenReady()
    .then(async () => {
      const configPath = configPathOf(process.argv);
      const training = process.argv.includes('--training') || !existsSync(configPath);
      if (training) log('没有找到配置文件，以培训模式启动（内置模拟平台）。');
      // The packaged app carries its built renderer; the runtime serves it in browser mode too.
      const rendererDir = join(__dirname, '..', '..', 'renderer');
      // The data key is kept by the OS secret store (S4); never in the config, the logs or IPC.
      const keyWrapper = safeStorageKeyWrapper(safeStorage);
      // The window talks over IPC (sender-checked): no HTTP bridge beside it (hardening issue item 6).
      runtime = await startRuntime({
        ...(training
          ? { training: true, dataDir: join(app.getPath('userData'), 'training') }
          : { configPath, training: false, configFromFlag: configFromFlag(process.argv), secretCipher: safeStorage }),
        rendererDir,
        browserUi: false,
        slipPrinter: electronSlipPrinter(),
        ...(keyWrapper ? { keyWrapper } : {}),
      });

      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

      win = createSecureWindow({
        preloadPath: join(__dirname, 'preload.cjs'),
        devTools: !app.isPackaged,
        options: {
          width: 1366,
          height: 860,
          minWidth: 1024,
          minHeight: 700,
          title: '异地就医结算',
          show: false,
          autoHideMenuBar: true,
        },
      });
      const contents = win.webContents;
      registerBridgeIpc(
        runtime.bridge,
        ownWindowCheck(() => (win && !win.isDestroyed() ? contents : null), APP_ORIGIN),
      );
      win.once('ready-to-show', () => win?.show());
      win.on('closed', () => {
        win = null;
      });
      await win.loadURL(APP_INDEX_URL);
    })
    .catch((err: unknown) => {
      log(`启动失败：${err instanceof Error ? err.name : 'error'}`);
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (closed || runtime === null) return;
    // Hold the quit until the runtime has stopped its queue and closed the store.
    event.preventDefault();
    const r = runtime;
    runtime = null;
    void r
      .close()
      .catch(() => log('关闭时出错'))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

main();

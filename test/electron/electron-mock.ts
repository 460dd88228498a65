/**
 * The mocked `electron` module (the only fake the tests allow, docs/architecture.md §4). It records what
 * the app asks of Electron — window options, event handlers, session handlers, IPC handlers,
 * exposed globals — so that the tests can assert them and fire the events by hand.
 */
import { vi } from 'vitest';
import type { Mock } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';

type Listener = (...args: unknown[]) => unknown;
type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** A session: permission handlers and the response-headers hook. */
export class FakeSession {
  requestHandler: Listener | null = null;
  checkHandler: Listener | null = null;
  headersListener: Listener | null = null;
  readonly webRequest = {
    onHeadersReceived: (fn: Listener) => {
      this.headersListener = fn;
    },
  };
  setPermissionRequestHandler(fn: Listener | null): void {
    this.requestHandler = fn;
  }
  setPermissionCheckHandler(fn: Listener | null): void {
    this.checkHandler = fn;
  }
}

let nextId = 1;

/** A webContents: event listeners, the window-open handler, its URL. */
export class FakeWebContents {
  readonly id = nextId++;
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: Listener | null = null;
  readonly session = new FakeSession();
  url = '';
  destroyed = false;
  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Listener): this {
    return this.on(event, fn);
  }
  setWindowOpenHandler(fn: Listener): void {
    this.windowOpenHandler = fn;
  }
  /** Print jobs asked (`webContents.print`); the callback answers `FakeWebContents.printAnswer` (a test sets it). */
  readonly printed: Record<string, unknown>[] = [];
  static printAnswer: [boolean, string] = [true, ''];
  print(options: Record<string, unknown>, cb: (success: boolean, reason: string) => void): void {
    this.printed.push(options);
    cb(...FakeWebContents.printAnswer);
  }
  /** `printToPDF`: records the options; answers the page's URL as bytes (so a test sees what was rendered). */
  readonly pdfOptions: Record<string, unknown>[] = [];
  printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    this.pdfOptions.push(options);
    return Promise.resolve(Buffer.from(`%PDF-fake ${this.url}`));
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Fires `event` with a preventable event object; answers whether it was prevented. */
  fire(event: string, extra: Record<string, unknown> = {}): boolean {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true), ...extra };
    for (const fn of this.listeners.get(event) ?? []) fn(e, extra['url']);
    return prevented;
  }
}

/** A BrowserWindow that keeps its constructor options. */
export class FakeBrowserWindow {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  constructor(readonly options: Record<string, unknown>) {
    FakeBrowserWindow.created.push(this);
  }
  on(): this {
    return this;
  }
  once(): this {
    return this;
  }
  loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyedWindow;
  }
  destroyedWindow = false;
  destroy(): void {
    this.destroyedWindow = true;
  }
}

/** ipcMain: the registered handlers by channel. */
export const ipcMain = {
  handlers: new Map<string, InvokeListener>(),
  handle(channel: string, fn: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

/** contextBridge: what the preload exposed, by name. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(name: string, api: unknown): void {
    this.exposed.set(name, api);
  },
};

/** ipcRenderer: `invoke` is a spy the tests program. */
export const ipcRenderer: { invoke: Mock<(channel: string, arg: unknown) => Promise<unknown>>; send: Mock; on: Mock } =
  {
    invoke: vi.fn<(channel: string, arg: unknown) => Promise<unknown>>(),
    send: vi.fn(),
    on: vi.fn(),
  };

/** The module object handed to vi.mock('electron'). */
export const electronMock: Record<string, unknown> = {
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  app: undefined,
  protocol: undefined,
  // The OS secret store: a reversible stand-in (the tests never read a real keyring).
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (s: string) => Buffer.from(s, 'utf8').reverse(),
    decryptString: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
  },
};

/** app: its event handlers, the single-instance answer, and the calls to quit/exit. */
export const app = {
  isPackaged: false,
  userData: '/nonexistent-user-data',
  lock: true,
  events: new Map<string, Listener[]>(),
  quit: vi.fn() as Mock,
  exit: vi.fn() as Mock,
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected path ${name}`);
    return this.userData;
  },
  on(event: string, fn: Listener): void {
    this.events.set(event, [...(this.events.get(event) ?? []), fn]);
  },
  whenReady(): Promise<void> {
    return Promise.resolve();
  },
  requestSingleInstanceLock(): boolean {
    return this.lock;
  },
};

/** protocol: the privileged schemes and the handlers. */
export const protocol: { registerSchemesAsPrivileged: Mock; handle: Mock } = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

electronMock['app'] = app;
electronMock['protocol'] = protocol;

/**
 * safeStorage: a stand-in OS secret store. "Encryption" is a reversible transform with a marker, so
 * a test can tell a wrapped key from a raw one; `available` switches it off.
 */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  encryptString(plain: string): Buffer {
    return Buffer.concat([Buffer.from('FAKE-OS-SEALED:'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
  },
  decryptString(sealed: Buffer): string {
    const marker = Buffer.from('FAKE-OS-SEALED:');
    if (!sealed.subarray(0, marker.length).equals(marker)) throw new Error('not sealed by this store');
    return Buffer.from(sealed.subarray(marker.length).map((b) => b ^ 0x5a)).toString('utf8');
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
};
electronMock['safeStorage'] = safeStorage;

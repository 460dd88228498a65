/**
 * The preload of the cashier window. It runs sandboxed (bundled into one CommonJS file by
 * scripts/build-preload.mjs) and exposes exactly one object, `window.settlement`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preload-bridge';

// The one name the page sees.
const BRIDGE_GLOBAL = 'settlement';

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  createPreloadBridge((channel, arg) => ipcRenderer.invoke(channel, arg), {
    setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
    clearInterval: (h) => globalThis.clearInterval(h as number),
  }),
);

/**
 * The renderer's single way to the services: `window.settlement`. In Electron the preload has put
 * it there; in a plain browser the HTTP shim is installed once from the page's `#token=` fragment.
 */
import type { SettlementBridge } from '../../shared/ipc/contract';
import { readUiToken } from '../../shared/ipc/http-transport';
import { createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    /** The bridge object (preload in Electron, HTTP shim in browser mode). */
    settlement?: SettlementBridge;
  }
}

/** sessionStorage key of the UI token (this tab only). */
const TOKEN_KEY = 'settlement.ui-token';

/** Returns `window.settlement`, installing the browser-mode shim when the page has none. */
export function getBridge(): SettlementBridge | null {
  if (window.settlement) return window.settlement;
  const fromHash = readUiToken(window.location.hash);
  if (fromHash !== null) {
    // Keep it for a reload of this tab only, and drop it from the address bar so that it is not
    // shown, bookmarked or copied.
    window.sessionStorage.setItem(TOKEN_KEY, fromHash);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? window.sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return null;
  const bridge = createHttpBridge({
    token,
    fetch: (url, init) => window.fetch(url, init),
    timers: {
      setInterval: (fn, ms) => window.setInterval(fn, ms),
      clearInterval: (h) => window.clearInterval(h as number),
    },
  });
  Object.defineProperty(window, 'settlement', { value: bridge, writable: false, configurable: false });
  return bridge;
}

/**
 * Who may call the bridge (docs/architecture.md §5.4, S5): only the app's own window, and only while its
 * top frame shows the app's own page. A frame from anywhere else — a navigated frame, a devtools
 * extension, another window — is refused before its arguments are even read.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';

/** Decides whether an IPC event comes from the app's own window. */
export type OwnWindowCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * The check for a window whose pages live under `origin` (e.g. `app://cashier`):
 * the sender must be `getOwnContents()` and its frame must be the top frame at that origin.
 */
export function ownWindowCheck(getOwnContents: () => WebContents | null, origin: string): OwnWindowCheck {
  return (event) => {
    const own = getOwnContents();
    if (own === null || own.isDestroyed() || event.sender.id !== own.id) return false;
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null) return false;
    try {
      // Node's URL gives custom schemes an opaque origin ('null'), so compare scheme and host.
      const u = new URL(frame.url);
      return `${u.protocol}//${u.host}` === origin && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  };
}

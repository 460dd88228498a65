/**
 * Printing a slip through Electron (issue 18 item 4): the slip's HTML is loaded into a hidden,
 * script-less, sandboxed window and printed with the system print dialog (`webContents.print`), or
 * rendered to PDF (`webContents.printToPDF`). In browser mode there is no printer here: the bridge
 * answers `printed: false` and the page opens the browser's own print dialog.
 */
import { BrowserWindow } from 'electron';

/** What the bridge needs to print. */
export interface SlipPrinter {
  /** Opens the print dialog for the slip; resolves when the job is handed over (or cancelled). */
  print(html: string): Promise<{ readonly printed: boolean; readonly reason: string | null }>;
  /** The slip as PDF bytes. */
  pdf(html: string): Promise<Uint8Array>;
}

async function hiddenWindowWith(html: string): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
  return win;
}

/** The Electron printer (main/app only; electron is mocked in tests). */
export function electronSlipPrinter(): SlipPrinter {
  return {
    async print(html) {
      const win = await hiddenWindowWith(html);
      try {
        return await new Promise((resolve) => {
          win.webContents.print({ silent: false, printBackground: true }, (success, reason) =>
            resolve({ printed: success, reason: success ? null : reason }),
          );
        });
      } finally {
        win.destroy();
      }
    },
    async pdf(html) {
      const win = await hiddenWindowWith(html);
      try {
        return new Uint8Array(await win.webContents.printToPDF({ printBackground: true, pageSize: 'A5' }));
      } finally {
        win.destroy();
      }
    },
  };
}

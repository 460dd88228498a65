/**
 * File modes of what the adapter keeps (hardening issue item 4): 0600 for every file holding a
 * secret or personal data (the config file with the HIS token, the SQLite database and its WAL,
 * the logs, diagnostic bundles), 0700 for the data directory and its folders. On Windows chmod
 * only toggles read-only; the installer's ACLs do the job there.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

/** rw------- */
export const FILE_MODE_PRIVATE = 0o600;
/** rwx------ */
export const DIR_MODE_PRIVATE = 0o700;

/** Creates `dir` (and parents) and sets it to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE_PRIVATE });
  chmodSync(dir, DIR_MODE_PRIVATE);
}

/**
 * Sets each existing file to 0600; returns the paths that were wider before (group or others had
 * any access), for one warning line.
 */
export function tightenFiles(paths: readonly string[]): string[] {
  const widened: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) continue;
    if ((statSync(p).mode & 0o077) !== 0) widened.push(p);
    chmodSync(p, FILE_MODE_PRIVATE);
  }
  return widened;
}

// A content hash of source folders: the build caches under dist/ are keyed by it, so a changed
// source (an edit, a checkout, a pull) rebuilds them and an unchanged one is reused as is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders never part of a build's input. */
const SKIP = new Set(['node_modules', 'dist', '.data', 'test-artifacts', '.git']);

/**
 * SHA-256 (hex) over the relative path and bytes of every file under `entries` (folders or files,
 * relative to `root`), in a stable order. Missing entries count as empty.
 */
export function sourceHash(root, entries) {
  const h = createHash('sha256');
  const files = [];
  const walk = (abs) => {
    let list;
    try {
      list = readdirSync(abs, { withFileTypes: true });
    } catch {
      files.push(abs);
      return;
    }
    for (const d of list) {
      if (SKIP.has(d.name)) continue;
      const p = join(abs, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.isFile()) files.push(p);
    }
  };
  for (const e of entries) walk(join(root, e));
  files.sort();
  for (const f of files) {
    h.update(relative(root, f).split('\\').join('/'));
    h.update('\0');
    try {
      h.update(readFileSync(f));
    } catch {
      h.update('(missing)');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

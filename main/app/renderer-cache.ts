/**
 * The browser-mode UI built once per source version (issue 19, cold start): the renderer bundle is
 * cached under `dist/ui-cache/<hash>/`, keyed by a content hash of its sources (renderer/ and the
 * shared/ code it imports), so a start with unchanged sources serves the cached files instead of
 * running esbuild. Concurrent starts (parallel tests) each build into a private folder and rename
 * it into place; the first rename wins and the others use it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folders (relative to the project root) the renderer bundle is built from. */
export const RENDERER_INPUTS: readonly string[] = ['renderer', 'shared'];

/** SHA-256 (hex) over the relative path and bytes of every file under `dirs`, in a stable order. */
export function treeHash(root: string, dirs: readonly string[]): string {
  const files: string[] = [];
  const walk = (abs: string): void => {
    for (const d of readdirSync(abs, { withFileTypes: true })) {
      if (d.name === 'node_modules') continue;
      const p = join(abs, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.isFile()) files.push(p);
    }
  };
  for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d));
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(relative(root, f).split('\\').join('/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Whether `dir` holds a complete build (the last files esbuild writes are both there). */
function complete(dir: string): boolean {
  return existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'app.js'));
}

/**
 * The folder holding the renderer built from the sources under `projectRoot` as they are now:
 * the cached one when there, else built once with `build` (an absolute output folder) and cached.
 * Older cached versions are removed after a new build.
 */
export async function cachedRendererDir(
  projectRoot: string,
  build: (outDir: string) => Promise<void>,
): Promise<string> {
  const cacheRoot = join(projectRoot, 'dist', 'ui-cache');
  const key = treeHash(projectRoot, RENDERER_INPUTS).slice(0, 24);
  const dir = join(cacheRoot, key);
  if (complete(dir)) return dir;
  mkdirSync(cacheRoot, { recursive: true });
  const tmp = join(cacheRoot, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await build(tmp);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another start renamed its build into place first: use that one.
      if (!complete(dir)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const old of readdirSync(cacheRoot)) {
    if (old !== key && !old.startsWith('.tmp-')) rmSync(join(cacheRoot, old), { recursive: true, force: true });
  }
  return dir;
}

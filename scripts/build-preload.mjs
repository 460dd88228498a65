// Bundles the preload (main/app/preload/preload.ts) into ONE CommonJS file, because a sandboxed
// preload (sandbox: true, docs/architecture.md §2) can `require` nothing but `electron`.
// Usage: node scripts/build-preload.mjs [outFile]   (default dist/main/app/preload.cjs)
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the preload into `outFile` (absolute or relative to the project root). */
export async function buildPreload(outFile = 'dist/main/app/preload.cjs') {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['main/app/preload/preload.ts'],
    outfile: resolve(ROOT, outFile),
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: ['chrome120'],
    external: ['electron'],
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildPreload(process.argv[2]);
}

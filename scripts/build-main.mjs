// Bundles the Electron main process (main/app/electron-main.ts and everything it composes) into
// ONE CommonJS file, dist/main/app/electron-main.cjs (package.json "main"). Only electron and the
// native better-sqlite3 stay outside the bundle.
// Usage: node scripts/build-main.mjs [outFile]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the main process into `outFile` (absolute or relative to the project root). */
export async function buildMain(outFile = 'dist/main/app/electron-main.cjs') {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['main/app/electron-main.ts'],
    outfile: resolve(ROOT, outFile),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: ['node22'],
    // esbuild (a build tool with a native binary) is never bundled; the packaged app gets its
    // renderer prebuilt in dist/renderer.
    external: ['electron', 'better-sqlite3', 'esbuild', 'koffi'],
    // ESM sources may read import.meta.url; in the CommonJS bundle it is this file's URL.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // Training mode reads the demo scenario relative to the bundle's project root (two folders up
  // from dist/main/app, i.e. dist/): ship the scenarios there.
  const out = resolve(ROOT, outFile);
  cpSync(join(ROOT, 'sandbox', 'scenarios'), join(dirname(out), '..', '..', 'sandbox', 'scenarios'), {
    recursive: true,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildMain(process.argv[2]);
}

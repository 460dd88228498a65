// Bundles the headless service (main/app/serve.ts and everything it composes) into ONE CommonJS
// file, dist/serve/serve.cjs, so that `npm run serve` starts compiled JavaScript instead of
// compiling TypeScript with tsx on every launch (issue 19, cold start). Only the native
// better-sqlite3, the build tool esbuild and the lazily loaded exceljs stay outside the bundle.
// Usage: node scripts/build-serve.mjs
import { readFileSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceHash } from './source-hash.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle and the stamp holding the source hash it was built from. */
export const SERVE_BUNDLE = join(ROOT, 'dist', 'serve', 'serve.cjs');
const STAMP = join(ROOT, 'dist', 'serve', 'source-hash');

/** Everything the bundle is built from. */
const INPUTS = [
  'main',
  'shared',
  'sandbox',
  'renderer',
  'package-lock.json',
  'scripts/build-serve.mjs',
  'scripts/source-hash.mjs',
];

/** The hash of the bundle's inputs now. */
export function serveSourceHash() {
  return sourceHash(ROOT, INPUTS);
}

/** Whether dist/serve/serve.cjs was built from the sources as they are now. */
export function serveBundleFresh(hash = serveSourceHash()) {
  try {
    return readFileSync(STAMP, 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

/**
 * Each source file that reads `import.meta.url` (to find files beside it: the demo scenario, the
 * renderer's sources) gets its own ORIGINAL location, computed from the bundle's, so that paths
 * resolve inside the checkout exactly as under tsx.
 */
const sourceUrlPlugin = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(dirname(SERVE_BUNDLE), args.path).split('\\').join('/');
      const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`;
      return { contents: text.split('import.meta.url').join(url), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/** Builds dist/serve/serve.cjs and stamps it with the source hash (written last, atomically). */
export async function buildServe(hash = serveSourceHash()) {
  mkdirSync(dirname(SERVE_BUNDLE), { recursive: true });
  const tmp = `${SERVE_BUNDLE}.${process.pid}.tmp`;
  // Loaded on use: a launch with a fresh bundle never pays for loading the build tool.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['main/app/serve.ts'],
    outfile: tmp,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: ['node22'],
    // exceljs (2 MB, loaded on first use by the XLSX import and export) stays a runtime dependency
    // read from node_modules when needed, so that every start does not compile it.
    external: ['electron', 'better-sqlite3', 'esbuild', 'exceljs', 'koffi'],
    plugins: [sourceUrlPlugin],
    // Packages that read import.meta.url get the bundle's own URL.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  renameSync(tmp, SERVE_BUNDLE);
  writeFileSync(`${STAMP}.${process.pid}.tmp`, hash);
  renameSync(`${STAMP}.${process.pid}.tmp`, STAMP);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServe();
  process.stdout.write(`built ${relative(ROOT, SERVE_BUNDLE)}\n`);
}

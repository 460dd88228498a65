/**
 * Builds the cashier UI into `outDir`: `index.html`, `app.js`, `app.css` — no remote assets, no
 * inline script or style, React in production mode, zod jitless (see setup-zod.ts), so that the
 * page runs under `RENDERER_CSP` (shared/ipc/http-transport.ts). Used by `npm run build:renderer`,
 * `npm start` and by main/app's browser mode. Uses esbuild only (no Node API here: the renderer
 * layer has none, docs/architecture.md §2).
 */

/** This folder, as a file-system path (POSIX or Windows). */
function rendererDir(): string {
  const p = decodeURIComponent(new URL('.', import.meta.url).pathname);
  // `/C:/x/` on Windows.
  return /^\/[A-Za-z]:\//.test(p) ? p.slice(1) : p;
}

/**
 * Builds the renderer into `outDir`, an absolute path (created when missing; existing files are
 * overwritten). A relative path is refused, because esbuild would read it from this folder.
 */
export async function buildRenderer(outDir: string): Promise<void> {
  if (!/^(\/|[A-Za-z]:[\\/])/.test(outDir)) throw new Error(`buildRenderer needs an absolute outDir: ${outDir}`);
  // Loaded on use only: a packaged app (which has no esbuild) imports this module but never builds.
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: rendererDir(),
    entryPoints: [
      { in: 'index.ts', out: 'app' },
      { in: 'index.html', out: 'index' },
    ],
    loader: { '.html': 'copy' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: outDir,
    write: true,
    logLevel: 'warning',
  });
}

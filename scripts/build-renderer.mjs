// `npm run build:renderer`: builds the cashier UI into dist/renderer (or the folder given).
// renderer/build.ts is TypeScript, so this script runs under tsx.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the renderer into `outDir` (absolute or relative to the project root). */
export async function buildRendererInto(outDir = 'dist/renderer') {
  const { tsImport } = await import('tsx/esm/api');
  const mod = await tsImport('../renderer/build.ts', import.meta.url);
  await mod.buildRenderer(resolve(ROOT, outDir));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'dist/renderer';
  await buildRendererInto(out);
  process.stdout.write(`renderer built: ${resolve(ROOT, out)}\n`);
}

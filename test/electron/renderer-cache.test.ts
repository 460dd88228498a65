/**
 * The browser-mode UI is built once per source version (issue 19, cold start): a start with
 * unchanged renderer sources reuses the cached build, a changed source builds anew (and drops the
 * old version), and concurrent starts end on one complete folder.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedRendererDir, treeHash } from '../../main/app/renderer-cache';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A project root with a renderer/ and shared/ source tree. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'renderer-cache-'));
  roots.push(root);
  mkdirSync(join(root, 'renderer'), { recursive: true });
  mkdirSync(join(root, 'shared'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'shared', 'money.ts'), 'export const m = 2;\n');
  return root;
}

/** A stand-in for esbuild that writes the two files a build ends with and counts its runs. */
function countingBuild() {
  const runs: string[] = [];
  return {
    runs,
    build: async (outDir: string) => {
      runs.push(outDir);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'app.js'), `// build ${runs.length}\n`);
      writeFileSync(join(outDir, 'index.html'), '<!doctype html>\n');
    },
  };
}

describe('cachedRendererDir', () => {
  it('builds once and reuses the build while the sources are unchanged', async () => {
    const root = project();
    const b = countingBuild();
    const first = await cachedRendererDir(root, b.build);
    const second = await cachedRendererDir(root, b.build);
    expect(second).toBe(first);
    expect(b.runs).toHaveLength(1);
    expect(readFileSync(join(first, 'app.js'), 'utf8')).toBe('// build 1\n');
    expect(first.startsWith(join(root, 'dist', 'ui-cache'))).toBe(true);
  });

  it('rebuilds when a renderer or shared source changes, and drops the old version', async () => {
    const root = project();
    const b = countingBuild();
    const first = await cachedRendererDir(root, b.build);
    writeFileSync(join(root, 'shared', 'money.ts'), 'export const m = 3;\n');
    const second = await cachedRendererDir(root, b.build);
    expect(second).not.toBe(first);
    expect(b.runs).toHaveLength(2);
    expect(readdirSync(join(root, 'dist', 'ui-cache'))).toEqual([second.split(/[\\/]/).pop()]);
  });

  it('ends concurrent first starts on one complete folder with no leftovers', async () => {
    const root = project();
    const b = countingBuild();
    const dirs = await Promise.all([
      cachedRendererDir(root, b.build),
      cachedRendererDir(root, b.build),
      cachedRendererDir(root, b.build),
    ]);
    expect(new Set(dirs).size).toBe(1);
    expect(readdirSync(join(root, 'dist', 'ui-cache'))).toHaveLength(1);
    expect(readdirSync(dirs[0] ?? '').sort()).toEqual(['app.js', 'index.html']);
  });

  it('a failed build leaves no cache entry behind', async () => {
    const root = project();
    await expect(
      cachedRendererDir(root, async (out) => {
        mkdirSync(out, { recursive: true });
        throw new Error('esbuild failed');
      }),
    ).rejects.toThrow('esbuild failed');
    expect(readdirSync(join(root, 'dist', 'ui-cache'))).toEqual([]);
  });

  it('hashes paths and contents: a renamed file changes the hash', () => {
    const root = project();
    const before = treeHash(root, ['renderer', 'shared']);
    expect(treeHash(root, ['renderer', 'shared'])).toBe(before);
    rmSync(join(root, 'renderer', 'index.ts'));
    writeFileSync(join(root, 'renderer', 'main.ts'), 'export const a = 1;\n');
    expect(treeHash(root, ['renderer', 'shared'])).not.toBe(before);
  });
});

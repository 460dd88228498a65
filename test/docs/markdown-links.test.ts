/**
 * Every relative link in the repository's Markdown resolves: the file exists, and a `#anchor` names
 * a heading or an `<a id>` of the target (docs/architecture.md §2 keeps the docs honest the same way
 * lint keeps the layers). External links (http, mailto) are not fetched: there is no internet here.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, outlineOf, readRepoFile, repoFiles, withoutFences } from './doc-index';

/** The dead links of one Markdown file, as `line: target (why)`. */
function deadLinks(rel: string, text: string): string[] {
  const dead: string[] = [];
  withoutFences(text)
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/`[^`]*`/g, '');
      for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        const target = m[1] ?? '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
        const [file = '', anchor] = target.split('#', 2);
        const resolved =
          file === '' ? rel : path.posix.normalize(path.posix.join(path.posix.dirname(rel), decodeURI(file)));
        if (resolved.startsWith('..') || !existsSync(path.join(REPO_ROOT, resolved))) {
          dead.push(`${i + 1}: ${target} (no such file)`);
          continue;
        }
        if (anchor === undefined || anchor === '') continue;
        const outline = resolved.endsWith('.md') ? outlineOf(resolved) : null;
        if (!outline?.anchors.has(decodeURIComponent(anchor))) dead.push(`${i + 1}: ${target} (no such anchor)`);
      }
    });
  return dead;
}

describe('Markdown links', () => {
  const files = repoFiles(['.md']);

  it('finds the project docs and the folder READMEs', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/glossary.md', 'main/queue/README.md']),
    );
  });

  it('reports a missing file, a missing anchor, and skips code and external links', () => {
    const text = [
      '[ok](architecture.md#1-layer-map) [gone](nowhere.md) [bad anchor](reliability.md#no-such-section)',
      '`[in code](nowhere.md)` [web](https://example.invalid/x.md)',
      '```',
      '[fenced](nowhere.md)',
      '```',
    ].join('\n');
    expect(deadLinks('docs/probe.md', text)).toEqual([
      '1: nowhere.md (no such file)',
      '1: reliability.md#no-such-section (no such anchor)',
    ]);
  });

  it('has no dead relative link or anchor in any Markdown file', () => {
    const dead = files.flatMap((f) => deadLinks(f, readRepoFile(f)).map((d) => `${f}:${d}`));
    expect(dead).toEqual([]);
  });
});

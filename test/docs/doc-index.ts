/**
 * What the repository's documentation offers to a reference: its Markdown files, the anchors of
 * each (GitHub heading slugs and explicit `<a id>`), and the numbered sections (`## 2. …`,
 * `### 1.2a …`, and numbered list items inside a section, so section 4.5 can name step 5 of section 4).
 * Used by the link checker and the comment-reference checker in this folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/sandbox-process';

export { REPO_ROOT };

/** Folders never walked: installed packages, build output, data and hidden folders. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'coverage', 'test-artifacts']);

/** Every file under the repository root (relative paths, `/`-separated) whose name ends with one of `exts`. */
export function repoFiles(exts: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.') && e.name !== '.ci') continue;
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !child.startsWith('test/fixtures')) walk(child);
      } else if (exts.some((x) => e.name.endsWith(x))) {
        found.push(child);
      }
    }
  };
  walk('');
  return found.sort();
}

/** Reads a repository file as UTF-8. */
export function readRepoFile(rel: string): string {
  return readFileSync(path.join(REPO_ROOT, rel), 'utf8');
}

/** GitHub's anchor for a heading text: lower case, punctuation dropped, spaces to hyphens. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The Markdown text with fenced code blocks blanked (line numbers kept). */
export function withoutFences(md: string): string {
  let inFence = false;
  return md
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return '';
      }
      return inFence ? '' : line;
    })
    .join('\n');
}

/** One Markdown file's anchors and numbered sections. */
export interface DocOutline {
  /** Every anchor a link may name (`#…`). */
  readonly anchors: ReadonlySet<string>;
  /** Section numbers of headings (`2`, `1.2a`) and of numbered steps inside them (`4.5`). */
  readonly sections: ReadonlySet<string>;
}

const cache = new Map<string, DocOutline | null>();

/** The outline of a Markdown file of the repository, or null when it does not exist. */
export function outlineOf(rel: string): DocOutline | null {
  const hit = cache.get(rel);
  if (hit !== undefined) return hit;
  let text: string;
  try {
    text = readRepoFile(rel);
  } catch {
    cache.set(rel, null);
    return null;
  }
  const anchors = new Set<string>();
  const sections = new Set<string>();
  const seen = new Map<string, number>();
  let current: string | null = null;
  for (const line of withoutFences(text).split('\n')) {
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slugOf(h[2] ?? '');
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
      const num = /^(\d+(?:\.\d+)*[a-z]?)(?:\.|\s|$)/.exec(h[2] ?? '');
      current = num?.[1] ?? null;
      if (current !== null) sections.add(current);
    } else if (current !== null) {
      const step = /^\s*(\d+)\.\s/.exec(line);
      if (step) sections.add(`${current}.${step[1]}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1] ?? '');
  }
  const outline = { anchors, sections };
  cache.set(rel, outline);
  return outline;
}

/** The glossary's anchors: a rule code `D-15` resolves when `d-15` is among them. */
export function glossaryAnchors(): ReadonlySet<string> {
  return outlineOf('docs/glossary.md')?.anchors ?? new Set();
}

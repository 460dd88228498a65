/**
 * Every documentation reference in the code's comments and in the Markdown prose resolves inside
 * the repository (docs/glossary.md explains the codes):
 * - a `*.md` name is a file of the repository (the docs pages, the folder READMEs);
 * - a section sign followed by a number (2, 1.2a, 4.5) names a numbered heading, or a numbered
 *   step of one, of the page named last before it in the same file;
 * - a `#anchor` after a page is one of its headings;
 * - a rule code `D-15`, `R1`, `S3`, `V2` is an entry of the glossary.
 * Only comments are read in code (strings are data: a test id `'V1'` is not a citation).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, glossaryAnchors, outlineOf, readRepoFile, repoFiles, withoutFences } from './doc-index';

/** A piece of commentary text and the line it starts on. */
interface Commentary {
  readonly line: number;
  readonly text: string;
}

/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER = new Set([
  '',
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '~',
  '^',
]);

/** The comments of a TypeScript/JavaScript source, skipping strings, templates and regex literals. */
export function commentsOf(src: string): Commentary[] {
  const out: Commentary[] = [];
  let i = 0;
  let line = 1;
  let last = '';
  const n = src.length;
  const skipQuoted = (q: string): void => {
    i += 1;
    while (i < n && src[i] !== q) {
      if (src[i] === '\\') i += 1;
      else if (src[i] === '\n') line += 1;
      i += 1;
    }
    i += 1;
  };
  while (i < n) {
    const c = src[i] ?? '';
    const d = src[i + 1] ?? '';
    if (c === '\n') {
      line += 1;
      i += 1;
    } else if (c === '/' && d === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      out.push({ line, text: src.slice(i + 2, stop) });
      i = stop;
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end;
      const text = src.slice(i + 2, stop);
      out.push({ line, text });
      line += text.split('\n').length - 1;
      i = stop + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      skipQuoted(c);
      last = 'x';
    } else if (c === '/' && REGEX_AFTER.has(last)) {
      let inClass = false;
      i += 1;
      while (i < n && src[i] !== '\n' && (inClass || src[i] !== '/')) {
        if (src[i] === '\\') i += 1;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        i += 1;
      }
      i += 1;
      last = 'x';
    } else {
      if (!/\s/.test(c)) last = /[\w$)\].]/.test(c) ? 'x' : c;
      i += 1;
    }
  }
  return out;
}

/** The `#` comments of a YAML or shell file. */
function hashCommentsOf(src: string): Commentary[] {
  return src.split('\n').flatMap((l, i) => {
    const m = /(?:^|\s)#(?!!)(.*)$/.exec(l);
    return m ? [{ line: i + 1, text: m[1] ?? '' }] : [];
  });
}

/**
 * Markdown prose (fenced code blocks excluded). A link's text is dropped (the link checker resolves
 * its target), and each line starts with the file itself as the current page, so a section sign
 * in a page names a section of that page.
 */
function proseOf(file: string, src: string): Commentary[] {
  const self = path.posix.basename(file);
  return withoutFences(src)
    .split('\n')
    .map((text, i) => ({ line: i + 1, text: `${self} ${text.replace(/\[[^\]]*\]\(/g, '(')}` }));
}

/** One reference token: a page, a section or anchor of the current page, or a rule code (`V8` is the JavaScript engine, not a rule). */
const TOKEN =
  /(?<page>(?<![\w.@/-])[\w./-]*[\w-]\.md)\b(?:#(?<anchor>[\w-]+))?|§\s?(?<section>\d+(?:\.\d+)*(?:[a-z](?![a-z]))?)|(?<![\w-])(?<rule>D-\d+|(?!V8\b)[RSV][1-9])(?![\w.-]?\d)(?![\w])/g;

/** Resolves a page name as written in `file` to a repository path, or null. */
function resolvePage(file: string, page: string): string | null {
  const candidates = [page, path.posix.join(path.posix.dirname(file), page)];
  for (const c of candidates) {
    const norm = path.posix.normalize(c);
    if (!norm.startsWith('..') && existsSync(path.join(REPO_ROOT, norm))) return norm;
  }
  return null;
}

/** The unresolved references of one file's commentary, as `line: reference (why)`. */
export function unresolvedReferences(file: string, parts: readonly Commentary[]): string[] {
  const bad: string[] = [];
  const rules = glossaryAnchors();
  let current: string | null = null;
  for (const part of parts) {
    part.text.split('\n').forEach((text, k) => {
      const at = part.line + k;
      for (const m of text.matchAll(TOKEN)) {
        const g = m.groups ?? {};
        if (g.page !== undefined) {
          const resolved = resolvePage(file, g.page);
          if (resolved === null) {
            bad.push(`${at}: ${g.page} (no such file)`);
            current = null;
            continue;
          }
          current = resolved;
          if (g.anchor !== undefined && !outlineOf(resolved)?.anchors.has(g.anchor))
            bad.push(`${at}: ${g.page}#${g.anchor} (no such anchor)`);
        } else if (g.section !== undefined) {
          if (current === null) bad.push(`${at}: §${g.section} (names no page)`);
          else if (!outlineOf(current)?.sections.has(g.section))
            bad.push(`${at}: ${current} §${g.section} (no such section)`);
        } else if (g.rule !== undefined && !rules.has(g.rule.toLowerCase())) {
          bad.push(`${at}: ${g.rule} (not in docs/glossary.md)`);
        }
      }
    });
  }
  return bad;
}

/** The commentary of a repository file, by its kind. */
function commentaryOf(file: string): Commentary[] {
  const src = readRepoFile(file);
  if (file.endsWith('.md')) return proseOf(file, src);
  if (/\.(ya?ml|sh)$/.test(file) || file.startsWith('.ci/')) return hashCommentsOf(src);
  return commentsOf(src);
}

describe('documentation references', () => {
  it('reads comments, not strings or regular expressions', () => {
    const src = [
      "const a = 'D-99 in a string'; // see docs/reliability.md §2",
      'const r = /\\/\\/ D-98/; const t = `// D-97 ${a}`;',
      '/* D-15 and',
      '   V1 */ const b = a / 2; // §3',
    ].join('\n');
    expect(commentsOf(src)).toEqual([
      { line: 1, text: ' see docs/reliability.md §2' },
      { line: 3, text: ' D-15 and\n   V1 ' },
      { line: 4, text: ' §3' },
    ]);
  });

  it('reports an unknown page, section, anchor and rule code, and resolves good ones', () => {
    const parts: Commentary[] = [
      { line: 1, text: 'docs/reliability.md §2 and §4, step docs/sandbox-policy.md §4.5, D-15, R7, S1, V2' },
      { line: 2, text: 'nowhere.md §1; docs/protocol.md §1.2a §9.9; D-99 V9; docs/his-api.md#errors #ok' },
      { line: 3, text: 'docs/architecture.md#no-such; infver V1.0 is no rule code' },
    ];
    expect(unresolvedReferences('main/probe.ts', parts)).toEqual([
      '2: nowhere.md (no such file)',
      '2: §1 (names no page)',
      '2: docs/protocol.md §9.9 (no such section)',
      '2: D-99 (not in docs/glossary.md)',
      '2: V9 (not in docs/glossary.md)',
      '3: docs/architecture.md#no-such (no such anchor)',
    ]);
  });

  it('every reference in code comments and Markdown resolves inside the repository', () => {
    const files = repoFiles(['.ts', '.tsx', '.js', '.mjs', '.cjs', '.md', '.yml', '.yaml', '.sh']);
    expect(files.length).toBeGreaterThan(300);
    const bad = files.flatMap((f) => unresolvedReferences(f, commentaryOf(f)).map((b) => `${f}:${b}`));
    expect(bad).toEqual([]);
  });
});

// Rewrites citations of the team's background notes into citations of the repository's own pages
// (docs/README.md): `shared/docs/<page>.md`, a bare `<page>.md` and `<page> §N` become
// `docs/<page>.md` and `docs/<page>.md §N`. Idempotent. Run after merging branches
// written against the old form, then `npx vitest run test/docs` lists anything left unresolved.
//   node scripts/rewrite-doc-citations.mjs          (rewrites tracked files, prints a count)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const PAGES = 'architecture|reliability|protocol|sandbox-policy|his-api|gateways|toolchain|ui-contract';
const RULES = [
  [new RegExp(`shared/docs/(${PAGES})\\.md`, 'g'), 'docs/$1.md'],
  [new RegExp(`(?<![\\w/.-])(${PAGES})\\.md`, 'g'), 'docs/$1.md'],
  [new RegExp(`(?<![\\w/.-])(${PAGES}) §`, 'g'), 'docs/$1.md §'],
  [/(?<![\w/.-])domain\.md "Who is who"/g, 'docs/glossary.md "People and places"'],
];
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|yml|yaml|json|sh|html|css)$/;

const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
  .split('\n')
  // docs/ links its pages relatively; test/docs holds probes that cite pages on purpose.
  .filter(
    (f) =>
      f !== '' && !f.startsWith('docs/') && !f.startsWith('test/docs/') && f !== 'package-lock.json' && TEXT.test(f),
  );
let total = 0;
for (const f of files) {
  const before = readFileSync(f, 'utf8');
  let after = before;
  for (const [re, to] of RULES) {
    after = after.replace(re, (...m) => {
      total += 1;
      return to.replace('$1', m[1] ?? '');
    });
  }
  if (after !== before) writeFileSync(f, after);
}
console.log(`${total} citations rewritten`);

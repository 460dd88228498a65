/**
 * The index of the migration tests (docs/architecture.md §5.8): every step of
 * main/store/migrations/index.ts has its own test (a file `migration-<version>.test.ts` under test/,
 * or a suite titled `migration <version>` in another test file),
 * the list strictly increases in multiples of 10, and a fresh file migrates to the newest version.
 * The per-step tests are:
 * - test/store/migration-0010.test.ts — journal, settlements, one live settlement per visit;
 * - test/queue/migration-0020.test.ts — the job queue;
 * - test/catalog/migration-0030.test.ts — catalog and mapping;
 * - test/security/sealed-store.test.ts ("migration 0040-security") — sealed personal data, audit;
 * - test/store/migration-0050.test.ts — reconciliation;
 * - test/store/migration-0070.test.ts — the window's lists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../main/store/sqlite-database';
import { MIGRATIONS } from '../../main/store/migrations/index';
import { migrate, schemaVersion } from '../../main/store/migrations/run-migrations';
import { REPO_ROOT } from '../support/sandbox-process';

/**
 * The versions that have a test: a file `migration-NNNN.test.ts` under test/, or a suite titled
 * `migration NNNN…` in another test file (e.g. 0040 inside test/security/sealed-store.test.ts).
 */
function testedVersions(): Set<number> {
  const found = new Set<number>();
  const testRoot = path.join(REPO_ROOT, 'test');
  for (const entry of readdirSync(testRoot, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.test\.tsx?$/.test(entry.name)) continue;
    const named = /^migration-(\d{4})\.test\.ts$/.exec(entry.name);
    if (named) found.add(Number(named[1]));
    const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/describe\(\s*['"`]migration (\d{4})\b/g)) found.add(Number(m[1]));
  }
  return found;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('every migration has its own test file', () => {
    const tested = testedVersions();
    const missing = MIGRATIONS.filter((m) => !tested.has(m.version)).map((m) => `${m.version}-${m.name}`);
    expect(missing).toEqual([]);
  });

  it('versions are multiples of 10 and strictly increase', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.filter((v) => v % 10 !== 0)).toEqual([]);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });

  it('a fresh database migrates to the newest version in one run, and a second run applies nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migs-'));
    dirs.push(dir);
    const db = openSqlite(path.join(dir, 'a.db'));
    try {
      expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)?.version);
      expect(migrate(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});

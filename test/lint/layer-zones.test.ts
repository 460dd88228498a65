/**
 * Each layer rule of docs/architecture.md §1 is enforced by lint (§2.2): a file with a deliberately bad
 * import, linted as if it stood in that layer, must fail with the zone's rule; a good import passes.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../support/sandbox-process';

const eslint = new ESLint({ cwd: REPO_ROOT });

/** Lints `code` as the file `relPath` of the repository; answers the rule ids that fired. */
async function rulesFor(relPath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, relPath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const ZONE = 'import-x/no-restricted-paths';
const BAN = 'no-restricted-imports';

describe('layer zones fire on forbidden imports', () => {
  it.each([
    [
      'shared/lint-probe.ts',
      "import { IdentifyService } from '../main/services/identify-service';\nexport const X = IdentifyService;\n",
      ZONE,
    ],
    [
      'main/domain/lint-probe.ts',
      "import { openSqlite } from '../store/sqlite-database';\nexport const X = openSqlite;\n",
      ZONE,
    ],
    [
      'main/upstream/lint-probe.ts',
      "import { openSqlite } from '../store/sqlite-database';\nexport const X = openSqlite;\n",
      ZONE,
    ],
    [
      'main/store/lint-probe.ts',
      "import { HttpUpstreamClient } from '../upstream/http-client';\nexport const X = HttpUpstreamClient;\n",
      ZONE,
    ],
    [
      'main/services/lint-probe.ts',
      "import { SqliteJournalRepository } from '../store/journal-repository';\nexport const X = SqliteJournalRepository;\n",
      ZONE,
    ],
    [
      'main/queue/lint-probe.ts',
      "import { SqliteJobStore } from '../store/jobs-repository';\nexport const X = SqliteJobStore;\n",
      ZONE,
    ],
    [
      'main/his-api/lint-probe.ts',
      "import { openSqlite } from '../store/sqlite-database';\nexport const X = openSqlite;\n",
      ZONE,
    ],
    [
      'main/config/lint-probe.ts',
      "import { IdentifyService } from '../services/identify-service';\nexport const X = IdentifyService;\n",
      ZONE,
    ],
    [
      'renderer/lint-probe.ts',
      "import { startRuntime } from '../main/app/runtime';\nexport const X = startRuntime;\n",
      ZONE,
    ],
    ['sandbox/lint-probe.ts', "import { sql } from '../main/store/sql';\nexport const X = sql;\n", ZONE],
    ['shared/lint-probe.ts', "import { readFileSync } from 'node:fs';\nexport const X = readFileSync;\n", BAN],
    ['main/services/lint-probe.ts', "import axios from 'axios';\nexport const X = axios;\n", BAN],
    ['main/store/lint-probe.ts', "import { app } from 'electron';\nexport const X = app;\n", BAN],
    ['renderer/lint-probe.ts', "import Database from 'better-sqlite3';\nexport const X = Database;\n", BAN],
    [
      'main/security/lint-probe.ts',
      "import { openSqlite } from '../store/sqlite-database';\nexport const X = openSqlite;\n",
      ZONE,
    ],
    [
      'main/security/lint-probe.ts',
      "import { startRuntime } from '../app/runtime';\nexport const X = startRuntime;\n",
      ZONE,
    ],
    [
      'main/services/lint-probe.ts',
      "import { hashPassword } from '../security/password-hash';\nexport const X = hashPassword;\n",
      ZONE,
    ],
    ['main/security/lint-probe.ts', "import { app } from 'electron';\nexport const X = app;\n", BAN],
    [
      'main/devices/lint-probe.ts',
      "import { IdentifyService } from '../services/identify-service';\nexport const X = IdentifyService;\n",
      ZONE,
    ],
    [
      'main/devices/lint-probe.ts',
      "import { openSqlite } from '../store/sqlite-database';\nexport const X = openSqlite;\n",
      ZONE,
    ],
    ['main/devices/lint-probe.ts', "import axios from 'axios';\nexport const X = axios;\n", BAN],
    ['main/devices/lint-probe.ts', "import { app } from 'electron';\nexport const X = app;\n", BAN],
    [
      'main/services/lint-probe.ts',
      "import { LibraryCardReader } from '../devices/library-reader';\nexport const X = LibraryCardReader;\n",
      ZONE,
    ],
  ])('%s: %s', async (file, code, rule) => {
    expect(await rulesFor(file, code)).toContain(rule);
  });

  it('allows what the table allows (services → store ports, shared from anywhere)', async () => {
    expect(
      await rulesFor(
        'main/services/lint-probe.ts',
        "import type { SettlementStore } from '../store/ports/settlement-store';\nimport { round2 } from '../../shared/money';\nexport type S = SettlementStore;\nexport const r = round2;\n",
      ),
    ).toEqual([]);
  });

  it('allows main/devices its own imports: shared, node:* and the FFI binding', async () => {
    expect(
      await rulesFor(
        'main/devices/lint-probe.ts',
        "import { readFileSync } from 'node:fs';\nimport koffi from 'koffi';\nimport { round2 } from '../../shared/money';\nexport const X = [readFileSync, koffi, round2];\n",
      ),
    ).toEqual([]);
    expect(
      await rulesFor(
        'main/services/lint-probe.ts',
        "import type { CardReader } from '../devices/ports';\nexport type R = CardReader;\n",
      ),
    ).toEqual([]);
  });

  it('bans default exports and float money helpers', async () => {
    expect(await rulesFor('shared/lint-probe.ts', 'export default 1;\n')).toContain('import-x/no-default-export');
    expect(await rulesFor('shared/lint-probe.ts', 'export const x = (1.5).toFixed(2);\n')).toContain(
      'no-restricted-syntax',
    );
    expect(await rulesFor('shared/lint-probe.ts', "export const x = parseFloat('1.5');\n")).toContain(
      'no-restricted-globals',
    );
  });
});

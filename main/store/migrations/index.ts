/**
 * The ordered list of schema steps. To add one: create `00N0-name.ts` exporting a Migration with
 * the next version (steps of 10), add it at the END of this list, and add its test
 * `migration-00N0.test.ts` beside the tests of its area (migrate to N, insert rows, assert);
 * test/store/migrations.test.ts lists the migration tests and fails when one is missing.
 */
import type { Migration } from './migration';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-jobs';
import { migration0030 } from './0030-catalog';
import { migration0040 } from './0040-security';
import { migration0050 } from './0050-reconciliation';
import { migration0070 } from './0070-window-lists';
import { migration0080 } from './0080-retail-settlements';
import { migration0100 } from './0100-reports';
import { migration0110 } from './0110-growth-indexes';
import { migration0120 } from './0120-settlement-window';

export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0070,
  migration0080,
  migration0100,
  migration0110,
  migration0120,
];

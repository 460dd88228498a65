/**
 * One source for the settlement state sets (docs/reliability.md §2): main/domain's STATE_CLASSES.
 * Everything else that lists states is compared with it here — the partial unique index and the
 * CHECK constraint read back from a migrated database (sqlite_master), the HIS API's lower-case
 * state type, and the renderer's in-flight list. Every loop runs over SETTLEMENT_STATES, so a new
 * state cannot escape a check.
 */
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  IN_FLIGHT_STATES,
  LIVE_STATES,
  PENDING_STATES,
  RESETTLE_STATES,
  SETTLEMENT_STATES,
  STATE_CLASSES,
  TERMINAL_STATES,
  allowsResettle,
  apiState,
  isLive,
  type SettlementStateCode,
} from '../../main/domain/settlement-state';
import type { SettlementState } from '../../shared/api/views';
import { IN_FLIGHT_STATES as RENDERER_IN_FLIGHT } from '../../renderer/lib/labels';
import { openSqlite } from '../../main/store/sqlite-database';
import { migrate } from '../../main/store/migrations/run-migrations';

const dir = mkdtempSync(path.join(tmpdir(), 'state-sets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CREATE statement of a table or index, as SQLite stores it after all migrations. */
function schemaSql(name: string): string {
  const db = openSqlite(path.join(dir, `${name}.db`));
  try {
    migrate(db);
    const row = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string } | undefined;
    if (!row) throw new Error(`${name} not in sqlite_master`);
    return row.sql;
  } finally {
    db.close();
  }
}

/** The quoted values of `state IN (…)` in a statement. */
function stateList(statement: string): string[] {
  const m = /state\s+IN\s*\(([^)]*)\)/i.exec(statement);
  if (!m) throw new Error(`no state IN (…) in ${statement}`);
  return [...(m[1] ?? '').matchAll(/'([^']+)'/g)].map((x) => x[1] ?? '');
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe('the database agrees with the domain', () => {
  it('the partial unique index one_live_settlement_per_visit covers exactly the live states', () => {
    const index = schemaSql('one_live_settlement_per_visit');
    expect(index).toMatch(/CREATE UNIQUE INDEX one_live_settlement_per_visit ON settlements \(visit_id\)/);
    expect(sorted(stateList(index))).toEqual(sorted(LIVE_STATES));
  });

  it("the settlements table's CHECK allows exactly the domain's states", () => {
    expect(sorted(stateList(schemaSql('settlements')))).toEqual(sorted(SETTLEMENT_STATES));
  });
});

describe('the classification', () => {
  it('lists every state once', () => {
    expect(new Set(SETTLEMENT_STATES).size).toBe(SETTLEMENT_STATES.length);
    expect(sorted(Object.keys(STATE_CLASSES))).toEqual(sorted(SETTLEMENT_STATES));
  });

  it.each(SETTLEMENT_STATES)('%s is either live or free to settle again, never both', (s) => {
    expect(isLive(s)).toBe(!allowsResettle(s));
    expect(LIVE_STATES.includes(s)).toBe(!RESETTLE_STATES.includes(s));
  });

  it.each(SETTLEMENT_STATES)(
    '%s: in flight implies live and not terminal; waiting for a supervisor implies live',
    (s) => {
      const c = STATE_CLASSES[s];
      if (c.inFlight) expect([c.live, c.terminal]).toEqual([true, false]);
      if (c.supervisor) expect(c.live).toBe(true);
      expect(PENDING_STATES.includes(s)).toBe(c.inFlight || c.supervisor);
    },
  );

  it('a state is not terminal exactly while the platform answer is open', () => {
    expect(sorted(SETTLEMENT_STATES.filter((s) => !TERMINAL_STATES.includes(s)))).toEqual(sorted(IN_FLIGHT_STATES));
  });
});

describe('the other layers agree with the domain', () => {
  it("the HIS API's state type is the domain's states in lower case", () => {
    expectTypeOf<SettlementState>().toEqualTypeOf<Lowercase<SettlementStateCode>>();
  });

  it("the renderer's in-flight list is the domain's, in lower case", () => {
    expect(sorted(RENDERER_IN_FLIGHT)).toEqual(sorted(IN_FLIGHT_STATES.map(apiState)));
  });
});

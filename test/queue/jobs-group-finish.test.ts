/**
 * Group commit of finishes (issue 19): jobs that end in the same turn are finished in one
 * transaction, each promise answering for its own row (fenced on the lease as before), and a
 * failed commit fails every finish of the group, leaving every job running for its lease to lapse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteJobStore } from '../../main/store/jobs-repository';
import { tempStore, type TempStore } from './queue-fixtures';

let t: TempStore | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const T0 = 1_700_000_000_000;

async function fourRunning(): Promise<{ store: SqliteJobStore; ids: string[] }> {
  t = tempStore();
  const store = new SqliteJobStore(t.db, () => T0);
  const ids: string[] = [];
  for (const key of ['A', 'B', 'C', 'D'])
    ids.push(await store.enqueue({ type: 'x', key, payload: {}, money: false, maxAttempts: 3 }));
  expect((await store.claimDue('me', T0, 30_000, 10)).map((j) => j.job_id).sort()).toEqual([...ids].sort());
  return { store, ids };
}

describe('SqliteJobStore.finish group commit', () => {
  it('finishes jobs that end together, each answering for its own lease', async () => {
    const { store, ids } = await fourRunning();
    const [a, b, c, d] = ids as [string, string, string, string];
    const answers = await Promise.all([
      store.finish(a, 'me'),
      store.finish(b, 'me'),
      store.finish(c, 'someone else'),
      store.finish(d, 'me'),
    ]);
    expect(answers).toEqual([true, true, false, true]);
    const states = await Promise.all(ids.map(async (id) => (await store.get(id))?.state));
    expect(states).toEqual(['done', 'done', 'running', 'done']);
    // A second finish of a done job is refused (the lease is gone), as before.
    expect(await store.finish(a, 'me')).toBe(false);
  });

  it('a failed commit fails every finish of the group and changes no row', async () => {
    const { store, ids } = await fourRunning();
    t?.db.exec(`CREATE TRIGGER no_done BEFORE UPDATE OF state ON jobs WHEN NEW.state = 'done' AND OLD.key = 'C'
      BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const settled = await Promise.allSettled(ids.map((id) => store.finish(id, 'me')));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    const states = await Promise.all(ids.map(async (id) => (await store.get(id))?.state));
    expect(states).toEqual(['running', 'running', 'running', 'running']);
  });

  it('finishes asked in separate turns are separate commits, and each resolves after its own', async () => {
    const { store, ids } = await fourRunning();
    expect(await store.finish(ids[0] ?? '', 'me')).toBe(true);
    expect((await store.get(ids[0] ?? ''))?.state).toBe('done');
    expect((await store.get(ids[1] ?? ''))?.state).toBe('running');
    expect(await store.finish(ids[1] ?? '', 'me')).toBe(true);
  });
});

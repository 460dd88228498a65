/**
 * docs/sandbox-policy.md §8 against the REAL sandbox process: an `input` longer than 40,000 characters
 * of JSON text is refused before processing (`[INPUT_TOO_LARGE] input 超过 40000 字符`, infcode -1,
 * HTTP 200) and nothing is stored; one character less is processed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'lossless-json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformClient } from './support/platform-client';
import { startSandboxProcess, tempDir, writeScenario, type SandboxProcess } from './support/sandbox-process';
import { feedetail, ITEM, openOutpatient, ZHANG, type LineSpec } from './support/flows';

let sbx: SandboxProcess;
let dir = '';
let c: PlatformClient;
let mdtrtId = '';

beforeAll(async () => {
  dir = tempDir();
  sbx = await startSandboxProcess(['--scenario', writeScenario(dir), '--data', join(dir, 'data')]);
  c = new PlatformClient(sbx.url);
  await c.signIn();
  mdtrtId = await openOutpatient(c, ZHANG, '11');
});

afterAll(async () => {
  expect(await sbx.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

function linesOnPlatform(): number {
  const db = new Database(join(dir, 'data', 'sandbox.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM fee_lines WHERE mdtrt_id = ?').get(mdtrtId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** An input of `n` lines whose JSON text is exactly `chars` long (padding the department name of the last line). */
function inputOf(prefix: string, n: number, chars: number): Record<string, unknown> {
  const specs: LineSpec[] = Array.from({ length: n }, (_, i) => ({
    sn: `${prefix}${i}`,
    code: ITEM.bloodRoutine,
    pric: '20',
    cnt: '1',
    amt: '20.00',
  }));
  const rows = feedetail(mdtrtId, ZHANG.psn, prefix, specs);
  const base = stringify({ feedetail: rows })!.length;
  const last = rows[rows.length - 1]!;
  last.bilg_dept_name = `${String(last.bilg_dept_name)}${'科'.repeat(chars - base)}`;
  const input = { feedetail: rows };
  expect(stringify(input)!.length).toBe(chars);
  return input;
}

describe('docs/sandbox-policy.md §8: the 40,000-character limit on input', () => {
  it('refuses 40,001 characters before processing, with the exact text, infcode -1 and HTTP 200', async () => {
    const r = await c.call('2204', inputOf('BIG', 100, 40_001), { insuplc: ZHANG.insuplc });
    expect(r.status).toBe(200);
    expect(r.infcode).toBe(-1);
    expect(r.err_msg).toBe('[INPUT_TOO_LARGE] input 超过 40000 字符');
    expect(linesOnPlatform()).toBe(0);
  });

  it('processes exactly 40,000 characters', async () => {
    const r = await c.call('2204', inputOf('FIT', 100, 40_000), { insuplc: ZHANG.insuplc });
    expect(r.infcode).toBe(0);
    expect(linesOnPlatform()).toBe(100);
  });
});

/**
 * Integration: fault rules of docs/sandbox-policy.md §6 against the REAL sandbox process. Each fault
 * hits a 2207 of a fresh batch; `/__admin/settlements` shows what the platform did.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback } from '../../sandbox/http/admin';
import { admin, codeOf, PlatformClient, rawPost } from './support/platform-client';
import { startSandboxProcess, tempDir, writeScenario, type SandboxProcess } from './support/sandbox-process';
import { feedetail, ITEM, ok, openOutpatient, settleInput, ZHANG } from './support/flows';

let sbx: SandboxProcess;
let dir = '';
let c: PlatformClient;
let mdtrtId = '';
let batchNo = 0;

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

/** A fresh batch of 20.00 and the 2207 body that settles it. */
async function prepared(): Promise<{ msgid: string; body: string; batch: string }> {
  batchNo += 1;
  const batch = `F${batchNo}`;
  ok(
    await c.call(
      '2204',
      {
        feedetail: feedetail(mdtrtId, ZHANG.psn, batch, [
          { sn: `S${batchNo}`, code: ITEM.bloodRoutine, pric: '20', cnt: '1', amt: '20.00' },
        ]),
      },
      { insuplc: ZHANG.insuplc },
    ),
  );
  const { msgid, body } = c.envelope('2207', settleInput(ZHANG, mdtrtId, batch, '11', '20.00', '0'), {
    insuplc: ZHANG.insuplc,
  });
  return { msgid, body, batch };
}

const CALL = () => `${sbx.url}/fsi/api/rsfComIfsService/callService`;

async function settlementsOf(msgid: string): Promise<Array<{ msgid: string; state: string }>> {
  const all = (await admin(sbx.url, 'GET', `/__admin/settlements?mdtrt_id=${mdtrtId}`)).json as Array<{
    msgid: string;
    state: string;
  }>;
  return all.filter((s) => s.msgid === msgid);
}

async function arm(rule: Record<string, unknown>): Promise<void> {
  const r = await admin(sbx.url, 'POST', '/__admin/faults', { faults: [rule] });
  expect(r.status).toBe(200);
}

describe('sandbox faults (docs/sandbox-policy.md §6)', () => {
  it('delay: waits, then processes and answers; the rule is used up', async () => {
    await arm({ infno: '2207', action: 'delay', ms: 200 });
    expect((await admin(sbx.url, 'GET', '/__admin/faults')).json.faults).toHaveLength(1);
    const p = await prepared();
    const r = await rawPost(CALL(), p.body);
    expect(r.status).toBe(200);
    expect(r.text).toContain('"infcode":0');
    expect((await admin(sbx.url, 'GET', '/__admin/faults')).json.faults).toEqual([]);
  });

  it('delay: processes even when the client has hung up meanwhile', async () => {
    await arm({ infno: '2207', action: 'delay', ms: 500 });
    const p = await prepared();
    await expect(rawPost(CALL(), p.body, AbortSignal.timeout(50))).rejects.toThrow();
    let rows: Array<{ state: string }> = [];
    for (let i = 0; i < 100 && rows.length === 0; i += 1) {
      await sleep(50);
      rows = await settlementsOf(p.msgid);
    }
    expect(rows.map((s) => s.state)).toEqual(['settled']);
  });

  it('drop_before: connection dropped, nothing processed, 2601 finds no original', async () => {
    await arm({ infno: '2207', action: 'drop_before' });
    const p = await prepared();
    await expect(rawPost(CALL(), p.body)).rejects.toThrow();
    expect(await settlementsOf(p.msgid)).toEqual([]);
    const rev = await c.call(
      '2601',
      { data: { psn_no: ZHANG.psn, omsgid: p.msgid, oinfno: '2207' } },
      { insuplc: ZHANG.insuplc },
    );
    expect(rev.err_msg).toBe('[NOT_FOUND] 原交易不存在');
  });

  it('process_then_drop: processed, then dropped; the ledger shows it and 2601 reverses it', async () => {
    await arm({ infno: '2207', action: 'process_then_drop' });
    const p = await prepared();
    await expect(rawPost(CALL(), p.body)).rejects.toThrow();
    expect((await settlementsOf(p.msgid)).map((s) => s.state)).toEqual(['settled']);
    ok(
      await c.call(
        '2601',
        { data: { psn_no: ZHANG.psn, omsgid: p.msgid, oinfno: '2207' } },
        { insuplc: ZHANG.insuplc },
      ),
    );
    expect((await settlementsOf(p.msgid)).map((s) => s.state)).toEqual(['reversed']);
  });

  it('http_error: replies the status without processing (the msgid stays unused)', async () => {
    await arm({ infno: '2207', action: 'http_error', status: 503 });
    const p = await prepared();
    const r = await rawPost(CALL(), p.body);
    expect(r.status).toBe(503);
    expect(await settlementsOf(p.msgid)).toEqual([]);
    const again = await c.post(p.body, p.msgid);
    expect(again.infcode).toBe(0);
  });

  it('broken_json: processed, answer is not JSON', async () => {
    await arm({ infno: '2207', action: 'broken_json' });
    const p = await prepared();
    const r = await rawPost(CALL(), p.body);
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
    expect((await settlementsOf(p.msgid)).map((s) => s.state)).toEqual(['settled']);
  });

  it('truncate: processed, body cut short', async () => {
    await arm({ infno: '2207', action: 'truncate' });
    const p = await prepared();
    await expect(rawPost(CALL(), p.body)).rejects.toThrow();
    expect((await settlementsOf(p.msgid)).map((s) => s.state)).toEqual(['settled']);
  });

  it('"*" matches every transaction; count uses one per call; GET lists what is armed; DELETE clears', async () => {
    await arm({ infno: '*', action: 'http_error', status: 502, count: 2 });
    const q = { data: { mdtrt_cert_type: '02', mdtrt_cert_no: ZHANG.certNo } };
    expect((await rawPost(CALL(), c.envelope('1101', q).body)).status).toBe(502);
    expect(
      (await admin(sbx.url, 'GET', '/__admin/faults')).json.faults.map((f: { count: unknown }) => Number(f.count)),
    ).toEqual([1]);
    expect(
      (await rawPost(CALL(), c.envelope('9001', { signIn: { opter_no: 'x', ip: '127.0.0.1' } }).body)).status,
    ).toBe(502);
    ok(await c.call('1101', q));
    await arm({ infno: '1101', action: 'drop_before', count: 5 });
    expect((await admin(sbx.url, 'DELETE', '/__admin/faults')).json.faults).toEqual([]);
    ok(await c.call('1101', q));
  });

  it('rejects malformed fault rules and answers loopback callers only', async () => {
    const bad = await admin(sbx.url, 'POST', '/__admin/faults', { faults: [{ infno: '2207', action: 'delay' }] });
    expect(bad.status).toBe(400);
    expect(codeOf(await c.call('1101', { data: { mdtrt_cert_type: '02', mdtrt_cert_no: ZHANG.certNo } }))).toBeNull();
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.5')).toBe(false);
    expect(isLoopback('::ffff:192.168.1.2')).toBe(false);
  });
});

/**
 * Integration: the sandbox keeps its state across a restart (SIGTERM, start again on the same
 * data dir), moves a ledger aside when the scenario changes, loads --faults, and rejects a
 * malformed scenario naming the bad path (exit code 2).
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { admin, codeOf, PlatformClient } from './support/platform-client';
import { runSandboxExpectingFailure, startSandboxProcess, tempDir, writeScenario } from './support/sandbox-process';
import { feedetail, ITEM, ok, openOutpatient, settleInput, ZHANG } from './support/flows';

async function balance(c: PlatformClient): Promise<string> {
  const r = ok(await c.call('1101', { data: { mdtrt_cert_type: '02', mdtrt_cert_no: ZHANG.certNo } }));
  return String(r.output.insuinfo[0].balc);
}

describe('sandbox restart and scenario handling', () => {
  it('keeps visits, settlements, balances, cumulative figures, sign-ins and msgids across SIGTERM + restart', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const scenario = writeScenario(dir);
    const faults = join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify({ faults: [{ infno: '5203', action: 'http_error', status: 500, count: 3 }] }));

    const a = await startSandboxProcess(['--scenario', scenario, '--data', data, '--faults', faults]);
    expect(
      (await admin(a.url, 'GET', '/__admin/faults')).json.faults.map((f: Record<string, unknown>) => [
        f.infno,
        f.action,
        Number(f.count),
      ]),
    ).toEqual([['5203', 'http_error', 3]]);
    const c1 = new PlatformClient(a.url);
    const sign = await c1.signIn();
    const mdtrtId = await openOutpatient(c1, ZHANG, '11');
    ok(
      await c1.call(
        '2204',
        {
          feedetail: feedetail(mdtrtId, ZHANG.psn, 'R1', [
            { sn: '1', code: ITEM.bloodRoutine, pric: '300', cnt: '1', amt: '300.00' },
          ]),
        },
        { insuplc: ZHANG.insuplc },
      ),
    );
    ok(
      await c1.call(
        '2204',
        {
          feedetail: feedetail(mdtrtId, ZHANG.psn, 'R2', [
            { sn: '2', code: ITEM.bloodRoutine, pric: '50', cnt: '1', amt: '50.00' },
          ]),
        },
        { insuplc: ZHANG.insuplc },
      ),
    );
    // r 0.60, deductible 200: hifp = 100 × 0.60 = 60.00; psn 240.00 from the account: 1850.40 → 1610.40
    const s = ok(
      await c1.call('2207', settleInput(ZHANG, mdtrtId, 'R1', '11', '300.00', '1'), { insuplc: ZHANG.insuplc }),
    );
    expect(String(s.output.setlinfo.hifp_pay)).toBe('60.00');
    expect(await balance(c1)).toBe('1610.40');
    expect(await a.stop()).toBe(0);

    const b = await startSandboxProcess(['--scenario', scenario, '--data', data]);
    const c2 = new PlatformClient(b.url);
    c2.signNo = sign; // the old sign_no is still valid
    expect(await balance(c2)).toBe('1610.40');
    expect(
      codeOf(
        await c2.post(
          c1.envelope('2207', settleInput(ZHANG, mdtrtId, 'R1', '11', '300.00', '1'), {
            msgid: s.msgid,
            insuplc: ZHANG.insuplc,
          }).body,
        ),
      ),
    ).toBe('DUPLICATE_MSGID');
    expect(
      codeOf(await c2.call('2207', settleInput(ZHANG, mdtrtId, 'R1', '11', '300.00', '1'), { insuplc: ZHANG.insuplc })),
    ).toBe('ALREADY_SETTLED');
    // cumulative deductible kept: R2 pays no deductible, 50 × 0.60 = 30.00
    const pre = ok(
      await c2.call('2206', settleInput(ZHANG, mdtrtId, 'R2', '11', '50.00', '0'), { insuplc: ZHANG.insuplc }),
    );
    expect([String(pre.output.setlinfo.act_pay_dedc), String(pre.output.setlinfo.hifp_pay)]).toEqual(['0.00', '30.00']);
    expect(
      (await admin(b.url, 'GET', `/__admin/settlements?psn_no=${ZHANG.psn}`)).json.map((x: Record<string, unknown>) => [
        x.msgid,
        x.state,
      ]),
    ).toEqual([[s.msgid, 'settled']]);
    // fault rules are not state: not armed again without --faults
    expect((await admin(b.url, 'GET', '/__admin/faults')).json.faults).toEqual([]);
    expect(await b.stop()).toBe(0);

    // a different scenario: the old ledger is moved aside, a fresh one seeded
    const changed = writeScenario(dir, (x) => (x.business_date = '2026-11-21'), 'changed.json');
    const d = await startSandboxProcess(['--scenario', changed, '--data', data]);
    expect(readdirSync(data).some((f) => /^sandbox\.db\.\d{14}(-\d+)?\.bak$/.test(f))).toBe(true);
    expect(d.stderr()).toContain('moved to');
    const c3 = new PlatformClient(d.url);
    await c3.signIn();
    expect(await balance(c3)).toBe('1850.40');
    expect(await d.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a malformed scenario with a message naming the bad path (exit code 2)', async () => {
    const dir = tempDir();
    const bad = writeScenario(dir, (x) => (x.persons[2].insurances[0].insutype = '311'), 'bad.json');
    const r = await runSandboxExpectingFailure(['--scenario', bad, '--data', join(dir, 'data')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('persons[2].insurances[0].insutype: unknown code "311"');
    expect(r.stdout).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });
});

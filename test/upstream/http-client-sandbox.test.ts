/**
 * The client against the real sandbox, spawned as a process (docs/architecture.md §1: the sandbox is
 * reached through main/upstream like any real platform). Sign-in once per operator; after the
 * platform forgets every sign-in, one refused attempt, a fresh 9001 and one repeat with a new msgid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOutput } from '../../shared/protocol/transactions';
import { createUpstreamClient } from '../../main/upstream/http-client';
import type { HttpUpstreamClient } from '../../main/upstream/http-client';
import type { UpstreamOptions } from '../../main/upstream/options';
import { createMemoryMsgidAllocator } from '../support/memory-msgid-allocator';
import { createRecordingJournal } from '../support/recording-journal';
import type { RecordingJournal } from '../support/recording-journal';
import { spawnSandbox } from '../support/sandbox-process';
import type { SandboxProcess } from '../support/sandbox-process';

let sandbox: SandboxProcess;
let client: HttpUpstreamClient;
let signInJournal: RecordingJournal;

const OPTIONS = (url: string): UpstreamOptions => ({
  url,
  timeout_ms: 10_000,
  fixmedins_code: 'H41020200011',
  fixmedins_name: '开封市示范第一医院',
  mdtrtarea_admvs: '410202',
  opter: 'OP001',
  opter_name: '收费员甲',
  opter_type: '1',
  infver: 'V1.0',
  recer_sys_code: 'YBXT',
});

/** 1101 by resident ID card (mdtrt_cert_type 02) for the demo person. */
const INPUT_1101 = {
  data: {
    mdtrt_cert_type: '02',
    mdtrt_cert_no: '43010219560302031X',
    card_sn: '',
    begntime: '',
    psn_cert_type: '01',
    certno: '43010219560302031X',
    psn_name: '',
  },
};

beforeAll(async () => {
  sandbox = await spawnSandbox();
  signInJournal = createRecordingJournal();
  client = createUpstreamClient({
    options: OPTIONS(sandbox.url),
    msgids: createMemoryMsgidAllocator('H41020200011'),
    signInJournal,
  });
});

afterAll(async () => {
  client?.close();
  await sandbox?.stop();
});

const signInCount = (): number => signInJournal.events.filter((e) => e.hook === 'beforeSend').length;

describe('against the sandbox', () => {
  it('1101 for the demo person succeeds; several calls share one 9001 sign-in', async () => {
    const journals = [createRecordingJournal(), createRecordingJournal(), createRecordingJournal()];
    for (const journal of journals) {
      const r = await client.call('1101', INPUT_1101, { journal });
      expect(r.outcome, r.errMsg).toBe('SUCCESS');
      const out = parseOutput('1101', r.output);
      expect(out.success).toBe(true);
      if (!out.success) return;
      expect(out.data.baseinfo.psn_no).toBe('DEMO000102031X');
      expect(out.data.baseinfo.certno).toBe('43010219560302031X');
      expect(out.data.insuinfo.map((i) => [i.insutype, i.insuplc_admdvs])).toEqual([['310', '430100']]);
      expect(out.data.insuinfo[0]!.balc).toBe(185040); // "1850.40" in fen
    }
    expect(signInCount()).toBe(1);
    const signNos = journals.map((j) =>
      j.events[0]?.hook === 'beforeSend' ? j.events[0].prepared.envelope['sign_no'] : null,
    );
    expect(new Set(signNos).size).toBe(1);
    expect(signNos[0]).toEqual(expect.any(String));
    expect(signNos[0]).not.toBe('');
    expect(client.status()).toMatchObject({ signedIn: true });
  });

  it('after DELETE /__admin/signins: refused once, signs in again, repeats with a new msgid and succeeds', async () => {
    const before = signInCount();
    const del = await fetch(`${sandbox.url}/__admin/signins`, { method: 'DELETE' });
    expect(del.status).toBeLessThan(300);

    const journal = createRecordingJournal();
    const r = await client.call('1101', INPUT_1101, { journal });
    expect(r.outcome).toBe('SUCCESS');
    expect(signInCount()).toBe(before + 1);

    const sends = journal.events.flatMap((e) => (e.hook === 'beforeSend' ? [e.prepared] : []));
    const outcomes = journal.events.flatMap((e) => (e.hook === 'afterOutcome' ? [e.result] : []));
    expect(sends).toHaveLength(2);
    expect(outcomes.map((o) => [o.outcome, o.errCode])).toEqual([
      ['DEFINITE_FAIL', 'SIGN_NO_INVALID'],
      ['SUCCESS', undefined],
    ]);
    expect(sends[0]!.msgid).not.toBe(sends[1]!.msgid);
    expect(sends[0]!.envelope['sign_no']).not.toBe(sends[1]!.envelope['sign_no']);
    expect(r.msgid).toBe(sends[1]!.msgid);

    // and the next call uses the new sign_no without another sign-in
    const again = await client.call('1101', INPUT_1101, { journal: createRecordingJournal() });
    expect(again.outcome).toBe('SUCCESS');
    expect(signInCount()).toBe(before + 1);
  });

  it('a platform refusal is DEFINITE_FAIL with its bracket code (unknown person)', async () => {
    const input = { data: { ...INPUT_1101.data, mdtrt_cert_no: '11010519491231002X', certno: '11010519491231002X' } };
    const r = await client.call('1101', input, { journal: createRecordingJournal() });
    expect(r.outcome).toBe('DEFINITE_FAIL');
    expect(r.errCode).toBe('NOT_FOUND');
    expect(r.errMsg).not.toContain('11010519491231002X');
  });
});

/**
 * Integration: 3201, 9101, 3202 and 9102 (docs/sandbox-policy.md §7) against the REAL sandbox process,
 * demo scenario, business date 2026-11-20. The rows and files below are hand-computed:
 *   S1 张建国 360.50 (fund 47.70, account 312.80; figures as in sandbox-flows.test.ts) → row 0
 *   S2 血常规 20.00, no account: fund 12.00 (deductible used by S1, r 0.60), cash 8.00, then
 *      cancelled (2208) → rows 0 and 1 (negated)
 *   S3 the same, then its settle reversed (2601) → no row
 *   S4 the same, cancelled, then the cancel reversed (2601) → row 0 only
 * Group 310 × 11 × 410202: medfee 360.50+20.00−20.00+20.00 = 380.50, fund 47.70+12−12+12 = 59.70,
 * account 312.80, count 3 − 1 = 2.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseLosslessNumber } from 'lossless-json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSingleEntryZip } from '../../sandbox/files/zip-archive';
import { admin, codeOf, PlatformClient, type Json } from './support/platform-client';
import { startSandboxProcess, tempDir, writeScenario, type SandboxProcess } from './support/sandbox-process';
import { feedetail, ITEM, ok, openOutpatient, settleInput, ZHANG } from './support/flows';

let sbx: SandboxProcess;
let dir = '';
let hosp: PlatformClient;
const ids = { mdtrt: '', s1: '', s2: '', s4: '', s1msg: '', s2msg: '', s2cancel: '', s4msg: '' };
const Z = { insuplc: ZHANG.insuplc };

async function settle(
  batch: string,
  sn: string,
  code: string,
  amt: string,
  acct: '0' | '1',
): Promise<{ setlId: string; msgid: string }> {
  ok(
    await hosp.call(
      '2204',
      { feedetail: feedetail(ids.mdtrt, ZHANG.psn, batch, [{ sn, code, pric: amt, cnt: '1', amt }]) },
      Z,
    ),
  );
  const r = ok(await hosp.call('2207', settleInput(ZHANG, ids.mdtrt, batch, '11', amt, acct), Z));
  return { setlId: String(r.output.setlinfo.setl_id), msgid: r.msgid };
}

beforeAll(async () => {
  dir = tempDir();
  sbx = await startSandboxProcess(['--scenario', writeScenario(dir), '--data', join(dir, 'data')]);
  hosp = new PlatformClient(sbx.url);
  await hosp.signIn();
  ids.mdtrt = await openOutpatient(hosp, ZHANG, '11');
  ok(
    await hosp.call(
      '2204',
      {
        feedetail: feedetail(ids.mdtrt, ZHANG.psn, 'B1', [
          { sn: '1', code: ITEM.consultChief, pric: '30', cnt: '1', amt: '30.00' },
          { sn: '2', code: ITEM.ct, pric: '300', cnt: '1', amt: '300.00' },
          { sn: '3', code: ITEM.amoxicillin, pric: '8.5', cnt: '3', amt: '25.50' },
          { sn: '4', code: ITEM.registrationFee, pric: '5', cnt: '1', amt: '5.00' },
        ]),
      },
      Z,
    ),
  );
  const s1 = ok(await hosp.call('2207', settleInput(ZHANG, ids.mdtrt, 'B1', '11', '360.50', '1'), Z));
  expect(String(s1.output.setlinfo.fund_pay_sumamt)).toBe('47.70');
  ids.s1 = String(s1.output.setlinfo.setl_id);
  ids.s1msg = s1.msgid;
  const s2 = await settle('B2', '5', ITEM.bloodRoutine, '20.00', '0');
  ids.s2 = s2.setlId;
  ids.s2msg = s2.msgid;
  const c2 = ok(await hosp.call('2208', { data: { setl_id: ids.s2, mdtrt_id: ids.mdtrt, psn_no: ZHANG.psn } }, Z));
  ids.s2cancel = c2.msgid;
  const s3 = await settle('B3', '6', ITEM.bloodRoutine, '20.00', '0');
  ok(await hosp.call('2601', { data: { psn_no: ZHANG.psn, omsgid: s3.msgid, oinfno: '2207' } }, Z));
  const s4 = await settle('B4', '7', ITEM.bloodRoutine, '20.00', '0');
  ids.s4 = s4.setlId;
  ids.s4msg = s4.msgid;
  const c4 = ok(await hosp.call('2208', { data: { setl_id: ids.s4, mdtrt_id: ids.mdtrt, psn_no: ZHANG.psn } }, Z));
  ok(await hosp.call('2601', { data: { psn_no: ZHANG.psn, omsgid: c4.msgid, oinfno: '2208' } }, Z));
});

afterAll(async () => {
  expect(await sbx.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

const GROUP = {
  insutype: '310',
  clr_type: '11',
  setl_optins: '410202',
  stmt_begndate: '2026-11-20',
  stmt_enddate: '2026-11-20',
};

async function totals(figures: Record<string, string>, range: Partial<typeof GROUP> = {}): Promise<Json> {
  return ok(await hosp.call('3201', { data: { ...GROUP, ...range, ...figures } })).output.stmtinfo;
}

async function upload(filename: string, inValue: unknown): Promise<string> {
  const r = ok(await hosp.call('9101', { fsUploadIn: { in: inValue, filename, fixmedins_code: hosp.code } }));
  expect(r.output.filename).toBe(filename);
  return String(r.output.file_qury_no);
}

async function detail(fileQuryNo: string): Promise<Json> {
  const d = {
    setl_optins: '410202',
    file_qury_no: fileQuryNo,
    stmt_begndate: '2026-11-20',
    stmt_enddate: '2026-11-20',
    medfee_sumamt: '0.00',
    fund_pay_sumamt: '0.00',
    cash_payamt: '0.00',
    fixmedins_setl_cnt: '0',
    clr_type: '11',
  };
  return hosp.call('3202', { data: d });
}

async function download(fileQuryNo: string): Promise<{ status: number; type: string; body: Buffer }> {
  const { body } = hosp.envelope('9102', {
    fsDownloadIn: { file_qury_no: fileQuryNo, filename: '', fixmedins_code: hosp.code },
  });
  const res = await fetch(`${sbx.url}/fsi/api/rsfComIfsService/callService`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: Buffer.from(await res.arrayBuffer()),
  };
}

describe('3201 totals', () => {
  it('balances with the hand-computed figures and reads 平', async () => {
    expect(
      await totals({ medfee_sumamt: '380.50', fund_pay_sumamt: '59.70', acct_pay: '312.80', fixmedins_setl_cnt: '2' }),
    ).toEqual({
      setl_optins: '410202',
      stmt_rslt: '0',
      stmt_rslt_dscr: '平',
    });
  });

  it('names each differing figure with the platform value first', async () => {
    const s = await totals({
      medfee_sumamt: '380.50',
      fund_pay_sumamt: '59.70',
      acct_pay: '300.00',
      fixmedins_setl_cnt: '3',
    });
    expect(s.stmt_rslt).toBe('1');
    expect(s.stmt_rslt_dscr).toBe('笔数 平台2 医院3；个人账户支付总额 平台312.80 医院300.00');
    const m = await totals({
      medfee_sumamt: '360.50',
      fund_pay_sumamt: '47.70',
      acct_pay: '312.80',
      fixmedins_setl_cnt: '1',
    });
    expect(m.stmt_rslt_dscr).toBe(
      '笔数 平台2 医院1；医疗费总额 平台380.50 医院360.50；基金支付总额 平台59.70 医院47.70',
    );
  });

  it('selects by date, insutype and setl_optins', async () => {
    const zero = { medfee_sumamt: '0.00', fund_pay_sumamt: '0.00', acct_pay: '0.00', fixmedins_setl_cnt: '0' };
    expect((await totals(zero, { stmt_begndate: '2026-11-21', stmt_enddate: '2026-11-22' })).stmt_rslt_dscr).toBe('平');
    expect((await totals(zero, { insutype: '390' })).stmt_rslt_dscr).toBe('平');
    expect((await totals(zero, { setl_optins: '430100' })).stmt_rslt).toBe('0');
    expect((await totals(zero, { stmt_begndate: '2026-11-01' })).stmt_rslt_dscr).toContain('笔数 平台2 医院0');
  });

  it('refuses a reversed range and a missing figure, naming the field', async () => {
    const bad = await hosp.call('3201', {
      data: {
        ...GROUP,
        stmt_begndate: '2026-11-21',
        medfee_sumamt: '0',
        fund_pay_sumamt: '0',
        acct_pay: '0',
        fixmedins_setl_cnt: '0',
      },
    });
    expect(bad.err_msg).toContain('data.stmt_enddate');
    const missing = await hosp.call('3201', {
      data: { ...GROUP, fund_pay_sumamt: '0', acct_pay: '0', fixmedins_setl_cnt: '0' },
    });
    expect(missing.err_msg).toBe('[BAD_INPUT] input.data.medfee_sumamt：必填项缺失');
  });
});

describe('9101 + 3202 + 9102 detail', () => {
  it('compares a zipped file sent as a byte array, keyed by setl_id + flag, ordered, with the platform amounts', async () => {
    // The file: S1 as the platform has it; S2's settle but not its cancel; S4 with 21.00; a row the platform lacks.
    const text = [
      `${ids.s1}\t${ids.mdtrt}\t${ZHANG.psn}\t360.50\t47.70\t312.80\t0`,
      `${ids.s2}\t${ids.mdtrt}\t${ZHANG.psn}\t20.00\t12.00\t0.00\t0`,
      `${ids.s4}\t${ids.mdtrt}\t${ZHANG.psn}\t21.00\t12.00\t0.00\t0`,
      `X0000000000001\tMX0001\tP0001\t5.00\t0.00\t0.00\t0`,
      '',
    ].join('\n');
    const zip = writeSingleEntryZip('detail.txt', Buffer.from(text, 'utf8'));
    const no = await upload(
      'detail.zip',
      [...zip].map((b) => (b > 127 ? b - 256 : b)),
    );
    const r = ok(await detail(no));
    const info = r.output.fileinfo;
    expect(info.filename).toBe(`${String(info.file_qury_no)}.txt`);
    expect(info.dld_endtime).toBe('2026-11-20 23:59:59');
    const file = await download(String(info.file_qury_no));
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/octet-stream');
    const expected = [
      [ZHANG.psn, ids.mdtrt, ids.s1, ids.s1msg, '0', '0', '一致', '360.50', '47.70', '312.80'],
      [ZHANG.psn, ids.mdtrt, ids.s2, ids.s2msg, '0', '0', '一致', '20.00', '12.00', '0.00'],
      [ZHANG.psn, ids.mdtrt, ids.s2, ids.s2cancel, '1', '1', '平台有此结算，医院无', '-20.00', '-12.00', '0.00'],
      [ZHANG.psn, ids.mdtrt, ids.s4, ids.s4msg, '3', '0', '金额不一致', '20.00', '12.00', '0.00'],
      ['P0001', 'MX0001', 'X0000000000001', '', '2', '0', '医院有此结算，平台无', '5.00', '0.00', '0.00'],
    ].sort((a, b) => (a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : a[5]! < b[5]! ? -1 : 1));
    expect(file.body.toString('utf8')).toBe(expected.map((l) => `${l.join('\t')}\n`).join(''));
  });

  it('reads a Base64 .txt upload; a matching file yields only 0 lines', async () => {
    const text = [
      `${ids.s1}\t${ids.mdtrt}\t${ZHANG.psn}\t360.50\t47.70\t312.80\t0`,
      `${ids.s2}\t${ids.mdtrt}\t${ZHANG.psn}\t20.00\t12.00\t0.00\t0`,
      `${ids.s2}\t${ids.mdtrt}\t${ZHANG.psn}\t-20.00\t-12.00\t0.00\t1`,
      `${ids.s4}\t${ids.mdtrt}\t${ZHANG.psn}\t20.00\t12.00\t0.00\t0`,
    ].join('\r\n');
    const no = await upload('detail.txt', Buffer.from(text, 'utf8').toString('base64'));
    const r = ok(await detail(no));
    const body = (await download(String(r.output.fileinfo.file_qury_no))).body.toString('utf8');
    const lines = body
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines.map((l) => l[4])).toEqual(['0', '0', '0', '0']);
  });

  it('an unknown file number fails with NOT_FOUND; a bad line with FILE_INVALID naming the line', async () => {
    expect(codeOf(await detail('F20261120000000999999'))).toBe('NOT_FOUND');
    const no = await upload(
      'bad.txt',
      Buffer.from(`${ids.s1}\tM\tP\t1.00\t0.00\t0.00\t0\n${ids.s2}\tM\tP\t1.5\t0.00\t0.00\t0\n`).toString('base64'),
    );
    const r = await detail(no);
    expect(r.err_msg).toBe('[FILE_INVALID] 第2行：medfee_sumamt 应为两位小数的金额');
  });

  it('9101 refuses a zip that does not hold one .txt entry and a byte out of range', async () => {
    const zip = writeSingleEntryZip('detail.csv', Buffer.from('x'));
    const r = await hosp.call('9101', {
      fsUploadIn: { in: zip.toString('base64'), filename: 'd.zip', fixmedins_code: hosp.code },
    });
    expect(r.err_msg).toBe('[BAD_INPUT] fsUploadIn.in：zip 中的文件应为 .txt');
    const b = await hosp.call('9101', {
      fsUploadIn: { in: [1, 2, 300], filename: 'd.txt', fixmedins_code: hosp.code },
    });
    expect(b.err_msg).toBe('[BAD_INPUT] fsUploadIn.in[2]：应为 -128 至 255 的整数');
  });

  it('9102 of an unknown number answers the JSON envelope with infcode -1 and NOT_FOUND', async () => {
    const r = await download('F00000000000000000000');
    expect(r.type).toContain('application/json');
    const json = parse(r.body.toString('utf8'), null, parseLosslessNumber) as Json;
    expect(String(json.infcode)).toBe('-1');
    expect(String(json.err_msg)).toMatch(/^\[NOT_FOUND\]/);
  });
});

describe('rows follow later reversals', () => {
  it('a 2601 of the cancel of S2 removes its 1 row: the count goes up by one', async () => {
    ok(await hosp.call('2601', { data: { psn_no: ZHANG.psn, omsgid: ids.s2cancel, oinfno: '2208' } }, Z));
    expect(
      await totals({ medfee_sumamt: '400.50', fund_pay_sumamt: '71.70', acct_pay: '312.80', fixmedins_setl_cnt: '3' }),
    ).toMatchObject({ stmt_rslt: '0' });
  });
});

describe('files are kept for their day', () => {
  it('a file of two days before is gone once another file is stored', async () => {
    const old = await upload('old.txt', Buffer.from('').toString('base64'));
    expect((await admin(sbx.url, 'POST', '/__admin/clock', { business_date: '2026-11-22' })).status).toBe(200);
    try {
      await upload('new.txt', Buffer.from('').toString('base64'));
      expect(codeOf(await detail(old))).toBe('NOT_FOUND');
    } finally {
      await admin(sbx.url, 'POST', '/__admin/clock', { business_date: null });
    }
  });
});

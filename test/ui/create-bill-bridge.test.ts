/**
 * `createBill` through the real browser-mode bridge (`POST /bridge/createBill` of a spawned
 * `serve --training` as the demo pharmacy P41020200105, its embedded sandbox, a fresh data folder):
 * a mismatched amount is refused naming the line (D-15 step 1) and stores nothing; a good bill
 * becomes an inbox bill of the patient that `openVisit` opens and uploads like a pushed one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxItemView } from '../../shared/api/inbox';
import type { VisitView } from '../../shared/api/views';
import type { Result } from '../../shared/result';
import type { Served } from './harness';
import { startServe } from './harness';

/** 郑红梅: 310 retired, insured 430100, long-term registration in 410200. */
const ZHENG = { certno: '430102195001250839', psn_no: 'DEMO0010250839' };

const line = (sn: string, code: string, name: string, cnt: string, pric: string, amount: string) => ({
  feedetl_sn: sn,
  med_list_codg: code,
  medins_list_codg: code,
  name,
  cnt,
  pric,
  det_item_fee_sumamt: amount,
  fee_ocur_time: '2026-01-05 10:00:00',
});

describe('createBill over the HTTP bridge', () => {
  let served: Served;
  let call: <T>(method: string, arg: unknown) => Promise<Result<T>>;

  beforeAll(async () => {
    served = await startServe(['--institution', 'P41020200105']);
    const ui = new URL(served.uiUrl);
    const token = new URLSearchParams(ui.hash.slice(1)).get('token') ?? '';
    call = async <T>(method: string, arg: unknown): Promise<Result<T>> => {
      const res = await fetch(`${ui.origin}/bridge/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(arg),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Result<T>;
    };
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
  });

  it('refuses a line whose amount is not round2(pric × cnt), naming it, and stores nothing', async () => {
    const who = await call<{ psn_no: string }>('identify', { mdtrt_cert_type: '02', mdtrt_cert_no: ZHENG.certno });
    expect(who.ok && who.value.psn_no).toBe(ZHENG.psn_no);
    const before = await call<InboxItemView[]>('listInbox', { psn_no: ZHENG.psn_no });
    expect(before.ok).toBe(true);

    const bad = await call<InboxItemView>('createBill', {
      kind: 'pharmacy',
      psn_no: ZHENG.psn_no,
      lines: [
        line('B1', 'XJ01CRA137A001010100788', '阿莫西林胶囊', '2', '15.20', '30.40'),
        line('B2', 'XN02BEA011A001010100321', '对乙酰氨基酚片', '3', '0.1', '0.31'),
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('AMOUNT_MISMATCH');
    expect(bad.error.message).toContain('第 2 行（对乙酰氨基酚片）');
    expect(bad.error.detail).toMatchObject({
      line: 2,
      feedetl_sn: 'B2',
      det_item_fee_sumamt: '0.31',
      expected: '0.30',
    });

    // The schema refuses an empty bill before the bridge runs.
    const empty = await call<InboxItemView>('createBill', { kind: 'pharmacy', psn_no: ZHENG.psn_no, lines: [] });
    expect(!empty.ok && empty.error.code).toBe('BAD_REQUEST');

    const after = await call<InboxItemView[]>('listInbox', { psn_no: ZHENG.psn_no });
    expect(after.ok && after.value.length).toBe(before.ok ? before.value.length : -1);
  });

  it('accepts a good bill as a waiting inbox bill that openVisit opens and uploads', async () => {
    const good = await call<InboxItemView>('createBill', {
      kind: 'pharmacy',
      psn_no: ZHENG.psn_no,
      certno: ZHENG.certno,
      lines: [
        line('G1', 'XJ01CRA137A001010100788', '阿莫西林胶囊', '2', '15.20', '30.40'),
        line('G2', 'XN02BEA011A001010100321', '对乙酰氨基酚片', '1', '8.40', '8.40'),
      ],
    });
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    const item = good.value;
    expect(item).toMatchObject({
      kind: 'pharmacy',
      med_type: '41',
      psn_no: ZHENG.psn_no,
      line_count: 2,
      total: '38.80',
      state: 'waiting',
      visit_id: null,
    });
    expect(item.ipt_otp_no).toMatch(/^YF\d{14}\d{3}$/);
    expect(item.begntime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(item.certno_masked).not.toContain('195001250839');

    const listed = await call<InboxItemView[]>('listInbox', { psn_no: ZHENG.psn_no });
    expect(listed.ok && listed.value.map((i) => i.inbox_id)).toContain(item.inbox_id);

    const opened = await call<VisitView>('openVisit', {
      inbox_id: item.inbox_id,
      insutype: '310',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: ZHENG.certno,
      psn_no: ZHENG.psn_no,
    });
    if (!opened.ok) throw new Error(`openVisit failed: ${JSON.stringify(opened.error)}`);
    expect(opened.value.kind).toBe('pharmacy');
    expect(opened.value.ipt_otp_no).toBe(item.ipt_otp_no);
    expect(opened.value.totals.det_item_fee_sumamt).toBe('38.80');
    expect(opened.value.fees.map((f) => f.feedetl_sn).sort()).toEqual(['G1', 'G2']);

    // A second bill in the same second still gets its own visit number.
    const again = await call<InboxItemView>('createBill', {
      kind: 'outpatient',
      psn_no: ZHENG.psn_no,
      lines: [line('H1', 'XJ01CRA137A001010100788', '阿莫西林胶囊', '1', '15.20', '15.20')],
    });
    expect(again.ok && again.value.med_type).toBe('11');
    expect(again.ok && again.value.ipt_otp_no).not.toBe(item.ipt_otp_no);
  });
});

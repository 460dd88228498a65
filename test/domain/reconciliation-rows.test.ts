/** Reconciliation rows, files and causes as pure functions, with hand-computed figures. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detailFileText,
  groupTotals,
  kindOfStmtRslt,
  parseResultFile,
  rowsOfSettlement,
  type SettlementForRows,
} from '../../main/domain/reconciliation-rows';
import { explainDifference } from '../../main/services/reconciliation-explain';
import { nextReconcileMorning, startReconcileSchedule } from '../../main/app/reconciliation-jobs';

const settled = (over: Partial<SettlementForRows> = {}): SettlementForRows => ({
  state: 'SETTLED',
  setl_id: 'S1',
  mdtrt_id: 'M1',
  psn_no: 'P1',
  msgid: 'm1',
  cancel_msgid: null,
  setlinfo: {
    setl_time: '2026-11-20 10:00:00',
    insutype: '310',
    clr_type: '11',
    clr_optins: '410202',
    medfee_sumamt: 36500,
    fund_pay_sumamt: 7140,
    acct_pay: 0,
    psn_cash_pay: 29360,
  },
  cancel_setlinfo: null,
  ...over,
});

describe('rows of a local settlement', () => {
  it('a settle makes a 0 row dated by the platform setl_time; a cancel a negated 1 row dated by its reply', () => {
    expect(rowsOfSettlement(settled())).toEqual([
      {
        setl_id: 'S1',
        mdtrt_id: 'M1',
        psn_no: 'P1',
        msgid: 'm1',
        insutype: '310',
        clr_type: '11',
        setl_optins: '410202',
        refd_setl_flag: '0',
        date: '2026-11-20',
        medfee_sumamt: 36500,
        fund_pay_sumamt: 7140,
        acct_pay: 0,
        psn_cash_pay: 29360,
      },
    ]);
    const c = rowsOfSettlement(
      settled({
        state: 'CANCELLED',
        cancel_msgid: 'c1',
        cancel_setlinfo: {
          setl_time: '2026-11-21 08:00:00',
          medfee_sumamt: -36500,
          fund_pay_sumamt: -7140,
          acct_pay: 0,
          psn_cash_pay: -29360,
        },
      }),
    );
    expect(c.map((r) => [r.refd_setl_flag, r.date, r.msgid, r.medfee_sumamt, r.psn_cash_pay])).toEqual([
      ['0', '2026-11-20', 'm1', 36500, 29360],
      ['1', '2026-11-21', 'c1', -36500, -29360],
    ]);
  });

  it('an unknown, reversed or never-settled record makes no row', () => {
    for (const state of ['UNKNOWN', 'REVERSING', 'REVERSED', 'NOT_SETTLED', 'FAILED_DEFINITE', 'NOT_SENT'])
      expect(rowsOfSettlement(settled({ state }))).toEqual([]);
    expect(rowsOfSettlement(settled({ setlinfo: null }))).toEqual([]);
  });

  it('groups count settles minus cancels; the detail file is sorted, tab-separated, 2 decimals, negated cancels', () => {
    const rows = [
      ...rowsOfSettlement(
        settled({
          setl_id: 'S2',
          state: 'CANCELLED',
          cancel_msgid: 'c2',
          cancel_setlinfo: { setl_time: '2026-11-20 11:00:00' },
        }),
      ),
      ...rowsOfSettlement(settled()),
    ];
    expect(groupTotals(rows)).toEqual([
      {
        insutype: '310',
        clr_type: '11',
        setl_optins: '410202',
        count: 1,
        medfee_sumamt: 36500,
        fund_pay_sumamt: 7140,
        acct_pay: 0,
        psn_cash_pay: 29360,
      },
    ]);
    expect(detailFileText(rows)).toBe(
      'S1\tM1\tP1\t365.00\t71.40\t0.00\t0\nS2\tM1\tP1\t365.00\t71.40\t0.00\t0\nS2\tM1\tP1\t-365.00\t-71.40\t0.00\t1\n',
    );
  });

  it('reads the result file back exactly, whatever the amounts; bad lines are named', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom('0', '1', '2', '3'), (fen, rslt) => {
        const text = `P1\tM1\tS1\tm1\t${rslt}\t0\t备注\t${(fen < 0 ? '-' : '') + String(Math.trunc(Math.abs(fen) / 100))}.${String(Math.abs(fen) % 100).padStart(2, '0')}\t0.00\t1.50\n`;
        const r = parseResultFile(text);
        expect(r.bad).toEqual([]);
        expect(r.lines[0]).toMatchObject({
          setl_id: 'S1',
          stmt_rslt: rslt,
          medfee_sumamt: fen === 0 ? 0 : fen,
          acct_pay: 150,
        });
      }),
    );
    expect(parseResultFile('P\tM\tS\tm\t1\t0\tx\t1.234\t0\t0\n\nshort\n').bad).toEqual([1, 3]);
    expect(['0', '1', '2', '3', '9'].map(kindOfStmtRslt)).toEqual([
      null,
      'platform_only',
      'local_only',
      'amount_differs',
      null,
    ]);
  });
});

describe('causes from the journal', () => {
  const base = {
    refd_setl_flag: '0' as const,
    msgidJournaled: false,
    journalOutcome: null,
    figuresFlagged: false,
    local: null,
    platform: null,
  };
  it('names what the adapter knows', () => {
    expect(
      explainDifference({
        ...base,
        kind: 'platform_only',
        localState: 'REVERSED',
        msgidJournaled: true,
        journalOutcome: 'UNKNOWN',
      }).cause,
    ).toBe('本地记录为结算结果不明，已自动冲正，平台却有此结算');
    expect(explainDifference({ ...base, kind: 'platform_only', localState: null })).toEqual({
      cause: '平台有此结算，本机无记录',
      fixes: ['cancel_at_platform', 'adopt'],
    });
    expect(explainDifference({ ...base, kind: 'local_only', localState: 'SETTLED' }).fixes).toEqual([
      'mark_local_cancelled',
      'recheck',
    ]);
    const amounts = explainDifference({
      ...base,
      kind: 'amount_differs',
      localState: 'SETTLED',
      figuresFlagged: true,
      local: { medfee_sumamt: 100, fund_pay_sumamt: 50, acct_pay: 0 },
      platform: { medfee_sumamt: 100, fund_pay_sumamt: 40, acct_pay: 0 },
    });
    expect(amounts.cause).toBe(
      '本机记录的金额与平台不一致：基金支付 本机0.50 平台0.40（结算时平台返回的金额勾稽不平，已标记待对账）',
    );
  });
});

describe('the morning schedule', () => {
  it('is 06:30 China time today when still ahead, else tomorrow', () => {
    const at = (iso: string): number => Date.parse(iso);
    expect(nextReconcileMorning(at('2026-11-20T06:00:00+08:00'))).toBe(at('2026-11-20T06:30:00+08:00'));
    expect(nextReconcileMorning(at('2026-11-20T06:30:00+08:00'))).toBe(at('2026-11-21T06:30:00+08:00'));
    expect(nextReconcileMorning(at('2026-12-31T23:59:00+08:00'))).toBe(at('2027-01-01T06:30:00+08:00'));
  });

  it('starts the day before once 06:30 has passed, unless that day already has a run; arms one timer', async () => {
    const started: string[] = [];
    const armed: number[] = [];
    let runs: { stmt_date: string }[] = [];
    let active = false;
    const make = (iso: string) =>
      startReconcileSchedule({
        recon: {
          start: async (d: string) => (started.push(d), `R-${d}`),
          days: async () => runs.map((r) => ({ ...r, recon_id: 'R', state: 'balanced' as const, open_differences: 0 })),
          hasActivity: async () => active,
        },
        clock: () => Date.parse(iso),
        timers: { setTimeout: (_fn, ms) => (armed.push(ms), armed.length), clearTimeout: () => undefined },
        onError: (e) => {
          throw e;
        },
      });
    const early = make('2026-11-21T05:00:00+08:00');
    expect(await early.catchUp()).toBeNull();
    early.stop();
    const late = make('2026-11-21T07:00:00+08:00');
    expect(await late.catchUp()).toBeNull(); // nothing to reconcile yet
    active = true;
    expect(await late.catchUp()).toBe('R-2026-11-20');
    runs = [{ stmt_date: '2026-11-20' }];
    expect(await late.catchUp()).toBeNull();
    late.stop();
    expect(started.every((d) => d === '2026-11-20')).toBe(true);
    expect(armed.every((ms) => ms >= 1_000 && ms <= 6 * 3_600_000)).toBe(true);
  });
});

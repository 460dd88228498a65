/**
 * The cashier window's state as a pure reducer (issue 15 item 5), in Node: identify, open a visit,
 * pre-settle, settle (the balance follows the platform), cancel, the link going down, the guards
 * that F5/F6/F8 read, and reset. Figures are hand-made.
 */
import { describe, expect, it } from 'vitest';
import type { PatientView, SettlementView, VisitView } from '../../shared/api/views';
import type { HealthView } from '../../shared/api/views';
import {
  INITIAL_STATE,
  badgeState,
  canPrint,
  canSettle,
  cancellableSettlement,
  cashierReducer,
  followId,
  linkDown,
  needsDischarge,
  type CashierEvent,
  type CashierState,
} from '../../renderer/lib/cashier-state';

const patient: PatientView = {
  psn_no: 'P1',
  psn_name: '张**',
  gend: '1',
  brdy: '****-**-**',
  age: '70',
  psn_cert_type: '01',
  certno: '4301**********031X',
  insuinfo: [
    {
      insutype: '390',
      insutype_name: '城乡居民',
      psn_type: '',
      psn_insu_stas: '4',
      insuplc_admdvs: '430100',
      balc: '0.00',
      emp_name: '',
      has_account: false,
    },
    {
      insutype: '310',
      insutype_name: '职工',
      psn_type: '',
      psn_insu_stas: '1',
      insuplc_admdvs: '430100',
      balc: '1850.40',
      emp_name: '',
      has_account: true,
    },
  ],
  regions: [],
  registrations: [],
  idetinfo: [],
  warnings: [],
};

function visit(over: Partial<VisitView> = {}): VisitView {
  return {
    visit_id: 'V1',
    kind: 'outpatient',
    state: 'open',
    psn_no: 'P1',
    psn_name: '张**',
    insutype: '310',
    med_type: '11',
    insuplc_admdvs: '430100',
    region_kind: 'cross_province',
    mdtrt_id: 'M1',
    ipt_otp_no: 'MZ1',
    begntime: '2026-11-20 09:00:00',
    endtime: null,
    eligibility: null,
    fees: [],
    totals: {
      det_item_fee_sumamt: '107.00',
      fulamt_ownpay_amt: '0.00',
      overlmt_amt: '0.00',
      preselfpay_amt: '0.00',
      inscp_scp_amt: '0.00',
    },
    settlement: null,
    presettlement: null,
    ...over,
  };
}

function result(state: SettlementView['state'], balc: string | null, id: string | null = 'S1'): SettlementView {
  return {
    settlement_id: id,
    visit_id: 'V1',
    state,
    flags: [],
    setldetail: [],
    setlinfo: {
      mdtrt_id: 'M1',
      psn_no: 'P1',
      medfee_sumamt: '107.00',
      fulamt_ownpay_amt: null,
      overlmt_selfpay: null,
      preselfpay_amt: null,
      inscp_scp_amt: null,
      act_pay_dedc: null,
      hifp_pay: null,
      cvlserv_pay: null,
      hifes_pay: null,
      hifmi_pay: null,
      hifob_pay: null,
      maf_pay: null,
      oth_pay: null,
      fund_pay_sumamt: '0.00',
      psn_part_amt: '107.00',
      acct_pay: '107.00',
      psn_cash_pay: '0.00',
      hosp_part_amt: null,
      balc,
    },
  };
}

const health: HealthView = {
  status: 'ok',
  training: true,
  version: 't',
  institution: { fixmedins_code: 'H1', fixmedins_name: 'H', mdtrtarea_admvs: '410202' },
  upstream: {
    url: 'http://127.0.0.1:1',
    reachable: true,
    last_success_at: null,
    last_failure_at: null,
    latency_ms: 3,
    sign_in_age_s: 1,
  },
  store: { ok: true, journal_mode: 'wal', synchronous: 2 },
  queue: { depth: 0, oldest_at: null, needs_attention: 0 },
};

function run(...events: CashierEvent[]): CashierState {
  return events.reduce(cashierReducer, INITIAL_STATE);
}

const identified: CashierEvent = {
  type: 'identified',
  credential: { mdtrt_cert_type: '02', mdtrt_cert_no: 'x' },
  patient,
};

describe('cashierReducer', () => {
  it('identify picks the insurance in normal standing and its account; the visit list waits for its answer', () => {
    const s = run(identified);
    expect(s.insutype).toBe('310');
    expect(s.acct).toBe(true);
    expect(s.identified).toBe(1);
    expect(s.visitsLoaded).toBe(false);
    expect(run(identified, { type: 'visits', rows: [] }).visitsLoaded).toBe(true);
  });

  it("a settle puts the platform's new balance on the patient panel; a pre-settle does not", () => {
    const opened = run(identified, { type: 'visitOpened', visit: visit() });
    const pre = cashierReducer(opened, { type: 'result', settlement: result('presettled', '1743.40', null) });
    expect(pre.patient?.insuinfo[1]?.balc).toBe('1850.40');
    expect(badgeState(pre)).toBe('presettled');
    expect(pre.resultSeq).toBe(1);
    const settled = cashierReducer(pre, { type: 'result', settlement: result('settled', '1743.40') });
    expect(settled.patient?.insuinfo[1]?.balc).toBe('1743.40');
    expect(settled.patient?.insuinfo[0]?.balc).toBe('0.00');
    expect(settled.resultSeq).toBe(2);
    expect(canPrint(settled)).toBe(true);
    expect(cancellableSettlement(settled)?.settlement_id).toBe('S1');
  });

  it('an unknown outcome is followed until it lands, and only for the settlement shown', () => {
    const s = run(
      identified,
      { type: 'visitOpened', visit: visit() },
      { type: 'result', settlement: result('unknown', null) },
    );
    expect(followId(s)).toBe('S1');
    expect(cancellableSettlement(s)).toBeNull();
    const other = cashierReducer(s, {
      type: 'followed',
      settlement: { ...result('settled', '1.00'), settlement_id: 'S2' },
    });
    expect(other).toBe(s);
    const landed = cashierReducer(s, { type: 'followed', settlement: result('reversed', null) });
    expect(followId(landed)).toBeNull();
    expect(badgeState(landed)).toBe('reversed');
  });

  it('an inpatient visit before discharge needs F7 first; a settled visit cannot be settled again', () => {
    const inpatient = run(identified, { type: 'visitOpened', visit: visit({ kind: 'inpatient' }) });
    expect(needsDischarge(inpatient)).toBe(true);
    expect(
      needsDischarge(
        run(identified, { type: 'visitOpened', visit: visit({ kind: 'inpatient', endtime: '2026-11-25 10:00:00' }) }),
      ),
    ).toBe(false);
    expect(canSettle(run(identified, { type: 'visitOpened', visit: visit({ state: 'settled' }) }))).toBe(false);
    expect(canSettle(run(identified, { type: 'visitOpened', visit: visit() }))).toBe(true);
  });

  it('the link goes down on the first failed call, before any probe', () => {
    const s = run({ type: 'health', health }, { type: 'linkDown' });
    expect(linkDown(s)).toBe(true);
    expect(s.health?.status).toBe('offline');
    expect(linkDown(run({ type: 'health', health }))).toBe(false);
    // Without a health reading there is nothing to turn red yet.
    expect(run({ type: 'linkDown' }).health).toBeNull();
  });

  it('a visit reloaded for another visit changes nothing; reset keeps health, pending and the day list', () => {
    const s = run(identified, { type: 'visitOpened', visit: visit() });
    expect(cashierReducer(s, { type: 'visitReloaded', visit: visit({ visit_id: 'V2' }) })).toBe(s);
    const withHealth = cashierReducer(cashierReducer(s, { type: 'health', health }), { type: 'today', rows: [] });
    const reset = cashierReducer(withHealth, { type: 'reset' });
    expect(reset.patient).toBeNull();
    expect(reset.visit).toBeNull();
    expect(reset.health).toBe(health);
    expect(reset.identified).toBe(withHealth.identified + 1);
  });

  it('a busy step clears the previous error and notice; opening from a list marks the reprint', () => {
    const s = run(
      {
        type: 'error',
        error: { action: 'x', info: { code: 'INTERNAL', message: 'm', hint: 'h', actor: 'it', retryable: false } },
      },
      { type: 'notice', text: 'n' },
    );
    const busy = cashierReducer(s, { type: 'busy', action: 'settle' });
    expect(busy.error).toBeNull();
    expect(busy.notice).toBeNull();
    const reprint = run(identified, {
      type: 'visitOpened',
      visit: visit(),
      shown: result('settled', '1.00'),
      reprint: true,
    });
    expect(reprint.reprint).toBe(true);
    expect(cashierReducer(reprint, { type: 'result', settlement: result('cancelled', null) }).reprint).toBe(false);
  });
});

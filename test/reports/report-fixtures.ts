/**
 * Settlements written into a real SQLite store through the repositories' own business steps, for
 * the monthly report tests: settled, cancelled, reversed, unknown — each with hand-set figures.
 */
import type { OpenedStore } from '../../main/store/sqlite-settlement-store';
import type { SettlementRecord, VisitRecord } from '../../main/store/ports/records';
import type { RegionKind } from '../../shared/region';

/** Figures of one settle, fen. */
export interface Figures {
  readonly medfee_sumamt: number;
  readonly fund_pay_sumamt: number;
  readonly hifp_pay: number;
  readonly maf_pay?: number;
  readonly acct_pay: number;
  readonly psn_cash_pay: number;
}

export interface SeedSettlement {
  readonly id: string;
  readonly region: RegionKind;
  readonly insutype: '310' | '390';
  readonly clr_type: '11' | '21' | '41';
  readonly setl_time: string;
  readonly figures: Figures;
  /** What happened after the settle. */
  readonly then?:
    { readonly kind: 'cancel'; readonly at: string } | { readonly kind: 'reverse' } | { readonly kind: 'unknown' };
}

const entry = (msgid: string, infno: string, visit_id: string) => ({
  call_id: `C-${msgid}`,
  msgid,
  infno,
  visit_id,
  request: '{}',
  created_at: 1000,
});

function setlinfo(s: SeedSettlement, sign: 1 | -1, setl_time: string): Record<string, unknown> {
  const f = s.figures;
  return {
    setl_id: `S-${s.id}`,
    mdtrt_id: `M-${s.id}`,
    psn_no: `P-${s.id}`,
    psn_name: '张建国',
    certno: '43010219560302031X',
    insutype: s.insutype,
    clr_type: s.clr_type,
    clr_optins: '410202',
    setl_time,
    med_type: s.clr_type === '21' ? '21' : '11',
    medfee_sumamt: sign * f.medfee_sumamt,
    fund_pay_sumamt: sign * f.fund_pay_sumamt,
    hifp_pay: sign * f.hifp_pay,
    maf_pay: sign * (f.maf_pay ?? 0),
    psn_part_amt: sign * (f.medfee_sumamt - f.fund_pay_sumamt),
    acct_pay: sign * f.acct_pay,
    psn_cash_pay: sign * f.psn_cash_pay,
  };
}

/** Writes one settlement (and its visit) with the store's business steps; `now` orders them. */
export async function seedSettlement(opened: OpenedStore, s: SeedSettlement, now: number): Promise<void> {
  const store = opened.store;
  const visit_id = `V-${s.id}`;
  const v: VisitRecord = {
    visit_id,
    kind: s.clr_type === '21' ? 'inpatient' : s.clr_type === '41' ? 'pharmacy' : 'outpatient',
    psn_no: `P-${s.id}`,
    insutype: s.insutype,
    med_type: '11',
    insuplc_admdvs: s.region === 'local' ? '410202' : s.region === 'intra_province' ? '410300' : '430100',
    region_kind: s.region,
    mdtrt_cert_type: '02',
    mdtrt_cert_no: 'x',
    card_sn: null,
    mdtrt_id: null,
    ipt_otp_no: `MZ-${s.id}`,
    begntime: `${s.setl_time.slice(0, 10)} 08:00:00`,
    endtime: null,
    dise_codg: 'J06.900',
    dise_name: '急性上呼吸道感染',
    chrg_bchno: null,
    batch_seq: 0,
    state: 'opening',
    eligibility: null,
    details: {},
    created_at: now,
    updated_at: now,
  };
  await store.visits.createOpening(v, entry(`O-${s.id}`, '2201', visit_id));
  await store.visits.update(visit_id, { mdtrt_id: `M-${s.id}`, state: 'open' }, now);
  const rec: SettlementRecord = {
    settlement_id: `ST-${s.id}`,
    visit_id,
    mdtrt_id: `M-${s.id}`,
    psn_no: `P-${s.id}`,
    infno: s.clr_type === '21' ? '2304' : '2207',
    msgid: `SM-${s.id}`,
    chrg_bchno: null,
    state: 'SENDING',
    acct_used_flag: '0',
    bill_total_fen: s.figures.medfee_sumamt,
    setl_id: null,
    setlinfo: null,
    setldetail: null,
    flags: [],
    cancel_msgid: null,
    cancel_setlinfo: null,
    err_code: null,
    created_at: now,
    updated_at: now,
  };
  await store.settlements.beginSettle(rec, entry(rec.msgid, rec.infno, visit_id));
  if (s.then?.kind === 'unknown') {
    await store.settlements.recordSettleOutcome(
      rec.msgid,
      'UNKNOWN',
      null,
      { outcome: 'UNKNOWN', ended_at: now },
      '结果不明',
    );
    return;
  }
  const fund = s.insutype === '310' ? '310100' : '390100';
  const setldetail = [{ fund_pay_type: fund, fund_pay_type_name: '统筹基金', fund_payamt: s.figures.hifp_pay }];
  await store.settlements.recordSettleOutcome(
    rec.msgid,
    'SETTLED',
    { setl_id: `S-${s.id}`, setlinfo: setlinfo(s, 1, s.setl_time), setldetail, flags: [] },
    { outcome: 'SUCCESS', ended_at: now },
    '结算成功',
  );
  if (s.then?.kind === 'reverse') {
    await store.settlements.transition(rec.settlement_id, ['SETTLED'], 'REVERSING', '冲正', now + 1);
    await store.settlements.transition(rec.settlement_id, ['REVERSING'], 'REVERSED', '已冲正', now + 2);
  } else if (s.then?.kind === 'cancel') {
    await store.settlements.transition(rec.settlement_id, ['SETTLED'], 'CANCELLING', '撤销中', now + 1, {
      cancel_msgid: `CM-${s.id}`,
    });
    await store.settlements.transition(rec.settlement_id, ['CANCELLING'], 'CANCELLED', '已撤销', now + 2, {
      cancel_setlinfo: setlinfo(s, -1, s.then.at),
    });
  }
}

/**
 * Turning stored settlements into the API's plain views (money as 2-dp strings, states lower case).
 * Stored figures are the platform's as parsed (fen or null); nothing is recomputed (docs/his-api.md).
 */
import type { FundLineView, SetlInfoView, SettlementView } from '../../shared/api/views';
import type { SettlementRecord, SettlementEvent } from '../store/ports/records';
import type { Setldetail, Setlinfo } from '../../shared/protocol/transactions';
import { apiState } from '../domain/settlement-state';
import { fenToString } from '../../shared/money';
import { dictName } from '../../shared/dicts';
import { FUND_PAY_TYPE } from '../../shared/dicts/fund-pay-type';
import { chinaDateTime } from '../../shared/china-time';

const money = (fen: number | null | undefined): string | null =>
  fen === null || fen === undefined ? null : fenToString(fen);

/** Stored form of a parsed setlinfo (fen values kept as numbers, JSON-safe). */
export type StoredSetlinfo = Setlinfo;
export type StoredSetldetail = Setldetail;

/** setlinfo as the API shows it. */
export function setlinfoView(s: StoredSetlinfo, fallback: { mdtrt_id: string; psn_no: string }): SetlInfoView {
  return {
    setl_id: s.setl_id ?? null,
    mdtrt_id: s.mdtrt_id ?? fallback.mdtrt_id,
    psn_no: s.psn_no ?? fallback.psn_no,
    setl_time: s.setl_time ?? null,
    insutype: s.insutype ?? null,
    med_type: s.med_type ?? null,
    clr_type: s.clr_type ?? null,
    clr_optins: s.clr_optins ?? null,
    medins_setl_id: s.medins_setl_id ?? null,
    pool_prop_selfpay: s.pool_prop_selfpay ?? null,
    medfee_sumamt: money(s.medfee_sumamt),
    fulamt_ownpay_amt: money(s.fulamt_ownpay_amt),
    overlmt_selfpay: money(s.overlmt_selfpay),
    preselfpay_amt: money(s.preselfpay_amt),
    inscp_scp_amt: money(s.inscp_scp_amt),
    act_pay_dedc: money(s.act_pay_dedc),
    hifp_pay: money(s.hifp_pay),
    cvlserv_pay: money(s.cvlserv_pay),
    hifes_pay: money(s.hifes_pay),
    hifmi_pay: money(s.hifmi_pay),
    hifob_pay: money(s.hifob_pay),
    maf_pay: money(s.maf_pay),
    oth_pay: money(s.oth_pay),
    fund_pay_sumamt: money(s.fund_pay_sumamt),
    psn_part_amt: money(s.psn_part_amt),
    acct_pay: money(s.acct_pay),
    psn_cash_pay: money(s.psn_cash_pay),
    hosp_part_amt: money(s.hosp_part_amt),
    balc: money(s.balc),
  };
}

/** setldetail lines as the API shows them; the platform's fund name wins over the dictionary's. */
export function setldetailView(lines: readonly StoredSetldetail[]): FundLineView[] {
  return lines.map((l) => ({
    fund_pay_type: l.fund_pay_type ?? '',
    fund_pay_type_name: l.fund_pay_type_name ?? dictName(FUND_PAY_TYPE, l.fund_pay_type ?? ''),
    fund_payamt: money(l.fund_payamt) ?? '0.00',
    inscp_scp_amt: money(l.inscp_scp_amt),
    crt_payb_lmt_amt: money(l.crt_payb_lmt_amt),
    setl_proc_info: l.setl_proc_info ?? null,
  }));
}

/** A stored settlement with its history as the API's SettlementView. */
export function settlementView(s: SettlementRecord, events: readonly SettlementEvent[] = []): SettlementView {
  const fallback = { mdtrt_id: s.mdtrt_id, psn_no: s.psn_no };
  return {
    settlement_id: s.settlement_id,
    visit_id: s.visit_id,
    state: apiState(s.state),
    setlinfo: s.setlinfo ? setlinfoView(s.setlinfo as StoredSetlinfo, fallback) : null,
    setldetail: s.setldetail ? setldetailView(s.setldetail as StoredSetldetail[]) : [],
    flags: s.flags,
    msgid: s.msgid,
    acct_used_flag: s.acct_used_flag,
    created_at: chinaDateTime(s.created_at),
    updated_at: chinaDateTime(s.updated_at),
    history: events.map((e) => ({ at: chinaDateTime(e.at), state: e.to_state.toLowerCase(), note: e.note })),
    cancel_setlinfo: s.cancel_setlinfo ? setlinfoView(s.cancel_setlinfo as StoredSetlinfo, fallback) : null,
  };
}

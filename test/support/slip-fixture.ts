/**
 * A settled one-stop visit for the slip tests, figures from docs/sandbox-policy.md §3–§4 worked by hand
 * (settlement-flows "emergency visitor with an assistance identity"): CT 280.00 (检查费) + liver
 * panel 85.00 (化验费) = 365.00; basic 41.65, medical assistance 194.15, fund 235.80, cash 129.20.
 */
import type { FeeLineView, SettlementView, VisitView } from '../../shared/api/views';
import type { SlipInput } from '../../shared/slip/slip-data';

const split = (med_chrgitm_type: string) => ({
  fulamt_ownpay_amt: '0.00',
  overlmt_amt: '0.00',
  preselfpay_amt: '0.00',
  inscp_scp_amt: '0.00',
  chrgitm_lv: '01',
  med_chrgitm_type,
  selfpay_prop: '0',
  pric_uplmt_amt: null,
});
const fee = (sn: string, name: string, amount: string, category: string): FeeLineView => ({
  feedetl_sn: sn,
  medins_list_codg: `H-${sn}`,
  name,
  cnt: '1',
  pric: amount,
  det_item_fee_sumamt: amount,
  fee_ocur_time: '2026-11-20 09:10:00',
  uploaded: true,
  platform: split(category),
});

export const SLIP_VISIT: VisitView = {
  visit_id: 'V1',
  kind: 'outpatient',
  state: 'closed' as VisitView['state'],
  psn_no: 'DEMO0008160640',
  psn_name: '王**',
  insutype: '390',
  med_type: '13',
  insuplc_admdvs: '430121',
  region_kind: 'cross_province',
  mdtrt_id: 'M1',
  ipt_otp_no: 'MZ-EM-1',
  begntime: '2026-11-20 09:00:00',
  endtime: null,
  eligibility: null,
  fees: [fee('1', '64排CT平扫', '280.00', '03'), fee('2', '肝功能全套', '85.00', '04')],
  totals: {
    det_item_fee_sumamt: '365.00',
    fulamt_ownpay_amt: '0.00',
    overlmt_amt: '20.00',
    preselfpay_amt: '26.00',
    inscp_scp_amt: '319.00',
  },
  settlement: null,
  presettlement: null,
};

export const SLIP_RESULT: SettlementView = {
  settlement_id: 'ST1',
  visit_id: 'V1',
  state: 'settled',
  flags: [],
  setlinfo: {
    mdtrt_id: 'M1',
    psn_no: 'DEMO0008160640',
    setl_id: 'S202611200001',
    setl_time: '2026-11-20 09:20:00',
    medfee_sumamt: '365.00',
    fulamt_ownpay_amt: '0.00',
    overlmt_selfpay: '20.00',
    preselfpay_amt: '26.00',
    inscp_scp_amt: '319.00',
    act_pay_dedc: '200.00',
    hifp_pay: '41.65',
    cvlserv_pay: '0.00',
    hifes_pay: '0.00',
    hifmi_pay: '0.00',
    hifob_pay: '0.00',
    maf_pay: '194.15',
    oth_pay: '0.00',
    fund_pay_sumamt: '235.80',
    psn_part_amt: '129.20',
    acct_pay: '0.00',
    psn_cash_pay: '129.20',
    hosp_part_amt: '0.00',
    balc: null,
  } as SettlementView['setlinfo'],
  setldetail: [
    { fund_pay_type: '390100', fund_pay_type_name: '城乡居民基本医疗保险基金', fund_payamt: '41.65' },
    { fund_pay_type: '610100', fund_pay_type_name: '医疗救助基金', fund_payamt: '194.15' },
  ],
};

/** The slip input; `reprint` marks 补打. */
export function slipInput(reprint: boolean, over: Partial<SlipInput> = {}): SlipInput {
  return {
    visit: SLIP_VISIT,
    result: SLIP_RESULT,
    name: '王**',
    reprint,
    health: {
      training: false,
      institution: { fixmedins_code: 'H41020200011', fixmedins_name: '开封市示范第一医院', mdtrtarea_admvs: '410202' },
    },
    words: { kind: '门诊', state: '已结算', insuplc: '湖南省长沙县' },
    ...over,
  };
}

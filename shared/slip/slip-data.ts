/**
 * The values of a slip from what the window already holds: the visit (its uploaded lines give the
 * D-16 fee categories), the settlement (D-17: each fund of the one-stop settlement on its own row),
 * the institution, and whether it is a reprint (补打). The name passed in is the one to print —
 * masked unless the cashier revealed it (audited). Amounts are the platform's 2-decimal strings.
 */
import type { HealthView, SettlementView, VisitView } from '../api/views';
import { MED_CHRGITM_TYPE, MED_CHRGITM_TYPE_OTHER, type MedChrgitmType } from '../dicts/med-chrgitm-type';
import { fenToString, parseFen } from '../money';
import { REGION_KIND_NAMES } from '../region';
import type { SlipData } from './slip-template';

/** What a slip is made of. */
export interface SlipInput {
  readonly visit: VisitView;
  readonly result: SettlementView;
  readonly health: Pick<HealthView, 'training' | 'institution'> | null;
  /** The name to print (masked, or the revealed one). */
  readonly name: string;
  readonly reprint: boolean;
  /** Words for the visit kind, the state and the insured place (the renderer's labels). */
  readonly words: { readonly kind: string; readonly state: string; readonly insuplc: string };
}

/** Sums of the visit's uploaded lines by D-16 category, non-zero ones in code order. */
export function feeCategories(visit: Pick<VisitView, 'fees'>): { name: string; amount: string }[] {
  const fen = new Map<MedChrgitmType, number>();
  for (const l of visit.fees) {
    if (!l.uploaded) continue;
    const code = l.platform?.med_chrgitm_type;
    const cat: MedChrgitmType =
      code !== undefined && Object.hasOwn(MED_CHRGITM_TYPE, code) ? (code as MedChrgitmType) : MED_CHRGITM_TYPE_OTHER;
    fen.set(cat, (fen.get(cat) ?? 0) + parseFen(l.det_item_fee_sumamt));
  }
  return (Object.keys(MED_CHRGITM_TYPE) as MedChrgitmType[])
    .filter((c) => (fen.get(c) ?? 0) !== 0)
    .map((c) => ({ name: MED_CHRGITM_TYPE[c], amount: fenToString(fen.get(c) ?? 0) }));
}

/** The slip's values. */
export function slipDataOf(i: SlipInput): SlipData {
  const s = i.result.setlinfo;
  const v = (x: string | null | undefined): string => x ?? '—';
  const cross = i.visit.region_kind === 'local' ? '' : `【${REGION_KIND_NAMES[i.visit.region_kind]}】`;
  return {
    text: {
      institution: i.health?.institution.fixmedins_name ?? '',
      title_mark: i.reprint ? '（补打）' : '',
      reprint_note: i.reprint ? '补打：本单为重新打印，以首次打印为准。' : '',
      training_note: i.health?.training ? '培训模式 — 非真实结算' : '',
      cross_region_mark: cross,
      kind: i.words.kind,
      ipt_otp_no: i.visit.ipt_otp_no,
      psn_name: i.name,
      region_kind: REGION_KIND_NAMES[i.visit.region_kind],
      insuplc: i.words.insuplc,
      setl_id: v(s?.setl_id),
      setl_time: v(s?.setl_time),
      state: i.words.state,
      medfee_sumamt: v(s?.medfee_sumamt),
      fulamt_ownpay_amt: v(s?.fulamt_ownpay_amt),
      overlmt_selfpay: v(s?.overlmt_selfpay),
      preselfpay_amt: v(s?.preselfpay_amt),
      inscp_scp_amt: v(s?.inscp_scp_amt),
      fund_pay_sumamt: v(s?.fund_pay_sumamt),
      acct_pay: v(s?.acct_pay),
      psn_cash_pay: v(s?.psn_cash_pay),
      balc: v(s?.balc),
      figures_note: i.result.flags.includes('figures_inconsistent')
        ? '注：平台返回金额合计不一致，按平台原数打印。'
        : '',
    },
    fee_categories: feeCategories(i.visit),
    funds: i.result.setldetail.map((f) => ({ name: f.fund_pay_type_name || '其他基金', amount: f.fund_payamt })),
  };
}

/**
 * Reading a visit back as the API's VisitView: its lines with the platform's split (and the
 * preview when one was made), totals, the latest settlement and the last pre-settlement.
 */
import type { FeeLineView, LineSplitView, SettlementView, VisitView, VisitState } from '../../shared/api/views';
import type { FeeLineRecord, VisitRecord } from '../store/ports/records';
import type { ServiceDeps } from './service-deps';
import type { SettlementService } from './settlement-service';
import type { VisitService } from './visit-service';
import { fenToString, parseFen } from '../../shared/money';
import { apiState } from '../domain/settlement-state';

export class VisitQuery {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly visits: VisitService,
    private readonly settlements: SettlementService,
  ) {}

  async view(visit_id: string): Promise<VisitView> {
    const v = await this.visits.requireVisit(visit_id);
    const lines = await this.deps.store.fees.forVisit(visit_id);
    const all = await this.deps.store.settlements.forVisit(visit_id);
    const latest = all[0] ?? null;
    const settlement = latest ? await this.settlements.view(latest) : null;
    const presettlement = (v.details as { presettlement?: SettlementView }).presettlement ?? null;
    const person = await this.deps.store.persons.get(v.psn_no);
    const shown = lines.filter((l) => l.state !== 'withdrawn');
    return {
      visit_id: v.visit_id,
      kind: v.kind,
      state: visitState(v, latest ? apiState(latest.state) : null, presettlement !== null),
      psn_no: v.psn_no,
      psn_name: typeof person?.baseinfo.psn_name === 'string' ? person.baseinfo.psn_name : '',
      insutype: v.insutype,
      med_type: v.med_type,
      insuplc_admdvs: v.insuplc_admdvs,
      region_kind: v.region_kind,
      mdtrt_id: v.mdtrt_id,
      ipt_otp_no: v.ipt_otp_no,
      begntime: v.begntime,
      endtime: v.endtime,
      dise_codg: v.dise_codg,
      dise_name: v.dise_name,
      eligibility: (v.eligibility as VisitView['eligibility']) ?? null,
      fees: shown.map(lineView),
      totals: totals(shown),
      settlement,
      presettlement,
    };
  }
}

/**
 * The visit's state for the UI badge (ui-contract `state-badge`): the latest settlement's state;
 * `presettled` after a pre-settle; `open` before any settlement; `closed`/`cancelled` for ended visits.
 */
function visitState(v: VisitRecord, settlementState: string | null, presettled: boolean): VisitState {
  if (v.state === 'cancelled') return 'cancelled';
  const resettleable =
    settlementState === null || ['reversed', 'not_settled', 'failed_definite', 'not_sent'].includes(settlementState);
  if (!resettleable && settlementState !== null) return settlementState as VisitState;
  if (settlementState === 'cancelled') return 'cancelled';
  return presettled ? 'presettled' : 'open';
}

function lineView(l: FeeLineRecord): FeeLineView {
  return {
    feedetl_sn: l.feedetl_sn,
    ...(l.med_list_codg ? { med_list_codg: l.med_list_codg } : {}),
    medins_list_codg: l.medins_list_codg,
    name: l.name,
    cnt: l.cnt,
    pric: l.pric,
    det_item_fee_sumamt: fenToString(l.amount_fen),
    fee_ocur_time: l.fee_ocur_time,
    ...(l.init_feedetl_sn ? { init_feedetl_sn: l.init_feedetl_sn } : {}),
    uploaded: l.state === 'uploaded' || l.state === 'settled',
    ...(l.chrg_bchno ? { chrg_bchno: l.chrg_bchno } : {}),
    ...(l.platform ? { platform: l.platform as unknown as LineSplitView } : {}),
    ...(l.preview ? { preview: l.preview as unknown as FeeLineView['preview'] } : {}),
    ...(l.preview && Array.isArray((l.preview as { differences?: unknown }).differences)
      ? { differences: (l.preview as { differences: FeeLineView['differences'] }).differences }
      : {}),
  };
}

function totals(lines: readonly FeeLineRecord[]): VisitView['totals'] {
  const sum = (pick: (l: FeeLineRecord) => number) => fenToString(lines.reduce((a, l) => a + pick(l), 0));
  const part = (key: string) => (l: FeeLineRecord) => parseFen((l.platform?.[key] as string | null | undefined) ?? '0');
  return {
    det_item_fee_sumamt: sum((l) => l.amount_fen),
    fulamt_ownpay_amt: sum(part('fulamt_ownpay_amt')),
    overlmt_amt: sum(part('overlmt_amt')),
    preselfpay_amt: sum(part('preselfpay_amt')),
    inscp_scp_amt: sum(part('inscp_scp_amt')),
  };
}

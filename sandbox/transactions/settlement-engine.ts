/**
 * Settlement of a set of fee lines (docs/sandbox-policy.md §4) and the undo/redo of its effects
 * (cancel, reversal). Shared by 2206/2207, 2303/2304, 2208/2305, 2601 and 5203.
 */
import type { Decimal } from 'decimal.js';
import { Money, fenToDecimal, fenToString, toFen, type Fen } from '../../shared/money';
import { datePart } from '../../shared/dates';
import { ageOn } from '../model/age';
import { computeBenefit, type SettleTotals } from '../model/benefit';
import { benefitLineOf } from '../model/benefit-line';
import { hasAssistanceIdentity } from '../model/assistance';
import {
  buildSettlementRecord,
  effectsOf,
  negateRecord,
  type SettlementEffects,
  type SettlementRecord,
} from '../model/settlement-record';
import type { FeeLineRow } from '../ledger/lines-repo';
import { lineState, settleLines, unsettleLines } from '../ledger/lines-repo';
import { applyEffects, getBalance, getCumulative, lineCumulative } from '../ledger/persons-repo';
import {
  effectsOfRow,
  insertSettlement,
  markCancelled,
  recordOf,
  setSettlementState,
  type SettlementRow,
} from '../ledger/settlements-repo';
import type { VisitRow } from '../ledger/visits-repo';
import type { Person } from '../scenario/schema';
import { requireEligible } from './access';
import { selfPayRecord } from '../model/self-pay';
import type { CallContext, HandlerResult } from './context';
import type { Reader } from './input-reader';
import { newSetlId } from './ids';
import { badInput, Refusal } from './refusal';
import { int, moneyFen, ratio4 } from './wire';

/** Sums of the four split parts and the total over lines, in fen. */
export interface LineTotals {
  readonly medfee_sumamt: Fen;
  readonly fulamt_ownpay_amt: Fen;
  readonly overlmt_selfpay: Fen;
  readonly preselfpay_amt: Fen;
  readonly inscp_scp_amt: Fen;
}

/** Totals over lines (§4). */
export function totalsOf(lines: readonly FeeLineRow[]): LineTotals {
  const t = { medfee_sumamt: 0, fulamt_ownpay_amt: 0, overlmt_selfpay: 0, preselfpay_amt: 0, inscp_scp_amt: 0 };
  for (const l of lines) {
    t.medfee_sumamt += l.amt;
    t.fulamt_ownpay_amt += l.fulamt_ownpay_amt;
    t.overlmt_selfpay += l.overlmt_amt;
    t.preselfpay_amt += l.preselfpay_amt;
    t.inscp_scp_amt += l.inscp_scp_amt;
  }
  return t;
}

/** A computed settlement: record, effects and the date the rules used. */
export interface ComputedSettlement {
  readonly record: SettlementRecord;
  readonly effects: SettlementEffects;
  readonly age: number;
}

/**
 * Runs every check again (§2: outpatients on the business date, inpatients on the admission
 * date, D-6) and computes §4 for `lines` of `visit`.
 */
export function computeSettlement(
  ctx: CallContext,
  visit: VisitRow,
  person: Person,
  lines: readonly FeeLineRow[],
  acctUsed: boolean,
  selfPay = false,
): ComputedSettlement {
  const medType = visit.med_type;
  if (medType === null) throw badInput('尚未上传就诊信息（2203），无法结算');
  const line = benefitLineOf(medType);
  if (line === null) throw badInput(`med_type：不支持的医疗类别 "${medType}"`);
  if (selfPay) {
    // Full self-pay (model/self-pay.ts): no eligibility check, no benefit, all cash.
    const t = totalsOf(lines);
    if (t.medfee_sumamt < 0) throw badInput('结算费用合计为负数');
    const balc = getBalance(ctx.db, person.psn_no, visit.insutype);
    const sp = selfPayRecord(t, {
      line,
      insutype: visit.insutype,
      med_type: medType,
      clr_optins: ctx.institution.admdvs,
      balc,
    });
    return { ...sp, age: ageOn(person.brdy, ctx.businessDate) };
  }
  const date = visit.kind === 'inpatient' ? datePart(visit.begntime) : ctx.businessDate;
  const elig = requireEligible(
    ctx,
    person,
    visit.insutype,
    { kind: 'visit', medType, diseCodg: visit.dise_codg },
    date,
  );
  const t = totalsOf(lines);
  if (t.medfee_sumamt < 0 || t.inscp_scp_amt < 0) throw badInput('结算费用合计为负数');
  const totals: SettleTotals = {
    medfee_sumamt: fenToDecimal(t.medfee_sumamt),
    fulamt_ownpay_amt: fenToDecimal(t.fulamt_ownpay_amt),
    overlmt_selfpay: fenToDecimal(t.overlmt_selfpay),
    preselfpay_amt: fenToDecimal(t.preselfpay_amt),
    inscp_scp_amt: fenToDecimal(t.inscp_scp_amt),
  };
  const cum = getCumulative(ctx.db, person.psn_no);
  const lc = lineCumulative(cum, line);
  const balcBefore = fenToDecimal(getBalance(ctx.db, person.psn_no, visit.insutype));
  // §4.5: an assistance identity valid on d (the same d as the eligibility check).
  const assistance = hasAssistanceIdentity(person, elig.policy, date);
  const benefit = computeBenefit({
    line,
    policy: elig.policy,
    level: ctx.institution.level,
    retired: elig.insurance.retired,
    reduction: elig.reduction,
    insutype: visit.insutype,
    totals,
    cumulative: { dedc: fenToDecimal(lc.dedc), fund: fenToDecimal(lc.fund) },
    critical: { base: fenToDecimal(cum.critical_base), paid: fenToDecimal(cum.critical_paid) },
    assistance,
    acctUsed,
    balc: balcBefore,
  });
  const record = buildSettlementRecord(totals, benefit, {
    line,
    insutype: visit.insutype,
    med_type: medType,
    clr_optins: ctx.institution.admdvs,
    balcBefore,
  });
  return { record, effects: effectsOf(benefit, line, visit.insutype), age: ageOn(person.brdy, ctx.businessDate) };
}

/** Makes a stored settlement take effect: figures, balance, lines (settle, or reversal of its cancel). */
export function applySettlement(
  ctx: CallContext,
  row: Pick<SettlementRow, 'setl_id' | 'psn_no'>,
  effects: SettlementEffects,
  lineIds: readonly number[],
): void {
  applyEffects(ctx.db, row.psn_no, effects, 1);
  settleLines(ctx.db, lineIds, row.setl_id);
}

/**
 * Undoes a live settlement as a cancel does (§4): restores figures and balance, makes its lines
 * unsettled again. `cancel` records the cancel message (2208/2305); a reversal passes null and
 * marks the settlement reversed. Returns the negated record for the answer.
 */
export function undoSettlement(
  ctx: CallContext,
  row: SettlementRow,
  cancel: { msgid: string; infno: string } | null,
): SettlementRecord {
  if (row.state === 'cancelled') throw new Refusal('ALREADY_CANCELLED', '该结算已撤销');
  if (row.state === 'reversed') throw new Refusal('ALREADY_CANCELLED', '该结算已冲正，不在生效状态');
  applyEffects(ctx.db, row.psn_no, effectsOfRow(row), -1);
  unsettleLines(ctx.db, row.setl_id);
  const rec = recordOf(row);
  const balcAfter = getBalance(ctx.db, row.psn_no, rec.insutype);
  if (cancel !== null) markCancelled(ctx.db, row.setl_id, cancel.msgid, cancel.infno, ctx.nowText, balcAfter);
  else setSettlementState(ctx.db, row.setl_id, 'reversed');
  return negateRecord(rec, balcAfter);
}

/**
 * Reinstates a cancelled settlement (2601 of its cancel, §5). Its lines must still be unsettled
 * (not settled again, not deleted), else it cannot come back as it was.
 */
export function reinstateSettlement(ctx: CallContext, row: SettlementRow): void {
  const ids = JSON.parse(row.line_ids) as number[];
  for (const id of ids) {
    const state = lineState(ctx.db, id);
    if (state === 'settled') throw new Refusal('ALREADY_SETTLED', '原结算的费用明细已被重新结算，无法恢复原结算');
    if (state !== 'unsettled') throw new Refusal('NOT_FOUND', '原结算的费用明细已撤销，无法恢复原结算');
  }
  applySettlement(ctx, row, effectsOfRow(row), ids);
  setSettlementState(ctx.db, row.setl_id, 'settled');
}

/** What setlinfo shows besides the record. */
export interface SetlinfoMeta {
  readonly mdtrt_id: string;
  /** Omitted on pre-settlement (2206/2303). */
  readonly setl_id: string | null;
  readonly setl_time: string;
  readonly age: number;
  readonly mdtrt_cert_type: string;
  /** The msgid of the call that made this answer's record (§4.9). */
  readonly medins_setl_id: string;
}

/** The 2207 `setlinfo` node, fields in the order docs/protocol.md §2.3 lists them. */
export function renderSetlinfo(person: Person, rec: SettlementRecord, meta: SetlinfoMeta): Record<string, unknown> {
  const ins = person.insurances.find((i) => i.insutype === rec.insutype);
  const a = rec.amounts;
  const out: Record<string, unknown> = { mdtrt_id: meta.mdtrt_id };
  if (meta.setl_id !== null) out.setl_id = meta.setl_id;
  Object.assign(out, {
    psn_no: person.psn_no,
    psn_name: person.psn_name,
    psn_cert_type: person.psn_cert_type,
    certno: person.certno,
    gend: person.gend,
    naty: person.naty,
    brdy: person.brdy,
    age: int(meta.age),
    insutype: rec.insutype,
    psn_type: ins?.psn_type ?? '',
    cvlserv_flag: '0',
    setl_time: meta.setl_time,
    mdtrt_cert_type: meta.mdtrt_cert_type,
    med_type: rec.med_type,
    medfee_sumamt: moneyFen(a.medfee_sumamt),
    fulamt_ownpay_amt: moneyFen(a.fulamt_ownpay_amt),
    overlmt_selfpay: moneyFen(a.overlmt_selfpay),
    preselfpay_amt: moneyFen(a.preselfpay_amt),
    inscp_scp_amt: moneyFen(a.inscp_scp_amt),
    act_pay_dedc: moneyFen(a.act_pay_dedc),
    hifp_pay: moneyFen(a.hifp_pay),
    pool_prop_selfpay: ratio4(rec.pool_prop_selfpay),
    cvlserv_pay: moneyFen(a.cvlserv_pay),
    hifes_pay: moneyFen(a.hifes_pay),
    hifmi_pay: moneyFen(a.hifmi_pay),
    hifob_pay: moneyFen(a.hifob_pay),
    maf_pay: moneyFen(a.maf_pay),
    oth_pay: moneyFen(a.oth_pay),
    fund_pay_sumamt: moneyFen(a.fund_pay_sumamt),
    psn_part_amt: moneyFen(a.psn_part_amt),
    acct_pay: moneyFen(a.acct_pay),
    psn_cash_pay: moneyFen(a.psn_cash_pay),
    hosp_part_amt: moneyFen(a.hosp_part_amt),
    balc: moneyFen(rec.balc),
    acct_mulaid_pay: moneyFen(a.acct_mulaid_pay),
    medins_setl_id: meta.medins_setl_id,
    clr_optins: rec.clr_optins,
    clr_way: rec.clr_way,
    clr_type: rec.clr_type,
  });
  return out;
}

/** The `setldetail` rows of a record. */
export function renderSetldetail(rec: SettlementRecord): Record<string, unknown>[] {
  return rec.details.map((d) => ({
    fund_pay_type: d.fund_pay_type,
    fund_pay_type_name: d.fund_pay_type_name,
    inscp_scp_amt: moneyFen(d.inscp_scp_amt),
    crt_payb_lmt_amt: moneyFen(d.crt_payb_lmt_amt),
    fund_payamt: moneyFen(d.fund_payamt),
    setl_proc_info: d.setl_proc_info,
  }));
}

/** Checks a request's claimed totals against the lines (§4: AMOUNT_MISMATCH on any difference). */
export function checkClaimedTotals(
  t: LineTotals,
  claimed: Readonly<Partial<Record<keyof LineTotals, Decimal | null>>>,
  path: string,
): void {
  for (const k of Object.keys(claimed) as (keyof LineTotals)[]) {
    const c = claimed[k];
    if (c === null || c === undefined) continue;
    if (!new Money(c).eq(fenToDecimal(t[k]))) {
      throw new Refusal('AMOUNT_MISMATCH', `${path}.${k} 与费用明细合计不符（明细合计 ${fenToString(t[k])}）`);
    }
  }
}

/**
 * The totals a settle or pre-settle claims in its `data` node (`medfee_sumamt`, and optionally the
 * four split sums) must equal the lines being settled; a claim left out is not checked.
 */
export function checkClaimedData(lines: readonly FeeLineRow[], d: Reader, medfee: Decimal): void {
  checkClaimedTotals(
    totalsOf(lines),
    {
      medfee_sumamt: medfee,
      fulamt_ownpay_amt: d.optMoney('fulamt_ownpay_amt'),
      overlmt_selfpay: d.optMoney('overlmt_selfpay'),
      preselfpay_amt: d.optMoney('preselfpay_amt'),
      inscp_scp_amt: d.optMoney('inscp_scp_amt'),
    },
    'data',
  );
}

/** What a settle handler has worked out before the common end (2207 / 2304 and their pre-settles). */
export interface SettleStep {
  readonly commit: boolean;
  readonly infno: '2207' | '2304' | '2102';
  readonly chrg_bchno: string | null;
  readonly mid_setl_flag: string;
  readonly visit: VisitRow;
  readonly person: Person;
  readonly lines: readonly FeeLineRow[];
  readonly computed: ComputedSettlement;
  readonly certType: string;
  readonly medfee: Decimal;
}

/**
 * The common end of a settle or pre-settle: with `commit`, records the settlement and applies its
 * effects (cumulative figures, balance, lines settled); either way, answers setlinfo + setldetail.
 */
export function finishSettle(ctx: CallContext, s: SettleStep): HandlerResult {
  const { commit, lines, visit, person, certType, medfee, computed } = s;
  const setlId = commit ? newSetlId(ctx) : null;
  if (setlId !== null) {
    const lineIds = lines.map((l) => l.id);
    insertSettlement(ctx.db, {
      setl_id: setlId,
      mdtrt_id: visit.mdtrt_id,
      psn_no: person.psn_no,
      fixmedins_code: ctx.institution.fixmedins_code,
      infno: s.infno,
      msgid: ctx.msgid,
      chrg_bchno: s.chrg_bchno,
      mid_setl_flag: s.mid_setl_flag,
      setl_time: ctx.nowText,
      age: computed.age,
      mdtrt_cert_type: certType,
      medfee_sumamt: toFen(medfee),
      record: computed.record,
      effects: computed.effects,
      line_ids: lineIds,
    });
    applySettlement(ctx, { setl_id: setlId, psn_no: person.psn_no }, computed.effects, lineIds);
  }
  return {
    psn_no: person.psn_no,
    ref: setlId ?? visit.mdtrt_id,
    output: {
      setlinfo: renderSetlinfo(person, computed.record, {
        mdtrt_id: visit.mdtrt_id,
        setl_id: setlId,
        setl_time: ctx.nowText,
        age: computed.age,
        mdtrt_cert_type: certType,
        medins_setl_id: ctx.msgid,
      }),
      setldetail: renderSetldetail(computed.record),
    },
  };
}

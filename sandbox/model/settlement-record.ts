/**
 * The settlement record (2207/2304 `setlinfo` amounts + `setldetail`) in integer fen, built from
 * the benefit result (docs/sandbox-policy.md §4.6–§4.9, D-17), and its negation for cancels (§4).
 * Personal fields (name, ID) are not part of the record: they are added when answering.
 */
import type { Decimal } from 'decimal.js';
import { formatFixed, formatMoney, toFen, type Fen } from '../../shared/money';
import type { BenefitLine } from './benefit-line';
import { clrTypeOf } from './benefit-line';
import type { BenefitResult, SettleTotals } from './benefit';

/** The money fields of `setlinfo`, in fen, in the order 2207 lists them. */
export const SETL_AMOUNT_FIELDS = [
  'medfee_sumamt',
  'fulamt_ownpay_amt',
  'overlmt_selfpay',
  'preselfpay_amt',
  'inscp_scp_amt',
  'act_pay_dedc',
  'hifp_pay',
  'cvlserv_pay',
  'hifes_pay',
  'hifmi_pay',
  'hifob_pay',
  'maf_pay',
  'oth_pay',
  'fund_pay_sumamt',
  'psn_part_amt',
  'acct_pay',
  'psn_cash_pay',
  'hosp_part_amt',
  'acct_mulaid_pay',
] as const;

/** One money field of setlinfo. */
export type SetlAmountField = (typeof SETL_AMOUNT_FIELDS)[number];

/** One `setldetail` row; amounts in fen. */
export interface SetlDetailRow {
  readonly fund_pay_type: string;
  readonly fund_pay_type_name: string;
  readonly inscp_scp_amt: Fen;
  readonly crt_payb_lmt_amt: Fen;
  readonly fund_payamt: Fen;
  readonly setl_proc_info: string;
}

/** A settlement as computed, amounts in fen. */
export interface SettlementRecord {
  readonly line: BenefitLine;
  readonly insutype: string;
  readonly med_type: string;
  readonly amounts: Readonly<Record<SetlAmountField, Fen>>;
  /** The ratio r, 4 decimals (`pool_prop_selfpay`). */
  readonly pool_prop_selfpay: string;
  /** Balance after this record took effect, fen. */
  readonly balc: Fen;
  readonly clr_type: string;
  readonly clr_way: string;
  readonly clr_optins: string;
  readonly details: readonly SetlDetailRow[];
}

/** The change a settlement makes to the person's figures, in fen (undone by a cancel). */
export interface SettlementEffects {
  readonly line: BenefitLine;
  readonly insutype: string;
  readonly dedc: Fen;
  readonly fund: Fen;
  readonly critical_base: Fen;
  readonly critical_paid: Fen;
  readonly acct: Fen;
}

/** 基金支付类型 names (docs/protocol.md §3). */
export const FUND_PAY_TYPE_NAMES: Readonly<Record<string, string>> = {
  '310100': '职工基本医疗保险统筹基金',
  '310200': '职工基本医疗保险个人账户基金',
  '330100': '大额医疗费用补助基金',
  '390100': '城乡居民基本医疗保险基金',
  '390200': '城乡居民大病医疗保险基金',
  '610100': '医疗救助基金',
};

const f = (d: Decimal): Fen => toFen(d);

/** Everything besides the benefit result that the record shows. */
export interface RecordContext {
  readonly line: BenefitLine;
  readonly insutype: string;
  readonly med_type: string;
  /** The institution's admdvs (清算经办机构, docs/sandbox-policy.md §4.9). */
  readonly clr_optins: string;
  /** Balance before this settlement (for the account row). */
  readonly balcBefore: Decimal;
}

/** Builds the record of §4: setlinfo amounts, ratio with 4 decimals, and one detail row per non-zero fund. */
export function buildSettlementRecord(totals: SettleTotals, b: BenefitResult, ctx: RecordContext): SettlementRecord {
  const amounts: Record<SetlAmountField, Fen> = {
    medfee_sumamt: f(totals.medfee_sumamt),
    fulamt_ownpay_amt: f(totals.fulamt_ownpay_amt),
    overlmt_selfpay: f(totals.overlmt_selfpay),
    preselfpay_amt: f(totals.preselfpay_amt),
    inscp_scp_amt: f(totals.inscp_scp_amt),
    act_pay_dedc: f(b.act_pay_dedc),
    hifp_pay: f(b.hifp_pay),
    cvlserv_pay: 0,
    hifes_pay: 0,
    hifmi_pay: f(b.hifmi_pay),
    hifob_pay: f(b.hifob_pay),
    maf_pay: f(b.maf_pay),
    oth_pay: 0,
    fund_pay_sumamt: f(b.fund_pay_sumamt),
    psn_part_amt: f(b.psn_part_amt),
    acct_pay: f(b.acct_pay),
    psn_cash_pay: f(b.psn_cash_pay),
    hosp_part_amt: 0,
    acct_mulaid_pay: 0,
  };
  const ratio = formatFixed(b.ratio, 4);
  const details: SetlDetailRow[] = [];
  if (!b.hifp_pay.isZero()) {
    const type = ctx.insutype === '310' ? '310100' : '390100';
    const base = totals.inscp_scp_amt.minus(b.act_pay_dedc);
    details.push({
      fund_pay_type: type,
      fund_pay_type_name: FUND_PAY_TYPE_NAMES[type] ?? type,
      inscp_scp_amt: f(totals.inscp_scp_amt),
      crt_payb_lmt_amt: f(b.basic_cap_left ?? base),
      fund_payamt: f(b.hifp_pay),
      setl_proc_info: `支付比例 ${ratio}；起付标准 ${formatMoney(b.deductible)}，本次起付线 ${formatMoney(b.act_pay_dedc)}；${
        b.basic_cap_left === null ? '不设年度限额' : `年度限额剩余 ${formatMoney(b.basic_cap_left)}`
      }`,
    });
  }
  if (!b.critical_pay.isZero()) {
    const type = ctx.insutype === '310' ? '330100' : '390200';
    details.push({
      fund_pay_type: type,
      fund_pay_type_name: FUND_PAY_TYPE_NAMES[type] ?? type,
      inscp_scp_amt: f(b.critical_eligible),
      crt_payb_lmt_amt: f(b.critical_cap_left),
      fund_payamt: f(b.critical_pay),
      setl_proc_info: `超过大病起付标准部分 ${formatMoney(b.critical_eligible)}；大病年度限额剩余 ${formatMoney(b.critical_cap_left)}`,
    });
  }
  if (!b.maf_pay.isZero()) {
    const base = b.own.minus(b.critical_pay);
    details.push({
      fund_pay_type: '610100',
      fund_pay_type_name: FUND_PAY_TYPE_NAMES['610100'] ?? '610100',
      inscp_scp_amt: f(base),
      crt_payb_lmt_amt: f(base),
      fund_payamt: f(b.maf_pay),
      setl_proc_info: `医疗救助：政策范围内个人负担（扣除大病保险后）${formatMoney(base)}`,
    });
  }
  if (!b.acct_pay.isZero()) {
    details.push({
      fund_pay_type: '310200',
      fund_pay_type_name: FUND_PAY_TYPE_NAMES['310200'] ?? '310200',
      inscp_scp_amt: f(b.psn_part_amt),
      crt_payb_lmt_amt: f(ctx.balcBefore),
      fund_payamt: f(b.acct_pay),
      setl_proc_info: `个人账户支付，不计入基金支付总额；支付前余额 ${formatMoney(ctx.balcBefore)}`,
    });
  }
  return {
    line: ctx.line,
    insutype: ctx.insutype,
    med_type: ctx.med_type,
    amounts,
    pool_prop_selfpay: ratio,
    balc: f(b.balc),
    clr_type: clrTypeOf(ctx.line),
    clr_way: '01',
    clr_optins: ctx.clr_optins,
    details,
  };
}

/** The effects of a benefit result, in fen. */
export function effectsOf(b: BenefitResult, line: BenefitLine, insutype: string): SettlementEffects {
  return {
    line,
    insutype,
    dedc: f(b.effects.dedc),
    fund: f(b.effects.fund),
    critical_base: f(b.effects.critical_base),
    critical_paid: f(b.effects.critical_paid),
    acct: f(b.effects.acct),
  };
}

const neg = (fen: Fen): Fen => (fen === 0 ? 0 : -fen);

/**
 * The cancel answer (§4): the same record with every amount negated; the ratio stays, and
 * `balc` is the balance after the cancel restored it.
 */
export function negateRecord(rec: SettlementRecord, balcAfter: Fen): SettlementRecord {
  const amounts = Object.fromEntries(SETL_AMOUNT_FIELDS.map((k) => [k, neg(rec.amounts[k])])) as Record<
    SetlAmountField,
    Fen
  >;
  return {
    ...rec,
    amounts,
    balc: balcAfter,
    details: rec.details.map((d) => ({
      ...d,
      inscp_scp_amt: neg(d.inscp_scp_amt),
      crt_payb_lmt_amt: neg(d.crt_payb_lmt_amt),
      fund_payamt: neg(d.fund_payamt),
    })),
  };
}

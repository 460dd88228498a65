/**
 * The insured place's benefit arithmetic, exactly as docs/sandbox-policy.md §4 states it (D-11 … D-14,
 * D-17): ratio with retired bonus and reduction, deductible, annual cap, critical illness,
 * assistance, personal account. Pure, decimal.js throughout; amounts in yuan as Decimal.
 */
import type { Decimal } from 'decimal.js';
import { Money, max, min, round2 } from '../../shared/money';
import { assertNever } from '../../shared/result';
import type { Policy } from '../scenario/schema';
import type { BenefitLine } from './benefit-line';

/** The sums over the lines being settled (§4): the four split parts and their total. */
export interface SettleTotals {
  readonly medfee_sumamt: Decimal;
  readonly fulamt_ownpay_amt: Decimal;
  readonly overlmt_selfpay: Decimal;
  readonly preselfpay_amt: Decimal;
  readonly inscp_scp_amt: Decimal;
}

/** Cumulative figures `C` of one benefit line: deductible used and basic fund paid this year. */
export interface LineCumulative {
  readonly dedc: Decimal;
  readonly fund: Decimal;
}

/** Cumulative critical-illness figures: own share counted so far, and critical fund paid. */
export interface CriticalCumulative {
  readonly base: Decimal;
  readonly paid: Decimal;
}

/** Everything §4 needs for one settlement. */
export interface BenefitInput {
  readonly line: BenefitLine;
  readonly policy: Policy;
  /** The institution level `L`. */
  readonly level: '1' | '2' | '3';
  readonly retired: boolean;
  /** Ratio points taken off for the registration kind or return home (§4.1). */
  readonly reduction: Decimal;
  readonly insutype: string;
  readonly totals: SettleTotals;
  readonly cumulative: LineCumulative;
  readonly critical: CriticalCumulative;
  /** True when the person holds an assistance identity valid on d (§4.5). */
  readonly assistance: boolean;
  /** `acct_used_flag` = "1". */
  readonly acctUsed: boolean;
  /** Personal account balance before this settlement. */
  readonly balc: Decimal;
}

/** How the cumulative figures and the balance change when the settlement takes effect. */
export interface BenefitEffects {
  readonly dedc: Decimal;
  readonly fund: Decimal;
  readonly critical_base: Decimal;
  readonly critical_paid: Decimal;
  /** Paid from the personal account (subtracted from the balance). */
  readonly acct: Decimal;
}

/** The result of §4, field names as in 2207 `setlinfo`. */
export interface BenefitResult {
  /** The ratio `r` after bonus, reduction and clamping (pool_prop_selfpay). */
  readonly ratio: Decimal;
  /** The deductible standard applying (for setl_proc_info). */
  readonly deductible: Decimal;
  readonly act_pay_dedc: Decimal;
  readonly hifp_pay: Decimal;
  /** Basic fund still payable this year before this settlement, null when no cap applies. */
  readonly basic_cap_left: Decimal | null;
  /** The patient's in-scope own share `inscp − hifp_pay` (§4.4). */
  readonly own: Decimal;
  /** Own share above the critical-illness threshold (§4.4). */
  readonly critical_eligible: Decimal;
  readonly critical_cap_left: Decimal;
  /** Critical-illness payment: hifob_pay for 310, hifmi_pay for 390. */
  readonly critical_pay: Decimal;
  readonly hifob_pay: Decimal;
  readonly hifmi_pay: Decimal;
  readonly maf_pay: Decimal;
  readonly fund_pay_sumamt: Decimal;
  readonly psn_part_amt: Decimal;
  readonly acct_pay: Decimal;
  readonly psn_cash_pay: Decimal;
  /** Balance after this settlement. */
  readonly balc: Decimal;
  readonly effects: BenefitEffects;
}

const ZERO = new Money(0);

/** Clamps to [0, 1]. */
function clamp01(d: Decimal): Decimal {
  return max(ZERO, min(new Money(1), d));
}

/** Ratio, deductible and annual cap of a line (§4.1); pharmacy has no deductible and no cap. */
export function lineParameters(input: Pick<BenefitInput, 'line' | 'policy' | 'level' | 'retired' | 'reduction'>): {
  ratio: Decimal;
  deductible: Decimal;
  annualCap: Decimal | null;
} {
  const { policy: p, level, retired, reduction } = input;
  switch (input.line) {
    case 'pharmacy':
      return { ratio: clamp01(new Money(p.pharmacy.ratio)), deductible: ZERO, annualCap: null };
    case 'chronic': {
      const c = p.chronic;
      const r = new Money(c.ratio).plus(retired ? c.retired_bonus : 0).minus(reduction);
      return { ratio: clamp01(r), deductible: new Money(c.deductible), annualCap: new Money(c.annual_cap) };
    }
    case 'inpatient':
    case 'outpatient': {
      const l = p[input.line];
      const r = new Money(l.ratio[level]).plus(retired ? l.retired_bonus : 0).minus(reduction);
      return { ratio: clamp01(r), deductible: new Money(l.deductible[level]), annualCap: new Money(l.annual_cap) };
    }
    default:
      return assertNever(input.line, 'benefit line');
  }
}

/** Computes one settlement by §4 steps 1–7. */
export function computeBenefit(input: BenefitInput): BenefitResult {
  const { totals: t, cumulative: C, critical: CC, policy } = input;
  const inscp = t.inscp_scp_amt;
  const { ratio: r, deductible, annualCap } = lineParameters(input);

  // §4.2 deductible still to be paid this year.
  const act_pay_dedc = min(inscp, max(ZERO, deductible.minus(C.dedc)));
  // §4.3 basic fund, capped by what the annual cap leaves.
  const basic = round2(inscp.minus(act_pay_dedc).times(r));
  const basic_cap_left = annualCap === null ? null : max(ZERO, annualCap.minus(C.fund));
  const hifp_pay = basic_cap_left === null ? basic : min(basic, basic_cap_left);

  // §4.4 critical illness: inpatient and chronic only, on the own share above the threshold.
  const own = inscp.minus(hifp_pay);
  let critical_eligible = ZERO;
  let critical_pay = ZERO;
  const critical_cap_left = max(ZERO, new Money(policy.critical.annual_cap).minus(CC.paid));
  if (input.line === 'inpatient' || input.line === 'chronic') {
    const before = CC.base;
    const after = before.plus(own);
    critical_eligible = max(ZERO, after.minus(max(new Money(policy.critical.threshold), before)));
    critical_pay = min(round2(critical_eligible.times(policy.critical.ratio)), critical_cap_left);
  }
  const hifob_pay = input.insutype === '310' ? critical_pay : ZERO;
  const hifmi_pay = input.insutype === '390' ? critical_pay : ZERO;

  // §4.5 medical assistance (all lines but pharmacy), on what is left after critical illness.
  const maf_pay =
    input.line !== 'pharmacy' && input.assistance
      ? round2(own.minus(critical_pay).times(policy.assistance.ratio))
      : ZERO;

  // §4.6 funds and personal part.
  const fund_pay_sumamt = hifp_pay.plus(hifob_pay).plus(hifmi_pay).plus(maf_pay);
  const psn_part_amt = t.medfee_sumamt.minus(fund_pay_sumamt);

  // §4.7 personal account (职工 310 only), never more than the balance.
  const acct_pay = input.acctUsed && input.insutype === '310' ? max(ZERO, min(input.balc, psn_part_amt)) : ZERO;
  const psn_cash_pay = psn_part_amt.minus(acct_pay);

  const tracksCumulative = input.line !== 'pharmacy';
  const tracksCritical = input.line === 'inpatient' || input.line === 'chronic';
  return {
    ratio: r,
    deductible,
    act_pay_dedc,
    hifp_pay,
    basic_cap_left,
    own,
    critical_eligible,
    critical_cap_left,
    critical_pay,
    hifob_pay,
    hifmi_pay,
    maf_pay,
    fund_pay_sumamt,
    psn_part_amt,
    acct_pay,
    psn_cash_pay,
    balc: input.balc.minus(acct_pay),
    effects: {
      dedc: tracksCumulative ? act_pay_dedc : ZERO,
      fund: tracksCumulative ? hifp_pay : ZERO,
      critical_base: tracksCritical ? own : ZERO,
      critical_paid: tracksCritical ? critical_pay : ZERO,
      acct: acct_pay,
    },
  };
}

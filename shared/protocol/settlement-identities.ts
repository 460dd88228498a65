/**
 * The amount identities of a settlement reply (docs/his-api.md "A settled reply whose figures do not
 * add up", docs/protocol.md §1.2a). Pure: it only reports; it never recomputes or corrects a figure,
 * because the platform's reported figures are what moved (the cashier collects `psn_cash_pay`
 * as reported). An identity is checked only when every one of its terms is present; a missing
 * term (`null`, from `""`/`null`/absent on the wire) is never read as 0.
 */
import type { Fen } from '../money';
import type { Setlinfo } from './transactions/2207';

/** The identities checked. */
export type SettlementIdentity =
  /** `medfee_sumamt = fund_pay_sumamt + psn_part_amt (+ hosp_part_amt when present)`. */
  | 'medfee_sumamt'
  /** `psn_part_amt = acct_pay + psn_cash_pay`. */
  | 'psn_part_amt'
  /** `medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt`. */
  | 'split_parts';

/** Chinese descriptions of the identities, for the reconciliation list and slips. */
export const SETTLEMENT_IDENTITY_NAMES: Readonly<Record<SettlementIdentity, string>> = {
  medfee_sumamt: '医疗费总额 ≠ 基金支付总额 + 个人负担总额（+ 医院负担）',
  psn_part_amt: '个人负担总额 ≠ 个人账户支出 + 个人现金支出',
  split_parts: '医疗费总额 ≠ 全自费 + 超限价自费 + 先行自付 + 符合政策范围',
};

/** A broken identity: the left side, the sum of the right side (both fen), and the terms used. */
export interface BrokenIdentity {
  readonly identity: SettlementIdentity;
  /** The reported left-hand figure, fen. */
  readonly reported: Fen;
  /** The sum of the reported right-hand terms, fen. */
  readonly sumOfTerms: Fen;
  /** The right-hand field names that were added. */
  readonly terms: readonly string[];
}

/** The setlinfo fields the identities read (fen or null). */
export type IdentityFields = Pick<
  Setlinfo,
  | 'medfee_sumamt'
  | 'fund_pay_sumamt'
  | 'psn_part_amt'
  | 'hosp_part_amt'
  | 'acct_pay'
  | 'psn_cash_pay'
  | 'fulamt_ownpay_amt'
  | 'overlmt_selfpay'
  | 'preselfpay_amt'
  | 'inscp_scp_amt'
>;

/**
 * The identities of `s` that are broken, in a fixed order; `[]` when all checkable identities
 * hold. A non-empty answer flags the settlement `figures_inconsistent` (docs/his-api.md).
 */
export function brokenSettlementIdentities(s: IdentityFields): readonly BrokenIdentity[] {
  const broken: BrokenIdentity[] = [];
  const check = (
    identity: SettlementIdentity,
    left: Fen | null,
    terms: readonly (keyof IdentityFields)[],
    optional: readonly (keyof IdentityFields)[] = [],
  ): void => {
    if (left === null) return;
    const values = terms.map((t) => s[t]);
    if (values.some((v) => v === null)) return;
    const used: string[] = [...terms];
    let total = values.reduce<number>((a, v) => a + (v ?? 0), 0);
    for (const t of optional) {
      const v = s[t];
      if (v !== null) {
        total += v;
        used.push(t);
      }
    }
    if (total !== left) broken.push({ identity, reported: left, sumOfTerms: total === 0 ? 0 : total, terms: used });
  };
  check('medfee_sumamt', s.medfee_sumamt, ['fund_pay_sumamt', 'psn_part_amt'], ['hosp_part_amt']);
  check('psn_part_amt', s.psn_part_amt, ['acct_pay', 'psn_cash_pay']);
  check('split_parts', s.medfee_sumamt, ['fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt']);
  return broken;
}

// The amount identities of a settlement reply (docs/his-api.md "figures do not add up"): checked only
// where every term is present; reported, never recomputed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brokenSettlementIdentities } from '../../shared/protocol/settlement-identities';
import type { IdentityFields } from '../../shared/protocol/settlement-identities';

const GOOD: IdentityFields = {
  medfee_sumamt: 100000,
  fund_pay_sumamt: 68000,
  psn_part_amt: 32000,
  hosp_part_amt: null,
  acct_pay: 12000,
  psn_cash_pay: 20000,
  fulamt_ownpay_amt: 10000,
  overlmt_selfpay: 2000,
  preselfpay_amt: 3000,
  inscp_scp_amt: 85000,
};

describe('settlement identities', () => {
  it('a consistent settlement breaks nothing', () => {
    expect(brokenSettlementIdentities(GOOD)).toEqual([]);
  });

  it('hosp_part_amt closes the gap when present', () => {
    const s = { ...GOOD, psn_part_amt: 30000, psn_cash_pay: 18000, hosp_part_amt: 2000 };
    expect(brokenSettlementIdentities(s)).toEqual([]);
    expect(brokenSettlementIdentities({ ...s, hosp_part_amt: null }).map((b) => b.identity)).toEqual(['medfee_sumamt']);
  });

  it('reports each broken identity with the reported figure and the sum of its terms', () => {
    const s = { ...GOOD, psn_cash_pay: 20001, inscp_scp_amt: 84000 };
    expect(brokenSettlementIdentities(s)).toEqual([
      { identity: 'psn_part_amt', reported: 32000, sumOfTerms: 32001, terms: ['acct_pay', 'psn_cash_pay'] },
      {
        identity: 'split_parts',
        reported: 100000,
        sumOfTerms: 99000,
        terms: ['fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt'],
      },
    ]);
  });

  it('skips an identity with a missing term (never reads it as 0)', () => {
    expect(brokenSettlementIdentities({ ...GOOD, acct_pay: null, overlmt_selfpay: null })).toEqual([]);
    expect(brokenSettlementIdentities({ ...GOOD, medfee_sumamt: null })).toEqual([]);
  });

  it('holds for negated (cancel) figures', () => {
    const neg = Object.fromEntries(Object.entries(GOOD).map(([k, v]) => [k, v === null ? null : -v])) as IdentityFields;
    expect(brokenSettlementIdentities(neg)).toEqual([]);
  });

  it('property (V2): account + cash is accepted iff it equals psn_part_amt', () => {
    const fen = fc.integer({ min: 0, max: 10 ** 11 });
    fc.assert(
      fc.property(fen, fen, fen, fc.boolean(), (fund, acct, cash, tamper) => {
        const psnPart = acct + cash + (tamper ? 1 : 0);
        const s: IdentityFields = {
          ...GOOD,
          medfee_sumamt: fund + psnPart,
          fund_pay_sumamt: fund,
          psn_part_amt: psnPart,
          acct_pay: acct,
          psn_cash_pay: cash,
          fulamt_ownpay_amt: 0,
          overlmt_selfpay: 0,
          preselfpay_amt: 0,
          inscp_scp_amt: fund + psnPart,
        };
        expect(brokenSettlementIdentities(s).map((b) => b.identity)).toEqual(tamper ? ['psn_part_amt'] : []);
      }),
      { numRuns: 10_000 },
    );
  });
});

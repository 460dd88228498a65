/** Small hand-made scenario pieces for the unit tests of the sandbox model. */
import type { Person, Policy } from '../../../sandbox/scenario/schema';

/** A policy with round numbers, so expected amounts can be computed by hand. */
export const POLICY: Policy = {
  insuplc_admdvs: '430100',
  insutype: '310',
  inpatient: {
    deductible: { '1': '200.00', '2': '500.00', '3': '800.00' },
    ratio: { '1': '0.90', '2': '0.85', '3': '0.80' },
    retired_bonus: '0.05',
    annual_cap: '300000.00',
  },
  outpatient: {
    deductible: { '1': '0.00', '2': '100.00', '3': '200.00' },
    ratio: { '1': '0.60', '2': '0.55', '3': '0.50' },
    retired_bonus: '0.10',
    annual_cap: '3000.00',
  },
  chronic: {
    deductible: '100.00',
    ratio: '0.70',
    retired_bonus: '0.00',
    annual_cap: '8000.00',
    diseases: ['M03900', 'M01600'],
  },
  pharmacy: { ratio: '0.50' },
  critical: { threshold: '30000.00', ratio: '0.60', annual_cap: '400000.00' },
  assistance: { identity_types: ['1201'], ratio: '0.70' },
  cross_region: {
    long_term: '0.00',
    referral: '0.10',
    emergency: '0.10',
    other_temporary: '0.20',
    return_home: '0.10',
  },
};

/** The same policy for another insured place / insutype. */
export function policyFor(insuplc: string, insutype: '310' | '390'): Policy {
  return { ...POLICY, insuplc_admdvs: insuplc, insutype };
}

/** A person insured at `insuplc` (310), without registrations unless given. */
export function person(over: Partial<Person> = {}): Person {
  return {
    psn_no: 'P1',
    psn_cert_type: '01',
    certno: '11010519491231002X',
    psn_name: '测试',
    gend: '1',
    naty: '01',
    brdy: '1949-12-31',
    ec_token: 'tok',
    ssc: null,
    insurances: [
      {
        insutype: '310',
        psn_type: '1101',
        retired: false,
        insuplc_admdvs: '430100',
        psn_insu_stas: '1',
        balc: '100.00',
        emp_name: '',
      },
    ],
    identities: [],
    registrations: [],
    suspended: false,
    cumulative: {
      inpatient: { dedc: '0.00', fund: '0.00' },
      outpatient: { dedc: '0.00', fund: '0.00' },
      chronic: { dedc: '0.00', fund: '0.00' },
      critical: { base: '0.00', paid: '0.00' },
    },
    ...over,
  };
}

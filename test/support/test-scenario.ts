/**
 * Scenario files for tests: the demo scenario with a fixed business date (so registrations do not
 * age with the calendar) plus extra persons a test needs (a return-home patient …).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './sandbox-process';
import { residentIdCheckChar } from '../../shared/identity/gb11643';

/** The business date tests run on. */
export const TEST_BUSINESS_DATE = '2026-11-20';

/** A valid 18-character ID number for a 17-digit body. */
export function idWithCheck(body17: string): string {
  return `${body17}${residentIdCheckChar(body17)}`;
}

/** A patient insured in Kaifeng (410200, local to the demo hospital) who lives long-term in Changsha: a return home (D-12). */
export const RETURN_HOME_PERSON = {
  psn_no: 'TEST0001HOME01',
  psn_cert_type: '01',
  certno: idWithCheck('41020219700101123'),
  psn_name: '回乡测试',
  gend: '1',
  naty: '01',
  brdy: '1970-01-01',
  ec_token: 'ectest-home-0001',
  ssc: null,
  insurances: [
    {
      insutype: '310',
      psn_type: '1101',
      retired: false,
      insuplc_admdvs: '410200',
      psn_insu_stas: '1',
      balc: '500.00',
      emp_name: '测试单位',
    },
  ],
  identities: [],
  registrations: [
    { kind: 'long_term', insutype: '310', mdtrtarea_admdvs: '430100', begndate: '2025-01-01', enddate: null },
  ],
  suspended: false,
  cumulative: {
    inpatient: { dedc: '0.00', fund: '0.00' },
    outpatient: { dedc: '0.00', fund: '0.00' },
    chronic: { dedc: '0.00', fund: '0.00' },
    critical: { base: '0.00', paid: '0.00' },
  },
} as const;

/** Writes the test scenario to a temp file and returns its path. */
export function writeTestScenario(extraPersons: readonly object[] = [RETURN_HOME_PERSON]): string {
  const demo = JSON.parse(readFileSync(path.join(REPO_ROOT, 'sandbox', 'scenarios', 'demo.json'), 'utf8')) as {
    persons: object[];
  };
  const scenario = { ...demo, business_date: TEST_BUSINESS_DATE, persons: [...demo.persons, ...extraPersons] };
  const dir = mkdtempSync(path.join(tmpdir(), 'scenario-'));
  const file = path.join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}
